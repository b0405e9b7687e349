-- 1.12.2: insert_bt_070, add_column_bt_012, index_bt_004
INSERT INTO bt_070 (c_0323, c_0324, c_0325) VALUES
    ('juliet yankee 301', 'oscar victor 238', 59862),
    ('hotel mike 464', 'foxtrot whiskey 7', 55739);
ALTER TABLE bt_012 ADD COLUMN c_0326 TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP;
CREATE INDEX bix_057 ON bt_004 (c_0015);
