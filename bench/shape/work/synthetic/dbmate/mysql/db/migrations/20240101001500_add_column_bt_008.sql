-- migrate:up
-- 1.1.5: add_column_bt_008
ALTER TABLE bt_008 ADD COLUMN c_0052 VARCHAR(120) NOT NULL DEFAULT '';

-- migrate:down
ALTER TABLE bt_008 DROP COLUMN c_0052;
