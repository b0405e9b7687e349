-- migrate:up
-- 1.23.9: create_bt_133
CREATE TABLE bt_133 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    c_0612 TEXT NOT NULL DEFAULT '',
    c_0613 TEXT NOT NULL DEFAULT '',
    parent_id INTEGER,
    CONSTRAINT fk_bt_133_parent FOREIGN KEY (parent_id) REFERENCES bt_067 (id)
);

-- migrate:down
DROP TABLE bt_133;
