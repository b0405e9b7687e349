-- migrate:up
-- 1.12.4: insert_bt_017
INSERT INTO bt_017 (c_0076, c_0077, c_0297, c_0079, c_0080) VALUES
    ('2024-09-05 00:38:00', TRUE, '2024-08-01 11:53:00', 'quebec papa 342', FALSE),
    ('2024-05-01 10:53:00', FALSE, '2024-06-03 15:27:00', 'hotel romeo 847', TRUE),
    ('2024-02-18 23:51:00', TRUE, '2024-08-19 04:20:00', 'tango hotel 837', TRUE),
    ('2024-03-10 08:57:00', TRUE, '2024-11-22 23:07:00', 'victor victor 849', FALSE),
    ('2024-08-13 23:49:00', TRUE, '2024-09-14 00:12:00', 'oscar whiskey 999', FALSE);

-- migrate:down
-- data change, nothing to undo
