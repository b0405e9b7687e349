-- migrate:up
-- 1.7.5: add_column_bt_031, create_bt_045, insert_bt_018
ALTER TABLE bt_031 ADD COLUMN c_0212 BOOLEAN NOT NULL DEFAULT FALSE;
CREATE TABLE bt_045 (
    id BIGSERIAL PRIMARY KEY,
    c_0213 INTEGER NOT NULL DEFAULT 0,
    c_0214 VARCHAR(120) NOT NULL DEFAULT '',
    c_0215 VARCHAR(120) NOT NULL DEFAULT '',
    c_0216 BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO bt_018 (c_0082, c_0083, c_0192, c_0085, c_0108) VALUES
    (TRUE, '2024-09-19 11:44:00', 'uniform juliet 142', 'tango papa 521', FALSE),
    (FALSE, '2024-12-05 08:41:00', 'romeo oscar 520', 'foxtrot xray 32', TRUE),
    (TRUE, '2024-04-10 23:15:00', 'foxtrot zulu 390', 'november juliet 117', FALSE);

-- migrate:down
DROP TABLE bt_045;
ALTER TABLE bt_031 DROP COLUMN c_0212;
