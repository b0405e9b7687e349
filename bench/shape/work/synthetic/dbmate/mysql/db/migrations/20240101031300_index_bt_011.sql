-- migrate:up
-- 1.19.3: index_bt_011
CREATE INDEX bix_087 ON bt_011 (c_0041);

-- migrate:down
DROP INDEX bix_087 ON bt_011;
