-- 1.18.4: insert_bt_058
INSERT INTO bt_058 (c_0266, c_0267, c_0268, c_0269) VALUES
    ('juliet zulu 20', '2024-01-08 01:47:00', 'oscar november 366', 'tango echo 458'),
    ('foxtrot mike 436', '2024-01-26 20:36:00', 'charlie papa 111', 'delta hotel 522'),
    ('papa echo 987', '2024-07-17 19:19:00', 'xray oscar 789', 'xray sierra 435'),
    ('xray mike 983', '2024-12-16 06:49:00', 'xray tango 10', 'victor charlie 970'),
    ('kilo echo 664', '2024-09-23 23:53:00', 'kilo oscar 835', 'oscar hotel 473');
