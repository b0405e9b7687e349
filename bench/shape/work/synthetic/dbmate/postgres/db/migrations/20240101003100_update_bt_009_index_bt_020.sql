-- migrate:up
-- 1.3.1: update_bt_009, index_bt_020
UPDATE bt_009 SET c_0036 = 16167.92 WHERE id % 2 = 0;
CREATE INDEX bix_014 ON bt_020 (c_0094);

-- migrate:down
DROP INDEX bix_014;
