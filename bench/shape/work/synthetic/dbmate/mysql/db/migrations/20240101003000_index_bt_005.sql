-- migrate:up
-- 1.3.0: index_bt_005
CREATE INDEX bix_013 ON bt_005 (c_0021);

-- migrate:down
DROP INDEX bix_013 ON bt_005;
