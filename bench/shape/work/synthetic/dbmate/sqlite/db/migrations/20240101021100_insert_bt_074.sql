-- migrate:up
-- 1.13.1: insert_bt_074
INSERT INTO bt_074 (c_0340, c_0341) VALUES
    ('2024-09-12 21:02:00', 'uniform kilo 420'),
    ('2024-11-28 02:50:00', 'alpha echo 334');

-- migrate:down
-- data change, nothing to undo
