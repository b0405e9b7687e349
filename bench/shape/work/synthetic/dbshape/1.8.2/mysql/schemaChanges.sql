-- 1.8.2: insert_bt_000
INSERT INTO bt_000 (c_0000, c_0001, c_0109, c_0107) VALUES
    (FALSE, TRUE, TRUE, 'foxtrot lima 409'),
    (FALSE, FALSE, TRUE, 'lima alpha 948'),
    (FALSE, FALSE, FALSE, 'delta lima 254'),
    (TRUE, TRUE, FALSE, 'foxtrot india 649'),
    (FALSE, TRUE, TRUE, 'lima india 155');
