-- migrate:up
-- 1.4.0: insert_bt_018
INSERT INTO bt_018 (c_0082, c_0083, c_0084, c_0085, c_0108) VALUES
    (TRUE, '2024-03-06 05:48:00', 'foxtrot victor 737', 'oscar kilo 238', TRUE),
    (TRUE, '2024-09-04 21:03:00', 'bravo charlie 487', 'alpha golf 705', FALSE);

-- migrate:down
-- data change, nothing to undo
