-- migrate:up
-- 1.26.0: add_column_bt_046, update_bt_028
ALTER TABLE bt_046 ADD COLUMN c_0659 INTEGER NOT NULL DEFAULT 0;
UPDATE bt_028 SET c_0135 = '2024-04-16 00:59:00' WHERE id % 2 = 0;

-- migrate:down
ALTER TABLE bt_046 DROP COLUMN c_0659;
