-- 1.11.2: insert_bt_065
INSERT INTO bt_065 (c_0301, c_0302) VALUES
    (47169, 0),
    (89071, 0),
    (60709, 0);
