-- migrate:up
-- 1.27.3: index_bt_037, add_column_bt_144, index_bt_121, index_bt_020
CREATE INDEX bix_126 ON bt_037 (c_0181);
ALTER TABLE bt_144 ADD COLUMN c_0684 INT NOT NULL DEFAULT 0;
CREATE INDEX bix_127 ON bt_121 (c_0571);
CREATE INDEX bix_128 ON bt_020 (c_0298);

-- migrate:down
DROP INDEX bix_128 ON bt_020;
DROP INDEX bix_127 ON bt_121;
ALTER TABLE bt_144 DROP COLUMN c_0684;
DROP INDEX bix_126 ON bt_037;
