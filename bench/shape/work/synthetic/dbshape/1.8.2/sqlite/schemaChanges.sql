-- 1.8.2: insert_bt_000
INSERT INTO bt_000 (c_0000, c_0001, c_0109, c_0107) VALUES
    (1, 0, 0, 'foxtrot lima 409'),
    (1, 1, 0, 'lima alpha 948'),
    (1, 1, 1, 'delta lima 254'),
    (0, 0, 1, 'foxtrot india 649'),
    (1, 0, 0, 'lima india 155');
