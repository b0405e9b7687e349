-- migrate:up
-- 1.18.2: add_column_bt_015
ALTER TABLE bt_015 ADD COLUMN c_0476 NUMERIC NOT NULL DEFAULT 0;

-- migrate:down
ALTER TABLE bt_015 DROP COLUMN c_0476;
