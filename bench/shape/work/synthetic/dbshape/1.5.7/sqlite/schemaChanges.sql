-- 1.5.7: insert_bt_013
INSERT INTO bt_013 (c_0054, c_0055, c_0056, c_0057, c_0058, c_0151) VALUES
    ('lima bravo 953', 54674.44, 'charlie charlie 211', '2024-08-06 00:15:00', 1, 1),
    ('charlie yankee 159', 7067.01, 'whiskey golf 858', '2024-06-18 10:50:00', 0, 1),
    ('hotel sierra 140', 82859.93, 'charlie quebec 427', '2024-07-24 19:02:00', 1, 0),
    ('alpha echo 171', 67575.62, 'papa hotel 347', '2024-04-21 13:24:00', 0, 1);
