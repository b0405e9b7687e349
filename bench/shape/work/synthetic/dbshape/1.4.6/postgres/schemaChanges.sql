-- 1.4.6: insert_bt_014
INSERT INTO bt_014 (c_0059, c_0060, c_0061, c_0062, c_0067, c_0114) VALUES
    ('2024-01-13 12:08:00', 'alpha lima 508', 4957, 99724, 31240.02, 'foxtrot xray 758'),
    ('2024-01-15 21:50:00', 'foxtrot quebec 148', 12496, 72081, 75829.06, 'bravo india 497');
