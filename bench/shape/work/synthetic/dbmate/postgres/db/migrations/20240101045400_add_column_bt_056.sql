-- migrate:up
-- 1.29.4: add_column_bt_056
ALTER TABLE bt_056 ADD COLUMN c_0751 NUMERIC(12,2) NOT NULL DEFAULT 0;

-- migrate:down
ALTER TABLE bt_056 DROP COLUMN c_0751;
