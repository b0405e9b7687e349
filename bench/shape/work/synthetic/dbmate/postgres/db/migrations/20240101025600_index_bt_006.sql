-- migrate:up
-- 1.17.6: index_bt_006
CREATE INDEX bix_079 ON bt_006 (c_0022);

-- migrate:down
DROP INDEX bix_079;
