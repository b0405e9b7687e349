-- 1.8.1: update_bt_012, index_bt_036, update_bt_007, create_bt_049
UPDATE bt_012 SET c_0047 = 'echo lima 914' WHERE id % 4 = 0;
CREATE INDEX bix_037 ON bt_036 (c_0174);
UPDATE bt_007 SET c_0029 = 'november foxtrot 630' WHERE id % 2 = 0;
CREATE TABLE bt_049 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    c_0237 TEXT NOT NULL DEFAULT '2024-01-01 00:00:00',
    c_0238 INTEGER NOT NULL DEFAULT 0,
    parent_id INTEGER,
    CONSTRAINT fk_bt_049_parent FOREIGN KEY (parent_id) REFERENCES bt_005 (id)
);
