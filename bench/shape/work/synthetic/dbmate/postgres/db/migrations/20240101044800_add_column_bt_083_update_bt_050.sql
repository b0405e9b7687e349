-- migrate:up
-- 1.28.8: add_column_bt_083, update_bt_050
ALTER TABLE bt_083 ADD COLUMN c_0735 NUMERIC(12,2) NOT NULL DEFAULT 0;
UPDATE bt_050 SET c_0250 = TRUE WHERE id % 4 = 0;

-- migrate:down
ALTER TABLE bt_083 DROP COLUMN c_0735;
