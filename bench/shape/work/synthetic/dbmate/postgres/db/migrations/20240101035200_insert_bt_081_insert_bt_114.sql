-- migrate:up
-- 1.23.2: insert_bt_081, insert_bt_114, insert_bt_019, insert_bt_115
INSERT INTO bt_081 (c_0371, c_0372, c_0373) VALUES
    (64242.84, 25154.30, '2024-01-18 17:22:00'),
    (95460.26, 8731.49, '2024-03-07 06:22:00'),
    (53407.22, 56557.84, '2024-05-19 21:29:00'),
    (14792.02, 30846.64, '2024-10-12 12:35:00');
INSERT INTO bt_114 (c_0523, c_0524) VALUES
    (TRUE, '2024-06-06 19:31:00'),
    (TRUE, '2024-02-23 04:04:00'),
    (TRUE, '2024-12-17 20:56:00'),
    (TRUE, '2024-08-25 15:06:00');
INSERT INTO bt_019 (c_0105, c_0089, c_0090, c_0091, c_0115, c_0120, c_0159) VALUES
    ('bravo papa 152', TRUE, 99293, TRUE, 79619.28, 47446.39, 'tango lima 805'),
    ('alpha echo 710', TRUE, 60004, TRUE, 54874.44, 45165.04, 'india kilo 149'),
    ('oscar bravo 496', TRUE, 27047, FALSE, 38678.39, 75903.23, 'echo zulu 51'),
    ('victor kilo 435', FALSE, 53937, FALSE, 65397.39, 24015.15, 'golf lima 941'),
    ('india romeo 61', TRUE, 24835, TRUE, 86435.81, 2077.50, 'zulu india 634');
INSERT INTO bt_115 (c_0525, c_0526, c_0527, c_0528) VALUES
    ('2024-08-20 09:11:00', 12520, 58415, FALSE),
    ('2024-01-05 16:51:00', 42491, 10886, TRUE),
    ('2024-04-18 05:51:00', 59723, 25161, FALSE),
    ('2024-11-28 22:36:00', 35384, 37124, TRUE);

-- migrate:down
-- data change, nothing to undo
