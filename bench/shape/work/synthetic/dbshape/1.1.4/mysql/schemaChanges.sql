-- 1.1.4: rename_column_bt_011
ALTER TABLE bt_011 RENAME COLUMN c_0042 TO c_0051;
