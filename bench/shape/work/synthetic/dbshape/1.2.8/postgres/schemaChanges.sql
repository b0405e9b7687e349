-- 1.2.8: index_bt_008, add_column_bt_016, insert_bt_018
CREATE INDEX bix_011 ON bt_008 (c_0031);
ALTER TABLE bt_016 ADD COLUMN c_0101 BOOLEAN NOT NULL DEFAULT FALSE;
INSERT INTO bt_018 (c_0082, c_0083, c_0084, c_0085) VALUES
    (FALSE, '2024-01-18 01:36:00', 'oscar bravo 362', 'yankee bravo 366'),
    (TRUE, '2024-10-22 19:54:00', 'foxtrot romeo 165', 'alpha victor 540'),
    (FALSE, '2024-02-02 10:00:00', 'victor hotel 350', 'tango hotel 584'),
    (FALSE, '2024-11-28 14:17:00', 'bravo bravo 26', 'sierra quebec 251');
