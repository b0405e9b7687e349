-- 1.15.0: index_bt_014
CREATE INDEX bix_066 ON bt_014 (c_0062);
