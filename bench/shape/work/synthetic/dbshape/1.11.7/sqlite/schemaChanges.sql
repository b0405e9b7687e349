-- 1.11.7: create_bt_067, add_column_bt_050, index_bt_001, insert_bt_010
CREATE TABLE bt_067 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    c_0307 TEXT NOT NULL DEFAULT '2024-01-01 00:00:00',
    c_0308 INTEGER NOT NULL DEFAULT 0,
    c_0309 TEXT NOT NULL DEFAULT '2024-01-01 00:00:00',
    c_0310 TEXT NOT NULL DEFAULT ''
);
ALTER TABLE bt_050 ADD COLUMN c_0311 TEXT NOT NULL DEFAULT '';
CREATE INDEX bix_054 ON bt_001 (c_0005);
INSERT INTO bt_010 (c_0037, c_0075, c_0039) VALUES
    (73782.20, 1, 'juliet echo 591'),
    (68752.06, 0, 'whiskey delta 68'),
    (12324.00, 1, 'uniform romeo 668'),
    (37676.53, 0, 'yankee sierra 200'),
    (17154.99, 0, 'victor alpha 637');
