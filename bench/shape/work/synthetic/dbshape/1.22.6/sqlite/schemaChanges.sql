-- 1.22.6: add_column_bt_073, update_bt_019, insert_bt_052
ALTER TABLE bt_073 ADD COLUMN c_0577 INTEGER NOT NULL DEFAULT 0;
UPDATE bt_019 SET c_0091 = 1 WHERE id % 4 = 0;
INSERT INTO bt_052 (c_0247, c_0248, c_0249) VALUES
    (0, 48600.02, 'zulu romeo 566'),
    (1, 84652.53, 'hotel mike 30'),
    (1, 50340.04, 'hotel charlie 203');
