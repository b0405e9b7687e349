-- migrate:up
-- 1.23.1: update_bt_020, create_bt_126, rename_column_bt_089, insert_bt_061
UPDATE bt_020 SET c_0094 = 'quebec sierra 14' WHERE id % 3 = 0;
CREATE TABLE bt_126 (
    id BIGSERIAL PRIMARY KEY,
    c_0586 INTEGER NOT NULL DEFAULT 0,
    c_0587 INTEGER NOT NULL DEFAULT 0
);
ALTER TABLE bt_089 RENAME COLUMN c_0403 TO c_0588;
INSERT INTO bt_061 (c_0282, c_0495, c_0284, c_0285, c_0291) VALUES
    (54068, 'bravo foxtrot 639', 26679.45, TRUE, '2024-03-07 22:04:00'),
    (43492, 'foxtrot bravo 269', 99146.12, TRUE, '2024-03-16 17:39:00'),
    (48824, 'alpha echo 52', 46521.17, TRUE, '2024-12-26 23:09:00'),
    (63592, 'oscar uniform 482', 32220.04, FALSE, '2024-02-07 01:42:00');

-- migrate:down
ALTER TABLE bt_089 RENAME COLUMN c_0588 TO c_0403;
DROP TABLE bt_126;
