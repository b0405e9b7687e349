-- migrate:up
-- 1.11.2: insert_bt_065
INSERT INTO bt_065 (c_0301, c_0302) VALUES
    (47169, TRUE),
    (89071, TRUE),
    (60709, TRUE);

-- migrate:down
-- data change, nothing to undo
