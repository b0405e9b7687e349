-- migrate:up
-- 1.26.9: insert_bt_019, index_bt_046, add_column_bt_008
INSERT INTO bt_019 (c_0105, c_0089, c_0090, c_0091, c_0115, c_0120, c_0159) VALUES
    ('xray quebec 989', TRUE, 95846, FALSE, 64319.02, 34652.54, 'echo lima 562'),
    ('oscar tango 180', FALSE, 29607, TRUE, 66009.08, 62686.07, 'xray oscar 920'),
    ('tango november 747', TRUE, 67201, FALSE, 23978.15, 93980.26, 'whiskey mike 597');
CREATE INDEX bix_124 ON bt_046 (c_0421);
ALTER TABLE bt_008 ADD COLUMN c_0680 BOOLEAN NOT NULL DEFAULT FALSE;

-- migrate:down
ALTER TABLE bt_008 DROP COLUMN c_0680;
DROP INDEX bix_124 ON bt_046;
