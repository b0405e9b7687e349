-- migrate:up
-- 1.21.1: add_column_bt_087, add_column_bt_015, index_bt_111, insert_bt_072
ALTER TABLE bt_087 ADD COLUMN c_0548 DECIMAL(12,2) NOT NULL DEFAULT 0;
ALTER TABLE bt_015 ADD COLUMN c_0549 INT NOT NULL DEFAULT 0;
CREATE INDEX bix_096 ON bt_111 (c_0509);
INSERT INTO bt_072 (c_0332, c_0333, c_0334) VALUES
    ('lima lima 504', TRUE, 26717.68),
    ('juliet echo 282', TRUE, 14533.94),
    ('xray tango 302', FALSE, 11781.41);

-- migrate:down
DROP INDEX bix_096 ON bt_111;
ALTER TABLE bt_015 DROP COLUMN c_0549;
ALTER TABLE bt_087 DROP COLUMN c_0548;
