-- migrate:up
-- 1.17.8: insert_bt_063, insert_bt_013, insert_bt_062, index_bt_046
INSERT INTO bt_063 (c_0288, c_0289, c_0290) VALUES
    (0, 42397.45, 31388.22),
    (0, 34574.87, 4276.09);
INSERT INTO bt_013 (c_0054, c_0055, c_0056, c_0057, c_0058, c_0453) VALUES
    ('echo lima 316', 75151.94, 'bravo yankee 236', '2024-05-27 19:53:00', 1, 1),
    ('romeo foxtrot 358', 3668.65, 'sierra golf 944', '2024-10-12 16:26:00', 0, 0),
    ('hotel mike 177', 28429.58, 'zulu tango 579', '2024-07-14 14:39:00', 0, 0),
    ('victor kilo 294', 34559.82, 'delta delta 504', '2024-01-14 06:06:00', 1, 0),
    ('juliet juliet 212', 25706.81, 'golf hotel 48', '2024-04-06 10:57:00', 1, 1);
INSERT INTO bt_062 (c_0286, c_0287) VALUES
    ('kilo foxtrot 423', 1),
    ('quebec hotel 408', 0),
    ('bravo zulu 778', 0),
    ('november romeo 191', 0);
CREATE INDEX bix_081 ON bt_046 (c_0221);

-- migrate:down
DROP INDEX bix_081;
