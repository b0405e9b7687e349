-- 1.16.4: rename_column_bt_016, insert_bt_039, insert_bt_065
ALTER TABLE bt_016 RENAME COLUMN c_0069 TO c_0443;
INSERT INTO bt_039 (c_0187, c_0188, c_0189, c_0190, c_0191, c_0195) VALUES
    (73042, 43636.31, 0, 'golf victor 772', 19331.00, 'whiskey bravo 874'),
    (45720, 90112.76, 1, 'foxtrot xray 121', 90909.33, 'yankee lima 955'),
    (756, 79047.58, 0, 'delta echo 636', 78077.83, 'quebec charlie 602');
INSERT INTO bt_065 (c_0301, c_0302) VALUES
    (59799, 1),
    (36656, 1);
