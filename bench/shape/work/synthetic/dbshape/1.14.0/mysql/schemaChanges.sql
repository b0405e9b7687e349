-- 1.14.0: index_bt_079, index_bt_046, index_bt_073
CREATE INDEX bix_059 ON bt_079 (c_0365);
CREATE INDEX bix_060 ON bt_046 (c_0223);
CREATE INDEX bix_061 ON bt_073 (c_0337);
