-- 1.24.3: index_bt_069, index_bt_018
CREATE INDEX bix_109 ON bt_069 (c_0318);
CREATE INDEX bix_110 ON bt_018 (c_0108);
