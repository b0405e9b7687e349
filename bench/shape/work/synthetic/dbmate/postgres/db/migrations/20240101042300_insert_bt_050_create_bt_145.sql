-- migrate:up
-- 1.26.3: insert_bt_050, create_bt_145
INSERT INTO bt_050 (c_0239, c_0240, c_0241, c_0250, c_0311) VALUES
    ('2024-01-22 13:45:00', '2024-04-02 13:16:00', TRUE, TRUE, 'kilo november 718'),
    ('2024-12-26 11:39:00', '2024-12-19 07:43:00', TRUE, TRUE, 'papa hotel 668'),
    ('2024-06-17 01:14:00', '2024-06-27 08:30:00', FALSE, FALSE, 'whiskey echo 510');
CREATE TABLE bt_145 (
    id BIGSERIAL PRIMARY KEY,
    c_0668 VARCHAR(120) NOT NULL DEFAULT '',
    c_0669 INTEGER NOT NULL DEFAULT 0
);

-- migrate:down
DROP TABLE bt_145;
