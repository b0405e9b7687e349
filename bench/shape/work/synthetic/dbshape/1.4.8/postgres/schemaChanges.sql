-- 1.4.8: update_bt_011
UPDATE bt_011 SET c_0121 = TRUE WHERE id % 3 = 0;
