-- migrate:up
-- 1.23.0: insert_bt_077
INSERT INTO bt_077 (c_0353, c_0354, c_0355, c_0356, c_0538) VALUES
    (63569, FALSE, 5107, 'november lima 757', 64045.87),
    (3471, FALSE, 85666, 'quebec echo 333', 44291.82);

-- migrate:down
-- data change, nothing to undo
