-- migrate:up
-- 1.29.5: index_bt_016, index_bt_112
CREATE INDEX bix_135 ON bt_016 (c_0157);
CREATE INDEX bix_136 ON bt_112 (c_0515);

-- migrate:down
DROP INDEX bix_136;
DROP INDEX bix_135;
