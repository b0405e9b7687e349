-- migrate:up
-- 1.0.8: insert_bt_006
INSERT INTO bt_006 (c_0022, c_0023, c_0024) VALUES
    (94705, 67486, 48740.88),
    (70904, 80938, 14909.87),
    (82373, 62210, 68707.17),
    (33066, 45280, 1758.50);

-- migrate:down
-- data change, nothing to undo
