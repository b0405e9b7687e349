-- migrate:up
-- 1.2.3: insert_bt_016, insert_bt_013, add_column_bt_009, rename_column_bt_010
INSERT INTO bt_016 (c_0069, c_0070, c_0071) VALUES
    ('foxtrot romeo 21', '2024-10-17 16:37:00', '2024-03-10 01:10:00'),
    ('quebec sierra 182', '2024-10-05 13:54:00', '2024-10-09 05:04:00'),
    ('oscar kilo 998', '2024-11-08 23:30:00', '2024-05-19 12:50:00'),
    ('victor mike 593', '2024-05-20 17:34:00', '2024-03-27 17:45:00'),
    ('uniform sierra 199', '2024-09-21 18:42:00', '2024-08-16 00:27:00');
INSERT INTO bt_013 (c_0054, c_0055, c_0056, c_0057, c_0058) VALUES
    ('uniform mike 200', 50641.57, 'delta papa 864', '2024-03-11 09:34:00', TRUE),
    ('sierra juliet 56', 82071.24, 'foxtrot juliet 16', '2024-09-04 16:14:00', TRUE),
    ('hotel foxtrot 975', 26163.15, 'delta zulu 31', '2024-11-17 17:49:00', FALSE);
ALTER TABLE bt_009 ADD COLUMN c_0074 DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE bt_010 RENAME COLUMN c_0038 TO c_0075;

-- migrate:down
ALTER TABLE bt_010 RENAME COLUMN c_0075 TO c_0038;
ALTER TABLE bt_009 DROP COLUMN c_0074;
