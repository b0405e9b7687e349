-- migrate:up
-- 1.15.7: add_column_bt_078, insert_bt_017, insert_bt_049, index_bt_007
ALTER TABLE bt_078 ADD COLUMN c_0427 TEXT NOT NULL DEFAULT '';
INSERT INTO bt_017 (c_0076, c_0077, c_0297, c_0079, c_0080) VALUES
    ('2024-05-20 15:39:00', 0, '2024-03-07 02:05:00', 'mike bravo 726', 1),
    ('2024-11-06 05:55:00', 0, '2024-12-01 05:04:00', 'whiskey alpha 155', 0),
    ('2024-07-13 05:20:00', 1, '2024-10-26 11:29:00', 'quebec foxtrot 37', 1);
INSERT INTO bt_049 (c_0237, c_0238, c_0293) VALUES
    ('2024-01-01 09:03:00', 0, '2024-04-18 18:59:00'),
    ('2024-08-01 21:53:00', 0, '2024-06-09 01:25:00');
CREATE INDEX bix_068 ON bt_007 (c_0029);

-- migrate:down
DROP INDEX bix_068;
ALTER TABLE bt_078 DROP COLUMN c_0427;
