-- 1.24.7: update_bt_032, add_column_bt_068, insert_bt_128, insert_bt_007
UPDATE bt_032 SET c_0156 = 57174 WHERE id % 4 = 0;
ALTER TABLE bt_068 ADD COLUMN c_0636 INTEGER NOT NULL DEFAULT 0;
INSERT INTO bt_128 (c_0597, c_0598, c_0599, c_0600, c_0601) VALUES
    (36828, 'sierra quebec 963', 'zulu sierra 984', 80083, '2024-07-28 12:43:00'),
    (67952, 'november zulu 123', 'echo delta 638', 15566, '2024-11-14 03:31:00'),
    (27403, 'sierra hotel 484', 'oscar hotel 217', 10346, '2024-08-19 23:08:00'),
    (92123, 'romeo yankee 137', 'zulu uniform 618', 7529, '2024-04-05 02:19:00'),
    (21285, 'uniform alpha 556', 'november echo 725', 71873, '2024-11-16 09:32:00');
INSERT INTO bt_007 (c_0027, c_0028, c_0029, c_0030, c_0046, c_0179, c_0447) VALUES
    ('oscar golf 922', 9735, 'alpha mike 700', 1, 'zulu yankee 701', 800, 1),
    ('whiskey quebec 583', 54967, 'tango zulu 663', 0, 'juliet india 627', 99339, 0),
    ('golf mike 643', 49133, 'kilo quebec 576', 0, 'november echo 397', 3208, 1);
