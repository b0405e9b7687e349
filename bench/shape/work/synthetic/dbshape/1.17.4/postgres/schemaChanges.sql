-- 1.17.4: insert_bt_101, insert_bt_086
INSERT INTO bt_101 (c_0454, c_0455, c_0456, c_0457, c_0458) VALUES
    ('2024-09-15 03:45:00', 26507.13, 'xray india 503', 'yankee delta 394', 94939),
    ('2024-11-24 01:30:00', 35883.47, 'quebec tango 413', 'romeo papa 236', 57936),
    ('2024-04-21 06:49:00', 24878.13, 'mike juliet 137', 'oscar alpha 122', 25443);
INSERT INTO bt_086 (c_0390, c_0391) VALUES
    (76560, FALSE),
    (50360, FALSE),
    (60365, TRUE);
