-- migrate:up
-- 1.5.5: update_bt_026, add_column_bt_016
UPDATE bt_026 SET c_0125 = '2024-07-15 09:40:00' WHERE id % 2 = 0;
ALTER TABLE bt_016 ADD COLUMN c_0157 INTEGER NOT NULL DEFAULT 0;

-- migrate:down
ALTER TABLE bt_016 DROP COLUMN c_0157;
