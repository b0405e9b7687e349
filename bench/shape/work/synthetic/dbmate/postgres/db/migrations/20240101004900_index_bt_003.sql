-- migrate:up
-- 1.4.9: index_bt_003
CREATE INDEX bix_025 ON bt_003 (c_0013);

-- migrate:down
DROP INDEX bix_025;
