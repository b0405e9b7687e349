-- 1.18.3: update_bt_067, rename_column_bt_009
UPDATE bt_067 SET c_0307 = '2024-08-26 20:31:00' WHERE id % 4 = 0;
ALTER TABLE bt_009 RENAME COLUMN c_0074 TO c_0477;
