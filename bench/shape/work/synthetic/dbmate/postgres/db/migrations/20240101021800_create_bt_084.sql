-- migrate:up
-- 1.13.8: create_bt_084
CREATE TABLE bt_084 (
    id BIGSERIAL PRIMARY KEY,
    c_0385 VARCHAR(120) NOT NULL DEFAULT '',
    c_0386 INTEGER NOT NULL DEFAULT 0
);

-- migrate:down
DROP TABLE bt_084;
