-- 1.11.4: update_bt_013, insert_bt_025, insert_bt_057, insert_bt_013
UPDATE bt_013 SET c_0054 = 'xray hotel 478' WHERE id % 3 = 0;
INSERT INTO bt_025 (c_0122, c_0123, c_0124) VALUES
    (82566.07, '2024-08-03 07:03:00', TRUE),
    (86117.06, '2024-05-05 00:40:00', TRUE),
    (9094.79, '2024-07-26 09:25:00', TRUE);
INSERT INTO bt_057 (c_0264, c_0265) VALUES
    ('quebec lima 830', 21774.56),
    ('papa golf 912', 19958.87),
    ('kilo whiskey 726', 20817.40),
    ('mike bravo 522', 8476.82),
    ('papa delta 630', 38662.64);
INSERT INTO bt_013 (c_0054, c_0055, c_0056, c_0057, c_0058, c_0151) VALUES
    ('echo november 345', 86802.61, 'victor golf 60', '2024-07-26 14:06:00', FALSE, FALSE),
    ('november quebec 898', 55316.06, 'victor juliet 698', '2024-12-01 08:48:00', FALSE, TRUE),
    ('sierra charlie 648', 68088.62, 'romeo delta 190', '2024-11-08 03:37:00', FALSE, TRUE),
    ('xray zulu 274', 70097.45, 'oscar charlie 367', '2024-09-07 11:18:00', FALSE, FALSE);
