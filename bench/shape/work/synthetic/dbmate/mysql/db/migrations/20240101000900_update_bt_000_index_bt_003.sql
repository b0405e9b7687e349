-- migrate:up
-- 1.0.9: update_bt_000, index_bt_003
UPDATE bt_000 SET c_0002 = TRUE WHERE id % 4 = 0;
CREATE INDEX bix_003 ON bt_003 (c_0011);

-- migrate:down
DROP INDEX bix_003 ON bt_003;
