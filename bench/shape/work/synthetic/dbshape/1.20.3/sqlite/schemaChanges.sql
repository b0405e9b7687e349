-- 1.20.3: index_bt_009
CREATE INDEX bix_091 ON bt_009 (c_0036);
