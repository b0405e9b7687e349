-- 1.7.1: update_bt_012, insert_bt_014, add_column_bt_027, index_bt_019
UPDATE bt_012 SET c_0068 = TRUE WHERE id % 2 = 0;
INSERT INTO bt_014 (c_0059, c_0060, c_0061, c_0062, c_0067, c_0114) VALUES
    ('2024-01-14 01:38:00', 'alpha romeo 186', 93392, 55919, 49502.86, 'yankee papa 682'),
    ('2024-01-11 17:24:00', 'quebec quebec 944', 68349, 58694, 79819.78, 'hotel india 931'),
    ('2024-10-11 18:35:00', 'alpha papa 391', 70201, 14327, 94492.68, 'whiskey golf 695'),
    ('2024-03-17 22:00:00', 'whiskey bravo 672', 74465, 31750, 3893.51, 'mike juliet 286'),
    ('2024-06-05 17:47:00', 'delta victor 553', 82438, 88598, 44707.93, 'zulu papa 713');
ALTER TABLE bt_027 ADD COLUMN c_0200 BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX bix_033 ON bt_019 (c_0159);
