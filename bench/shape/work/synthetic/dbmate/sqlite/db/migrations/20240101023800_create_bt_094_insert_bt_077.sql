-- migrate:up
-- 1.15.8: create_bt_094, insert_bt_077
CREATE TABLE bt_094 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    c_0428 INTEGER NOT NULL DEFAULT 0,
    c_0429 TEXT NOT NULL DEFAULT '2024-01-01 00:00:00'
);
INSERT INTO bt_077 (c_0353, c_0354, c_0355, c_0356) VALUES
    (74147, 1, 59133, 'juliet charlie 771'),
    (28025, 1, 92133, 'hotel hotel 52');

-- migrate:down
DROP TABLE bt_094;
