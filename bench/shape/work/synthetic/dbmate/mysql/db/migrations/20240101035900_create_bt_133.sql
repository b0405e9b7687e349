-- migrate:up
-- 1.23.9: create_bt_133
CREATE TABLE bt_133 (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    c_0612 VARCHAR(120) NOT NULL DEFAULT '',
    c_0613 VARCHAR(120) NOT NULL DEFAULT '',
    parent_id BIGINT,
    CONSTRAINT fk_bt_133_parent FOREIGN KEY (parent_id) REFERENCES bt_067 (id)
) ENGINE=InnoDB;

-- migrate:down
DROP TABLE bt_133;
