-- 1.12.8: insert_bt_014, insert_bt_070, insert_bt_060, create_bt_075
INSERT INTO bt_014 (c_0059, c_0060, c_0061, c_0062, c_0067, c_0114) VALUES
    ('2024-03-25 12:45:00', 'romeo sierra 909', 45943, 41876, 74278.25, 'golf golf 9'),
    ('2024-08-08 05:34:00', 'tango foxtrot 262', 77769, 20021, 45415.95, 'oscar lima 863'),
    ('2024-03-13 16:13:00', 'golf foxtrot 50', 38778, 87040, 14283.62, 'sierra lima 529');
INSERT INTO bt_070 (c_0323, c_0324, c_0325) VALUES
    ('quebec tango 533', 'tango uniform 68', 69558),
    ('bravo zulu 381', 'alpha juliet 574', 46528),
    ('foxtrot november 824', 'delta victor 798', 1818),
    ('lima quebec 395', 'golf mike 663', 24819);
INSERT INTO bt_060 (c_0274, c_0275, c_0292, c_0277, c_0278, c_0335) VALUES
    (72777.84, 97031.22, FALSE, FALSE, 71037.84, 'tango romeo 960'),
    (77085.78, 99732.01, TRUE, TRUE, 75196.28, 'india quebec 721'),
    (98388.92, 57601.87, FALSE, FALSE, 44764.02, 'yankee alpha 66');
CREATE TABLE bt_075 (
    id BIGSERIAL PRIMARY KEY,
    c_0344 BOOLEAN NOT NULL DEFAULT FALSE,
    c_0345 TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    c_0346 VARCHAR(120) NOT NULL DEFAULT '',
    c_0347 NUMERIC(12,2) NOT NULL DEFAULT 0
);
