-- migrate:up
-- 1.2.0: insert_bt_012, update_bt_006, create_bt_016, insert_bt_010
INSERT INTO bt_012 (c_0047, c_0048, c_0049, c_0050, c_0068) VALUES
    ('echo quebec 484', FALSE, '2024-12-09 18:26:00', '2024-12-08 18:24:00', TRUE),
    ('xray romeo 949', TRUE, '2024-11-16 11:14:00', '2024-02-04 18:56:00', FALSE),
    ('sierra yankee 764', FALSE, '2024-11-01 20:18:00', '2024-11-16 07:40:00', TRUE);
UPDATE bt_006 SET c_0022 = 70243 WHERE id % 4 = 0;
CREATE TABLE bt_016 (
    id BIGSERIAL PRIMARY KEY,
    c_0069 VARCHAR(120) NOT NULL DEFAULT '',
    c_0070 TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    c_0071 TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO bt_010 (c_0037, c_0038, c_0039) VALUES
    (55550.08, TRUE, 'uniform hotel 288'),
    (53259.53, TRUE, 'charlie echo 56'),
    (29715.85, FALSE, 'delta hotel 906'),
    (44187.19, FALSE, 'papa papa 628'),
    (34777.58, FALSE, 'echo juliet 900');

-- migrate:down
DROP TABLE bt_016;
