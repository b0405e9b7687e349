-- migrate:up
-- 1.14.7: index_bt_072
CREATE INDEX bix_064 ON bt_072 (c_0332);

-- migrate:down
DROP INDEX bix_064 ON bt_072;
