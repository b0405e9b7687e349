-- 1.24.5: index_bt_136
CREATE INDEX bix_111 ON bt_136 (c_0625);
