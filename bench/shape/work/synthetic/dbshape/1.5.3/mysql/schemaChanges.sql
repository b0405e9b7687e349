-- 1.5.3: rename_column_bt_011
ALTER TABLE bt_011 RENAME COLUMN c_0081 TO c_0150;
