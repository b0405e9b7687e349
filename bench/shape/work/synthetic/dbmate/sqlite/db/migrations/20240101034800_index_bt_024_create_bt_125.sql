-- migrate:up
-- 1.22.8: index_bt_024, create_bt_125, insert_bt_068
CREATE INDEX bix_105 ON bt_024 (c_0119);
CREATE TABLE bt_125 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    c_0582 TEXT NOT NULL DEFAULT '',
    c_0583 INTEGER NOT NULL DEFAULT 0,
    parent_id INTEGER,
    CONSTRAINT fk_bt_125_parent FOREIGN KEY (parent_id) REFERENCES bt_057 (id)
);
INSERT INTO bt_068 (c_0313, c_0314, c_0315, c_0316, c_0317, c_0547) VALUES
    (1, 10670, 0, 79427, 1, 40377.95),
    (1, 25081, 1, 76026, 0, 45767.02);

-- migrate:down
DROP TABLE bt_125;
DROP INDEX bix_105;
