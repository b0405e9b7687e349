-- migrate:up
-- 1.27.0: add_column_bt_041
ALTER TABLE bt_041 ADD COLUMN c_0681 TEXT NOT NULL DEFAULT '';

-- migrate:down
ALTER TABLE bt_041 DROP COLUMN c_0681;
