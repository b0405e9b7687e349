-- 1.2.2: index_bt_013
CREATE INDEX bix_010 ON bt_013 (c_0058);
