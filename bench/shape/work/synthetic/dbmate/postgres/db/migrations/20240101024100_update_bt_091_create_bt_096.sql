-- migrate:up
-- 1.16.1: update_bt_091, create_bt_096
UPDATE bt_091 SET c_0416 = '2024-07-16 12:25:00' WHERE id % 4 = 0;
CREATE TABLE bt_096 (
    id BIGSERIAL PRIMARY KEY,
    c_0434 VARCHAR(120) NOT NULL DEFAULT '',
    c_0435 NUMERIC(12,2) NOT NULL DEFAULT 0
);

-- migrate:down
DROP TABLE bt_096;
