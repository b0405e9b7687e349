-- 1.27.5: insert_bt_042, update_bt_056, rename_column_bt_022
INSERT INTO bt_042 (c_0201, c_0202, c_0203, c_0279, c_0392, c_0640) VALUES
    ('mike lima 703', 66776.51, '2024-03-20 22:49:00', 'xray yankee 118', TRUE, 19425.17),
    ('echo delta 538', 18967.91, '2024-05-25 05:55:00', 'kilo alpha 731', TRUE, 31251.73),
    ('whiskey november 899', 5254.37, '2024-08-01 05:01:00', 'charlie bravo 768', FALSE, 40581.22),
    ('hotel delta 222', 96200.59, '2024-10-01 20:34:00', 'victor xray 445', FALSE, 45631.14),
    ('foxtrot juliet 585', 15595.45, '2024-03-06 11:10:00', 'delta india 704', FALSE, 7553.86);
UPDATE bt_056 SET c_0262 = TRUE WHERE id % 4 = 0;
ALTER TABLE bt_022 RENAME COLUMN c_0102 TO c_0690;
