-- migrate:up
-- 1.20.2: index_bt_042
CREATE INDEX bix_090 ON bt_042 (c_0201);

-- migrate:down
DROP INDEX bix_090 ON bt_042;
