-- 1.21.4: index_bt_113, index_bt_079
CREATE INDEX bix_097 ON bt_113 (c_0520);
CREATE INDEX bix_098 ON bt_079 (c_0363);
