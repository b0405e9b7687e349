-- migrate:up
-- 1.8.8: index_bt_007, insert_bt_030
CREATE INDEX bix_039 ON bt_007 (c_0179);
INSERT INTO bt_030 (c_0141, c_0142, c_0143) VALUES
    (FALSE, 68068, '2024-06-27 17:49:00'),
    (FALSE, 60227, '2024-12-03 21:45:00'),
    (TRUE, 8477, '2024-08-17 14:17:00'),
    (FALSE, 33306, '2024-02-23 05:10:00');

-- migrate:down
DROP INDEX bix_039 ON bt_007;
