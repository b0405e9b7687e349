-- migrate:up
-- 1.9.0: create_bt_057
CREATE TABLE bt_057 (
    id BIGSERIAL PRIMARY KEY,
    c_0264 VARCHAR(120) NOT NULL DEFAULT '',
    c_0265 NUMERIC(12,2) NOT NULL DEFAULT 0
);

-- migrate:down
DROP TABLE bt_057;
