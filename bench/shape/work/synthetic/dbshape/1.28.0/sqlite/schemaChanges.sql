-- 1.28.0: update_bt_026
UPDATE bt_026 SET c_0125 = '2024-08-07 20:31:00' WHERE id % 4 = 0;
