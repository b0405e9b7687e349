-- 1.21.6: index_bt_009, index_bt_012
CREATE INDEX bix_100 ON bt_009 (c_0219);
CREATE INDEX bix_101 ON bt_012 (c_0049);
