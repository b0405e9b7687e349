-- migrate:up
-- 1.28.7: index_bt_151
CREATE INDEX bix_132 ON bt_151 (c_0704);

-- migrate:down
DROP INDEX bix_132;
