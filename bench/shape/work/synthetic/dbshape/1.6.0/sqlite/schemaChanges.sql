-- 1.6.0: update_bt_018, rename_column_bt_009, insert_bt_023
UPDATE bt_018 SET c_0108 = 1 WHERE id % 4 = 0;
ALTER TABLE bt_009 RENAME COLUMN c_0100 TO c_0163;
INSERT INTO bt_023 (c_0110, c_0111, c_0112) VALUES
    (63902, 1, 0),
    (18712, 1, 1),
    (71000, 0, 1),
    (16205, 1, 0);
