-- migrate:up
-- 1.1.7: insert_bt_012, index_bt_010, index_bt_007
INSERT INTO bt_012 (c_0047, c_0048, c_0049, c_0050) VALUES
    ('echo charlie 70', 0, '2024-11-26 13:11:00', '2024-04-09 08:46:00'),
    ('uniform echo 799', 1, '2024-01-27 17:31:00', '2024-08-13 18:15:00'),
    ('hotel yankee 979', 1, '2024-05-09 18:38:00', '2024-05-04 16:05:00'),
    ('romeo papa 374', 1, '2024-03-11 07:20:00', '2024-08-04 12:18:00');
CREATE INDEX bix_005 ON bt_010 (c_0037);
CREATE INDEX bix_006 ON bt_007 (c_0028);

-- migrate:down
DROP INDEX bix_006;
DROP INDEX bix_005;
