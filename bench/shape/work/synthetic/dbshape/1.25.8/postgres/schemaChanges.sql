-- 1.25.8: insert_bt_030, update_bt_039, index_bt_111
INSERT INTO bt_030 (c_0141, c_0142, c_0143) VALUES
    (TRUE, 25062, '2024-08-28 15:43:00'),
    (FALSE, 99637, '2024-04-21 23:01:00'),
    (TRUE, 84481, '2024-12-23 00:51:00'),
    (TRUE, 68910, '2024-04-13 22:02:00'),
    (TRUE, 79054, '2024-01-24 00:55:00');
UPDATE bt_039 SET c_0195 = 'bravo oscar 636' WHERE id % 2 = 0;
CREATE INDEX bix_117 ON bt_111 (c_0512);
