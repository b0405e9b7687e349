-- 1.21.9: insert_bt_075, insert_bt_007
INSERT INTO bt_075 (c_0344, c_0345, c_0346, c_0347, c_0395, c_0553) VALUES
    (FALSE, '2024-03-22 07:30:00', 'delta india 471', 41609.09, '2024-03-20 00:49:00', '2024-12-13 22:17:00'),
    (TRUE, '2024-06-17 15:03:00', 'romeo zulu 996', 94908.83, '2024-03-21 23:37:00', '2024-12-15 16:17:00'),
    (TRUE, '2024-09-21 03:48:00', 'bravo foxtrot 647', 62817.20, '2024-04-09 06:19:00', '2024-11-07 23:59:00'),
    (TRUE, '2024-10-12 21:25:00', 'sierra whiskey 900', 21407.26, '2024-12-03 06:35:00', '2024-01-13 08:53:00');
INSERT INTO bt_007 (c_0027, c_0028, c_0029, c_0030, c_0046, c_0179, c_0447) VALUES
    ('romeo sierra 600', 7001, 'papa oscar 561', FALSE, 'november sierra 696', 31946, FALSE),
    ('uniform golf 957', 81017, 'golf zulu 483', FALSE, 'quebec india 962', 68497, FALSE),
    ('tango echo 150', 82778, 'echo november 728', TRUE, 'tango india 427', 48272, FALSE),
    ('quebec golf 379', 39641, 'hotel charlie 577', TRUE, 'golf oscar 619', 98446, TRUE),
    ('mike romeo 449', 13280, 'november echo 328', FALSE, 'kilo november 97', 33188, TRUE);
