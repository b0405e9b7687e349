-- migrate:up
-- 1.20.6: index_bt_091, insert_bt_010
CREATE INDEX bix_094 ON bt_091 (c_0415);
INSERT INTO bt_010 (c_0037, c_0075, c_0039) VALUES
    (43704.47, TRUE, 'charlie november 313'),
    (96904.75, TRUE, 'echo juliet 85'),
    (80360.10, TRUE, 'golf lima 801'),
    (56755.29, FALSE, 'mike victor 473');

-- migrate:down
DROP INDEX bix_094 ON bt_091;
