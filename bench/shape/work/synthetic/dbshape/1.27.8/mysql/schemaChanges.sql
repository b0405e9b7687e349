-- 1.27.8: update_bt_135
UPDATE bt_135 SET c_0641 = '2024-11-24 10:23:00' WHERE id % 2 = 0;
