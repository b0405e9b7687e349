-- migrate:up
-- 1.16.6: index_bt_009, insert_bt_068, index_bt_006, update_bt_004
CREATE INDEX bix_072 ON bt_009 (c_0163);
INSERT INTO bt_068 (c_0313, c_0314, c_0315, c_0316, c_0317) VALUES
    (TRUE, 84120, FALSE, 64021, TRUE),
    (FALSE, 28917, TRUE, 2254, TRUE),
    (TRUE, 1951, TRUE, 16602, FALSE);
CREATE INDEX bix_073 ON bt_006 (c_0113);
UPDATE bt_004 SET c_0017 = FALSE WHERE id % 2 = 0;

-- migrate:down
DROP INDEX bix_073;
DROP INDEX bix_072;
