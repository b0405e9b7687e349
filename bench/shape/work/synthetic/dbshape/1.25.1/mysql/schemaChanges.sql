-- 1.25.1: index_bt_097, index_bt_057
CREATE INDEX bix_114 ON bt_097 (c_0436);
CREATE INDEX bix_115 ON bt_057 (c_0264);
