-- migrate:up
-- 1.20.1: rename_column_bt_033
ALTER TABLE bt_033 RENAME COLUMN c_0379 TO c_0529;

-- migrate:down
ALTER TABLE bt_033 RENAME COLUMN c_0529 TO c_0379;
