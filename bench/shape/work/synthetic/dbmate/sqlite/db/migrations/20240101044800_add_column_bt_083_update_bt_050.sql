-- migrate:up
-- 1.28.8: add_column_bt_083, update_bt_050
ALTER TABLE bt_083 ADD COLUMN c_0735 NUMERIC NOT NULL DEFAULT 0;
UPDATE bt_050 SET c_0250 = 0 WHERE id % 4 = 0;

-- migrate:down
ALTER TABLE bt_083 DROP COLUMN c_0735;
