-- migrate:up
-- 1.23.7: index_bt_123, index_bt_092, index_bt_005
CREATE INDEX bix_106 ON bt_123 (c_0574);
CREATE INDEX bix_107 ON bt_092 (c_0419);
CREATE INDEX bix_108 ON bt_005 (c_0020);

-- migrate:down
DROP INDEX bix_108 ON bt_005;
DROP INDEX bix_107 ON bt_092;
DROP INDEX bix_106 ON bt_123;
