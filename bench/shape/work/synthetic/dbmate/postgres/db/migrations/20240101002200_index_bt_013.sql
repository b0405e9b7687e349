-- migrate:up
-- 1.2.2: index_bt_013
CREATE INDEX bix_010 ON bt_013 (c_0058);

-- migrate:down
DROP INDEX bix_010;
