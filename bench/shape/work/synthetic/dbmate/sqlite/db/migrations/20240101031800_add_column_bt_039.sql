-- migrate:up
-- 1.19.8: add_column_bt_039
ALTER TABLE bt_039 ADD COLUMN c_0518 INTEGER NOT NULL DEFAULT 0;

-- migrate:down
ALTER TABLE bt_039 DROP COLUMN c_0518;
