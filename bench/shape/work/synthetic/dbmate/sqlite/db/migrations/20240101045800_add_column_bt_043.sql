-- migrate:up
-- 1.29.8: add_column_bt_043
ALTER TABLE bt_043 ADD COLUMN c_0753 INTEGER NOT NULL DEFAULT 0;

-- migrate:down
ALTER TABLE bt_043 DROP COLUMN c_0753;
