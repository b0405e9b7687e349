-- 1.9.9: insert_bt_019, insert_bt_020
INSERT INTO bt_019 (c_0105, c_0089, c_0090, c_0091, c_0115, c_0120, c_0159) VALUES
    ('charlie charlie 342', FALSE, 13721, TRUE, 56422.20, 33919.02, 'uniform romeo 463'),
    ('charlie yankee 735', TRUE, 35733, TRUE, 34199.44, 11687.07, 'foxtrot echo 827');
INSERT INTO bt_020 (c_0092, c_0093, c_0094, c_0280) VALUES
    ('sierra romeo 20', 'hotel november 252', 'india golf 705', '2024-10-03 20:29:00'),
    ('delta xray 495', 'hotel uniform 812', 'uniform papa 820', '2024-07-26 19:13:00'),
    ('yankee foxtrot 826', 'zulu delta 50', 'zulu alpha 632', '2024-02-02 10:56:00');
