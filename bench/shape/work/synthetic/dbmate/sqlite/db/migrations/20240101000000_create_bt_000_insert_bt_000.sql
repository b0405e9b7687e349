-- migrate:up
-- 1.0.0: create_bt_000, insert_bt_000
CREATE TABLE bt_000 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    c_0000 INTEGER NOT NULL DEFAULT 0,
    c_0001 INTEGER NOT NULL DEFAULT 0,
    c_0002 INTEGER NOT NULL DEFAULT 0
);
INSERT INTO bt_000 (c_0000, c_0001, c_0002) VALUES
    (1, 0, 0),
    (1, 0, 1),
    (1, 0, 0);

-- migrate:down
DROP TABLE bt_000;
