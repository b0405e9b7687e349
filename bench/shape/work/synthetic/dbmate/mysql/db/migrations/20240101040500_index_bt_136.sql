-- migrate:up
-- 1.24.5: index_bt_136
CREATE INDEX bix_111 ON bt_136 (c_0625);

-- migrate:down
DROP INDEX bix_111 ON bt_136;
