-- migrate:up
-- 1.8.1: update_bt_012, index_bt_036, update_bt_007, create_bt_049
UPDATE bt_012 SET c_0047 = 'echo lima 914' WHERE id % 4 = 0;
CREATE INDEX bix_037 ON bt_036 (c_0174);
UPDATE bt_007 SET c_0029 = 'november foxtrot 630' WHERE id % 2 = 0;
CREATE TABLE bt_049 (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    c_0237 DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    c_0238 BOOLEAN NOT NULL DEFAULT FALSE,
    parent_id BIGINT,
    CONSTRAINT fk_bt_049_parent FOREIGN KEY (parent_id) REFERENCES bt_005 (id)
) ENGINE=InnoDB;

-- migrate:down
DROP TABLE bt_049;
DROP INDEX bix_037 ON bt_036;
