-- 1.0.9: update_bt_000, index_bt_003
UPDATE bt_000 SET c_0002 = 0 WHERE id % 4 = 0;
CREATE INDEX bix_003 ON bt_003 (c_0011);
