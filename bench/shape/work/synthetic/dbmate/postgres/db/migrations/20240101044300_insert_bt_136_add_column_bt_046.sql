-- migrate:up
-- 1.28.3: insert_bt_136, add_column_bt_046, insert_bt_067
INSERT INTO bt_136 (c_0623, c_0624, c_0625, c_0626) VALUES
    (FALSE, '2024-07-08 15:37:00', FALSE, 11999.84),
    (FALSE, '2024-01-20 02:44:00', TRUE, 36461.88),
    (FALSE, '2024-10-20 15:51:00', FALSE, 55042.15);
ALTER TABLE bt_046 ADD COLUMN c_0719 NUMERIC(12,2) NOT NULL DEFAULT 0;
INSERT INTO bt_067 (c_0307, c_0308, c_0309, c_0310) VALUES
    ('2024-11-01 19:21:00', TRUE, '2024-05-23 06:33:00', 'hotel bravo 524'),
    ('2024-05-07 09:56:00', TRUE, '2024-12-24 00:03:00', 'papa tango 10'),
    ('2024-10-03 16:54:00', TRUE, '2024-02-09 03:57:00', 'yankee alpha 251'),
    ('2024-04-21 19:06:00', TRUE, '2024-01-09 07:19:00', 'victor lima 475'),
    ('2024-12-03 14:16:00', TRUE, '2024-01-10 07:42:00', 'hotel delta 623');

-- migrate:down
ALTER TABLE bt_046 DROP COLUMN c_0719;
