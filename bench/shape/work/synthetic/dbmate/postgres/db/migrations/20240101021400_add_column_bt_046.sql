-- migrate:up
-- 1.13.4: add_column_bt_046
ALTER TABLE bt_046 ADD COLUMN c_0367 INTEGER NOT NULL DEFAULT 0;

-- migrate:down
ALTER TABLE bt_046 DROP COLUMN c_0367;
