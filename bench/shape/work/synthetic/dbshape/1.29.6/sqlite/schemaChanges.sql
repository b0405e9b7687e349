-- 1.29.6: insert_bt_019, index_bt_044, index_bt_151
INSERT INTO bt_019 (c_0105, c_0089, c_0090, c_0091, c_0115, c_0120, c_0159) VALUES
    ('echo hotel 447', 0, 83791, 1, 11591.33, 43957.03, 'india india 872'),
    ('kilo yankee 772', 0, 78783, 1, 30022.34, 28709.75, 'echo lima 685'),
    ('papa echo 365', 1, 63514, 0, 80965.02, 23852.60, 'sierra romeo 200');
CREATE INDEX bix_137 ON bt_044 (c_0209);
CREATE INDEX bix_138 ON bt_151 (c_0702);
