-- migrate:up
-- 1.20.4: update_bt_009, insert_bt_089
UPDATE bt_009 SET c_0035 = 9272 WHERE id % 3 = 0;
INSERT INTO bt_089 (c_0403, c_0404, c_0405, c_0406, c_0407, c_0448) VALUES
    ('oscar alpha 272', 77107, TRUE, FALSE, 78314.55, 34810),
    ('xray tango 751', 84648, FALSE, TRUE, 24156.02, 6082);

-- migrate:down
-- data change, nothing to undo
