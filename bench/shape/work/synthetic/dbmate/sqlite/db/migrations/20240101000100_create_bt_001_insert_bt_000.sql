-- migrate:up
-- 1.0.1: create_bt_001, insert_bt_000
CREATE TABLE bt_001 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    c_0003 TEXT NOT NULL DEFAULT '2024-01-01 00:00:00',
    c_0004 TEXT NOT NULL DEFAULT '2024-01-01 00:00:00',
    c_0005 TEXT NOT NULL DEFAULT '',
    c_0006 INTEGER NOT NULL DEFAULT 0,
    parent_id INTEGER,
    CONSTRAINT fk_bt_001_parent FOREIGN KEY (parent_id) REFERENCES bt_000 (id)
);
INSERT INTO bt_000 (c_0000, c_0001, c_0002) VALUES
    (0, 1, 1),
    (0, 1, 0),
    (0, 1, 1),
    (0, 1, 1),
    (0, 0, 0);

-- migrate:down
DROP TABLE bt_001;
