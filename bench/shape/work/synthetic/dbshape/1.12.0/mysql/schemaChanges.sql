-- 1.12.0: update_bt_020
UPDATE bt_020 SET c_0280 = '2024-10-04 21:22:00' WHERE id % 2 = 0;
