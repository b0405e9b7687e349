-- migrate:up
-- 1.8.9: add_column_bt_048, index_bt_032, update_bt_010
ALTER TABLE bt_048 ADD COLUMN c_0263 TEXT NOT NULL DEFAULT '2024-01-01 00:00:00';
CREATE INDEX bix_040 ON bt_032 (c_0154);
UPDATE bt_010 SET c_0075 = 1 WHERE id % 3 = 0;

-- migrate:down
DROP INDEX bix_040;
ALTER TABLE bt_048 DROP COLUMN c_0263;
