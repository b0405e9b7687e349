-- migrate:up
-- 1.3.9: add_column_bt_019, index_bt_002
ALTER TABLE bt_019 ADD COLUMN c_0120 NUMERIC NOT NULL DEFAULT 0;
CREATE INDEX bix_019 ON bt_002 (c_0045);

-- migrate:down
DROP INDEX bix_019;
ALTER TABLE bt_019 DROP COLUMN c_0120;
