-- migrate:up
-- 1.15.1: add_column_bt_055, update_bt_034
ALTER TABLE bt_055 ADD COLUMN c_0408 INTEGER NOT NULL DEFAULT 0;
UPDATE bt_034 SET c_0168 = '2024-10-01 10:14:00' WHERE id % 3 = 0;

-- migrate:down
ALTER TABLE bt_055 DROP COLUMN c_0408;
