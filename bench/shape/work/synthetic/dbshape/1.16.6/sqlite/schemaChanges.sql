-- 1.16.6: index_bt_009, insert_bt_068, index_bt_006, update_bt_004
CREATE INDEX bix_072 ON bt_009 (c_0163);
INSERT INTO bt_068 (c_0313, c_0314, c_0315, c_0316, c_0317) VALUES
    (0, 84120, 1, 64021, 0),
    (1, 28917, 0, 2254, 0),
    (0, 1951, 0, 16602, 1);
CREATE INDEX bix_073 ON bt_006 (c_0113);
UPDATE bt_004 SET c_0017 = 1 WHERE id % 2 = 0;
