-- migrate:up
-- 1.10.6: insert_bt_064, update_bt_034, insert_bt_051
INSERT INTO bt_064 (c_0294, c_0295) VALUES
    ('2024-06-10 12:18:00', 56494.08),
    ('2024-09-13 10:18:00', 99082.78),
    ('2024-11-13 13:59:00', 34331.49),
    ('2024-12-24 02:15:00', 70683.90),
    ('2024-01-12 05:48:00', 23329.45);
UPDATE bt_034 SET c_0165 = '2024-03-28 04:19:00' WHERE id % 3 = 0;
INSERT INTO bt_051 (c_0245, c_0246) VALUES
    ('2024-12-11 01:05:00', TRUE),
    ('2024-10-26 23:47:00', FALSE);

-- migrate:down
-- data change, nothing to undo
