-- 1.10.3: update_bt_012
UPDATE bt_012 SET c_0169 = 1 WHERE id % 2 = 0;
