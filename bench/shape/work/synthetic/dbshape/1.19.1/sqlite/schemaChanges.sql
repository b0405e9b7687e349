-- 1.19.1: create_bt_110, insert_bt_096, index_bt_013
CREATE TABLE bt_110 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    c_0505 TEXT NOT NULL DEFAULT '2024-01-01 00:00:00',
    c_0506 NUMERIC NOT NULL DEFAULT 0
);
INSERT INTO bt_096 (c_0434, c_0435) VALUES
    ('bravo lima 625', 38422.19),
    ('charlie sierra 197', 92892.63),
    ('echo tango 111', 91081.10);
CREATE INDEX bix_086 ON bt_013 (c_0056);
