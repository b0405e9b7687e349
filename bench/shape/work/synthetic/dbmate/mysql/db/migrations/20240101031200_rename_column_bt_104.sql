-- migrate:up
-- 1.19.2: rename_column_bt_104
ALTER TABLE bt_104 RENAME COLUMN c_0479 TO c_0507;

-- migrate:down
ALTER TABLE bt_104 RENAME COLUMN c_0507 TO c_0479;
