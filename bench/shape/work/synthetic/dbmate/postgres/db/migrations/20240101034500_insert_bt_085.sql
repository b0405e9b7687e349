-- migrate:up
-- 1.22.5: insert_bt_085
INSERT INTO bt_085 (c_0387, c_0388) VALUES
    (319, '2024-12-12 03:45:00'),
    (41482, '2024-06-26 02:36:00'),
    (13349, '2024-04-14 10:54:00');

-- migrate:down
-- data change, nothing to undo
