-- migrate:up
-- 1.22.0: update_bt_035, index_bt_063
UPDATE bt_035 SET c_0172 = '2024-08-24 19:00:00' WHERE id % 4 = 0;
CREATE INDEX bix_102 ON bt_063 (c_0288);

-- migrate:down
DROP INDEX bix_102;
