-- migrate:up
-- 1.11.0: add_column_bt_064
ALTER TABLE bt_064 ADD COLUMN c_0303 DECIMAL(12,2) NOT NULL DEFAULT 0;

-- migrate:down
ALTER TABLE bt_064 DROP COLUMN c_0303;
