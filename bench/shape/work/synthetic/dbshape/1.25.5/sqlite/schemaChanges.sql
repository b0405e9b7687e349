-- 1.25.5: update_bt_017
UPDATE bt_017 SET c_0080 = 1 WHERE id % 3 = 0;
