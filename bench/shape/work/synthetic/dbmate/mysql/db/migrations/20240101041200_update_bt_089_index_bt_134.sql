-- migrate:up
-- 1.25.2: update_bt_089, index_bt_134
UPDATE bt_089 SET c_0588 = 'papa lima 603' WHERE id % 4 = 0;
CREATE INDEX bix_116 ON bt_134 (c_0616);

-- migrate:down
DROP INDEX bix_116 ON bt_134;
