-- migrate:up
-- 1.5.8: index_bt_002, add_column_bt_019, index_bt_007
CREATE INDEX bix_027 ON bt_002 (c_0072);
ALTER TABLE bt_019 ADD COLUMN c_0159 VARCHAR(120) NOT NULL DEFAULT '';
CREATE INDEX bix_028 ON bt_007 (c_0046);

-- migrate:down
DROP INDEX bix_028;
ALTER TABLE bt_019 DROP COLUMN c_0159;
DROP INDEX bix_027;
