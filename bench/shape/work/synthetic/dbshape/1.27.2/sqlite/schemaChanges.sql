-- 1.27.2: index_bt_136, insert_bt_040
CREATE INDEX bix_125 ON bt_136 (c_0623);
INSERT INTO bt_040 (c_0193, c_0194, c_0563) VALUES
    ('hotel hotel 835', '2024-04-03 07:33:00', 17392),
    ('xray tango 754', '2024-11-24 21:10:00', 42282),
    ('india hotel 226', '2024-01-02 15:02:00', 60686),
    ('yankee golf 270', '2024-01-21 11:01:00', 75393),
    ('foxtrot bravo 856', '2024-12-28 09:46:00', 14451);
