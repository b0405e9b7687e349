-- migrate:up
-- 1.6.0: update_bt_018, rename_column_bt_009, insert_bt_023
UPDATE bt_018 SET c_0108 = FALSE WHERE id % 4 = 0;
ALTER TABLE bt_009 RENAME COLUMN c_0100 TO c_0163;
INSERT INTO bt_023 (c_0110, c_0111, c_0112) VALUES
    (63902, FALSE, TRUE),
    (18712, FALSE, FALSE),
    (71000, TRUE, FALSE),
    (16205, FALSE, TRUE);

-- migrate:down
ALTER TABLE bt_009 RENAME COLUMN c_0163 TO c_0100;
