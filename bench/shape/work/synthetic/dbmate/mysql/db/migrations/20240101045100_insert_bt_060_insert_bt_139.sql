-- migrate:up
-- 1.29.1: insert_bt_060, insert_bt_139
INSERT INTO bt_060 (c_0274, c_0275, c_0292, c_0277, c_0278, c_0335) VALUES
    (34554.93, 25940.76, TRUE, FALSE, 21924.44, 'uniform alpha 885'),
    (11106.00, 17590.46, FALSE, FALSE, 23603.57, 'whiskey whiskey 297'),
    (69782.79, 51863.98, FALSE, FALSE, 58113.61, 'zulu echo 110'),
    (22151.18, 90474.87, TRUE, FALSE, 99090.40, 'yankee victor 267');
INSERT INTO bt_139 (c_0637, c_0638, c_0639) VALUES
    (81600, 47282.59, 44971.47),
    (89778, 61289.56, 50734.55),
    (17847, 8087.36, 47903.71),
    (83158, 21830.42, 42735.60),
    (35177, 60004.30, 52699.54);

-- migrate:down
-- data change, nothing to undo
