-- migrate:up
-- 1.10.5: add_column_bt_007, update_bt_030
ALTER TABLE bt_007 ADD COLUMN c_0296 INTEGER NOT NULL DEFAULT 0;
UPDATE bt_030 SET c_0143 = '2024-12-10 18:57:00' WHERE id % 3 = 0;

-- migrate:down
ALTER TABLE bt_007 DROP COLUMN c_0296;
