-- 1.11.5: index_bt_043
CREATE INDEX bix_052 ON bt_043 (c_0208);
