-- migrate:up
-- 1.22.4: index_bt_011, insert_bt_000, create_bt_123, add_column_bt_121
CREATE INDEX bix_104 ON bt_011 (c_0044);
INSERT INTO bt_000 (c_0000, c_0001, c_0109, c_0107) VALUES
    (0, 1, 1, 'victor tango 994'),
    (1, 1, 0, 'bravo bravo 398'),
    (1, 0, 1, 'foxtrot tango 494');
CREATE TABLE bt_123 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    c_0574 TEXT NOT NULL DEFAULT '',
    c_0575 TEXT NOT NULL DEFAULT '',
    parent_id INTEGER,
    CONSTRAINT fk_bt_123_parent FOREIGN KEY (parent_id) REFERENCES bt_024 (id)
);
ALTER TABLE bt_121 ADD COLUMN c_0576 TEXT NOT NULL DEFAULT '2024-01-01 00:00:00';

-- migrate:down
ALTER TABLE bt_121 DROP COLUMN c_0576;
DROP TABLE bt_123;
DROP INDEX bix_104;
