-- migrate:up
-- 1.14.3: insert_bt_052, create_bt_087
INSERT INTO bt_052 (c_0247, c_0248, c_0249) VALUES
    (0, 25266.54, 'oscar golf 69'),
    (0, 49039.21, 'mike bravo 195'),
    (0, 63137.13, 'foxtrot oscar 980');
CREATE TABLE bt_087 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    c_0393 TEXT NOT NULL DEFAULT '',
    c_0394 INTEGER NOT NULL DEFAULT 0,
    parent_id INTEGER,
    CONSTRAINT fk_bt_087_parent FOREIGN KEY (parent_id) REFERENCES bt_080 (id)
);

-- migrate:down
DROP TABLE bt_087;
