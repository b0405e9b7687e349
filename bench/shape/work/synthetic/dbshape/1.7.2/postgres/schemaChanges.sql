-- 1.7.2: index_bt_041
CREATE INDEX bix_034 ON bt_041 (c_0196);
