-- 1.7.5: add_column_bt_031, create_bt_045, insert_bt_018
ALTER TABLE bt_031 ADD COLUMN c_0212 INTEGER NOT NULL DEFAULT 0;
CREATE TABLE bt_045 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    c_0213 INTEGER NOT NULL DEFAULT 0,
    c_0214 TEXT NOT NULL DEFAULT '',
    c_0215 TEXT NOT NULL DEFAULT '',
    c_0216 INTEGER NOT NULL DEFAULT 0
);
INSERT INTO bt_018 (c_0082, c_0083, c_0192, c_0085, c_0108) VALUES
    (0, '2024-09-19 11:44:00', 'uniform juliet 142', 'tango papa 521', 1),
    (1, '2024-12-05 08:41:00', 'romeo oscar 520', 'foxtrot xray 32', 0),
    (0, '2024-04-10 23:15:00', 'foxtrot zulu 390', 'november juliet 117', 1);
