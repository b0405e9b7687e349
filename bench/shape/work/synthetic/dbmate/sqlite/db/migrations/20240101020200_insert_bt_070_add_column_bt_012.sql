-- migrate:up
-- 1.12.2: insert_bt_070, add_column_bt_012, index_bt_004
INSERT INTO bt_070 (c_0323, c_0324, c_0325) VALUES
    ('juliet yankee 301', 'oscar victor 238', 59862),
    ('hotel mike 464', 'foxtrot whiskey 7', 55739);
ALTER TABLE bt_012 ADD COLUMN c_0326 TEXT NOT NULL DEFAULT '2024-01-01 00:00:00';
CREATE INDEX bix_057 ON bt_004 (c_0015);

-- migrate:down
DROP INDEX bix_057;
ALTER TABLE bt_012 DROP COLUMN c_0326;
