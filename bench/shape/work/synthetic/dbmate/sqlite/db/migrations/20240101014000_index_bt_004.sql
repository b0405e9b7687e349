-- migrate:up
-- 1.10.0: index_bt_004
CREATE INDEX bix_043 ON bt_004 (c_0016);

-- migrate:down
DROP INDEX bix_043;
