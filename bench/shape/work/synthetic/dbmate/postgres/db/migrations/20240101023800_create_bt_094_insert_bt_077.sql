-- migrate:up
-- 1.15.8: create_bt_094, insert_bt_077
CREATE TABLE bt_094 (
    id BIGSERIAL PRIMARY KEY,
    c_0428 BOOLEAN NOT NULL DEFAULT FALSE,
    c_0429 TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO bt_077 (c_0353, c_0354, c_0355, c_0356) VALUES
    (74147, FALSE, 59133, 'juliet charlie 771'),
    (28025, FALSE, 92133, 'hotel hotel 52');

-- migrate:down
DROP TABLE bt_094;
