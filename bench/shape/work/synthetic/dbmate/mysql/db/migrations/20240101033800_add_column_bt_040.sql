-- migrate:up
-- 1.21.8: add_column_bt_040
ALTER TABLE bt_040 ADD COLUMN c_0563 INT NOT NULL DEFAULT 0;

-- migrate:down
ALTER TABLE bt_040 DROP COLUMN c_0563;
