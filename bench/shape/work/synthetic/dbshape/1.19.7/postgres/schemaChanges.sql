-- 1.19.7: insert_bt_007
INSERT INTO bt_007 (c_0027, c_0028, c_0029, c_0030, c_0046, c_0179, c_0447) VALUES
    ('echo echo 37', 60982, 'xray echo 476', TRUE, 'charlie mike 835', 50215, TRUE),
    ('whiskey mike 768', 60580, 'india victor 961', TRUE, 'papa kilo 502', 19350, TRUE);
