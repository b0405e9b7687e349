-- migrate:up
-- 1.26.1: create_bt_143, update_bt_012, index_bt_120
CREATE TABLE bt_143 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    c_0660 INTEGER NOT NULL DEFAULT 0,
    c_0661 TEXT NOT NULL DEFAULT '',
    parent_id INTEGER,
    CONSTRAINT fk_bt_143_parent FOREIGN KEY (parent_id) REFERENCES bt_089 (id)
);
UPDATE bt_012 SET c_0326 = '2024-11-01 10:33:00' WHERE id % 3 = 0;
CREATE INDEX bix_119 ON bt_120 (c_0561);

-- migrate:down
DROP INDEX bix_119;
DROP TABLE bt_143;
