-- 1.10.3: update_bt_012
UPDATE bt_012 SET c_0169 = FALSE WHERE id % 2 = 0;
