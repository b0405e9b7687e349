-- migrate:up
-- 1.18.6: insert_bt_032, insert_bt_101, rename_column_bt_065
INSERT INTO bt_032 (c_0152, c_0153, c_0154, c_0155, c_0156, c_0300) VALUES
    (TRUE, 20732.41, 26984.14, FALSE, 23062, 67315.94),
    (TRUE, 27681.11, 42065.55, FALSE, 28554, 36516.83);
INSERT INTO bt_101 (c_0454, c_0455, c_0456, c_0457, c_0458) VALUES
    ('2024-03-07 02:56:00', 71537.28, 'xray november 371', 'sierra sierra 717', 37747),
    ('2024-01-16 10:30:00', 92090.48, 'november mike 75', 'sierra foxtrot 114', 91524),
    ('2024-05-28 08:09:00', 35946.91, 'sierra foxtrot 426', 'echo quebec 819', 54217);
ALTER TABLE bt_065 RENAME COLUMN c_0470 TO c_0484;

-- migrate:down
ALTER TABLE bt_065 RENAME COLUMN c_0484 TO c_0470;
