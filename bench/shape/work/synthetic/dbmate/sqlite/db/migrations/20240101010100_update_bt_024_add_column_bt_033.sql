-- migrate:up
-- 1.6.1: update_bt_024, add_column_bt_033
UPDATE bt_024 SET c_0117 = '2024-03-15 15:22:00' WHERE id % 2 = 0;
ALTER TABLE bt_033 ADD COLUMN c_0164 INTEGER NOT NULL DEFAULT 0;

-- migrate:down
ALTER TABLE bt_033 DROP COLUMN c_0164;
