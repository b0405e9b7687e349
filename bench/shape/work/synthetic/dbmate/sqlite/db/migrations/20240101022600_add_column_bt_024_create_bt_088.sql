-- migrate:up
-- 1.14.6: add_column_bt_024, create_bt_088, insert_bt_014
ALTER TABLE bt_024 ADD COLUMN c_0396 NUMERIC NOT NULL DEFAULT 0;
CREATE TABLE bt_088 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    c_0397 INTEGER NOT NULL DEFAULT 0,
    c_0398 INTEGER NOT NULL DEFAULT 0,
    c_0399 INTEGER NOT NULL DEFAULT 0,
    c_0400 TEXT NOT NULL DEFAULT '2024-01-01 00:00:00',
    c_0401 TEXT NOT NULL DEFAULT ''
);
INSERT INTO bt_014 (c_0059, c_0060, c_0061, c_0062, c_0067, c_0114) VALUES
    ('2024-04-24 02:38:00', 'zulu juliet 524', 58500, 43403, 93938.66, 'bravo hotel 596'),
    ('2024-03-01 20:31:00', 'uniform hotel 389', 77946, 3689, 62632.61, 'oscar uniform 140'),
    ('2024-01-09 13:55:00', 'november victor 658', 40820, 28894, 65130.63, 'quebec lima 274'),
    ('2024-11-06 08:17:00', 'sierra juliet 17', 19418, 51183, 50764.95, 'whiskey hotel 605');

-- migrate:down
DROP TABLE bt_088;
ALTER TABLE bt_024 DROP COLUMN c_0396;
