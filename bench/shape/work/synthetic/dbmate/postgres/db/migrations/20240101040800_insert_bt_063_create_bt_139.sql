-- migrate:up
-- 1.24.8: insert_bt_063, create_bt_139, index_bt_079, insert_bt_069
INSERT INTO bt_063 (c_0288, c_0289, c_0290, c_0496) VALUES
    (TRUE, 14985.92, 93083.55, 'alpha echo 555'),
    (FALSE, 31598.91, 9292.29, 'xray alpha 758'),
    (TRUE, 5352.55, 28830.73, 'echo bravo 79'),
    (TRUE, 21829.38, 76850.78, 'whiskey echo 274');
CREATE TABLE bt_139 (
    id BIGSERIAL PRIMARY KEY,
    c_0637 INTEGER NOT NULL DEFAULT 0,
    c_0638 NUMERIC(12,2) NOT NULL DEFAULT 0,
    c_0639 NUMERIC(12,2) NOT NULL DEFAULT 0
);
CREATE INDEX bix_112 ON bt_079 (c_0362);
INSERT INTO bt_069 (c_0318, c_0319, c_0320, c_0321, c_0349, c_0562, c_0622) VALUES
    ('xray india 283', TRUE, 19305.77, 45742.56, 20067.21, '2024-10-11 21:51:00', 94603.57),
    ('oscar uniform 503', FALSE, 30753.98, 66564.43, 27900.72, '2024-08-26 22:24:00', 52035.85),
    ('alpha sierra 148', FALSE, 18079.11, 80964.56, 7598.64, '2024-07-24 17:18:00', 89869.47),
    ('xray november 516', FALSE, 34235.03, 36225.55, 82228.62, '2024-03-19 16:14:00', 40179.72);

-- migrate:down
DROP INDEX bix_112;
DROP TABLE bt_139;
