-- 1.5.1: update_bt_010
UPDATE bt_010 SET c_0039 = 'november alpha 754' WHERE id % 3 = 0;
