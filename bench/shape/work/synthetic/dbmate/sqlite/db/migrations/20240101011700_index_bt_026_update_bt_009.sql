-- migrate:up
-- 1.7.7: index_bt_026, update_bt_009
CREATE INDEX bix_036 ON bt_026 (c_0126);
UPDATE bt_009 SET c_0163 = '2024-04-08 12:58:00' WHERE id % 4 = 0;

-- migrate:down
DROP INDEX bix_036;
