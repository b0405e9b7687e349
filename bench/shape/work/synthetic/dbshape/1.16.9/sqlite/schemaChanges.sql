-- 1.16.9: index_bt_099
CREATE INDEX bix_075 ON bt_099 (c_0446);
