-- migrate:up
-- 1.5.6: add_column_bt_003
ALTER TABLE bt_003 ADD COLUMN c_0158 INTEGER NOT NULL DEFAULT 0;

-- migrate:down
ALTER TABLE bt_003 DROP COLUMN c_0158;
