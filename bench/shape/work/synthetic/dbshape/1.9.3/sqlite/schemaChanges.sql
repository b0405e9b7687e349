-- 1.9.3: update_bt_013, insert_bt_004, rename_column_bt_023
UPDATE bt_013 SET c_0058 = 1 WHERE id % 4 = 0;
INSERT INTO bt_004 (c_0015, c_0016, c_0017, c_0018) VALUES
    ('2024-11-28 17:37:00', 1, 1, 71994.87),
    ('2024-05-20 07:23:00', 0, 1, 25137.91),
    ('2024-09-13 18:45:00', 0, 1, 97621.18);
ALTER TABLE bt_023 RENAME COLUMN c_0111 TO c_0273;
