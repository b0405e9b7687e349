-- migrate:up
-- 1.27.9: update_bt_020, add_column_bt_063
UPDATE bt_020 SET c_0093 = 'echo xray 791' WHERE id % 2 = 0;
ALTER TABLE bt_063 ADD COLUMN c_0701 DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- migrate:down
ALTER TABLE bt_063 DROP COLUMN c_0701;
