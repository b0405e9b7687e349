-- migrate:up
-- 1.17.1: update_bt_039, index_bt_012
UPDATE bt_039 SET c_0191 = 6355.07 WHERE id % 2 = 0;
CREATE INDEX bix_076 ON bt_012 (c_0068);

-- migrate:down
DROP INDEX bix_076;
