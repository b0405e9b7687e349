-- migrate:up
-- 1.4.7: update_bt_009, index_bt_013
UPDATE bt_009 SET c_0116 = 18012 WHERE id % 3 = 0;
CREATE INDEX bix_024 ON bt_013 (c_0057);

-- migrate:down
DROP INDEX bix_024 ON bt_013;
