-- migrate:up
-- 1.26.7: update_bt_029, insert_bt_135, index_bt_009, rename_column_bt_109
UPDATE bt_029 SET c_0144 = 'papa alpha 186' WHERE id % 2 = 0;
INSERT INTO bt_135 (c_0617, c_0618, c_0619, c_0620, c_0621, c_0641) VALUES
    ('2024-11-13 09:47:00', '2024-02-03 00:55:00', TRUE, 'mike india 848', 3740, '2024-03-04 02:45:00'),
    ('2024-12-20 00:18:00', '2024-09-16 03:29:00', TRUE, 'mike xray 783', 79938, '2024-05-09 19:01:00');
CREATE INDEX bix_122 ON bt_009 (c_0034);
ALTER TABLE bt_109 RENAME COLUMN c_0501 TO c_0672;

-- migrate:down
ALTER TABLE bt_109 RENAME COLUMN c_0672 TO c_0501;
DROP INDEX bix_122;
