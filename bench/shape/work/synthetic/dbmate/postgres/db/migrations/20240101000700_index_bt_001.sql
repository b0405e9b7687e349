-- migrate:up
-- 1.0.7: index_bt_001
CREATE INDEX bix_002 ON bt_001 (c_0006);

-- migrate:down
DROP INDEX bix_002;
