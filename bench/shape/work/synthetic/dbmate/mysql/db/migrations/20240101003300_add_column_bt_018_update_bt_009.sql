-- migrate:up
-- 1.3.3: add_column_bt_018, update_bt_009
ALTER TABLE bt_018 ADD COLUMN c_0108 BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE bt_009 SET c_0036 = 67395.03 WHERE id % 3 = 0;

-- migrate:down
ALTER TABLE bt_018 DROP COLUMN c_0108;
