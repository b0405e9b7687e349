-- migrate:up
-- 1.11.6: index_bt_060, create_bt_066
CREATE INDEX bix_053 ON bt_060 (c_0274);
CREATE TABLE bt_066 (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    c_0305 INT NOT NULL DEFAULT 0,
    c_0306 INT NOT NULL DEFAULT 0,
    parent_id BIGINT,
    CONSTRAINT fk_bt_066_parent FOREIGN KEY (parent_id) REFERENCES bt_002 (id)
) ENGINE=InnoDB;

-- migrate:down
DROP TABLE bt_066;
DROP INDEX bix_053 ON bt_060;
