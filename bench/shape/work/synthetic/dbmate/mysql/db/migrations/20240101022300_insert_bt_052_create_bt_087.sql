-- migrate:up
-- 1.14.3: insert_bt_052, create_bt_087
INSERT INTO bt_052 (c_0247, c_0248, c_0249) VALUES
    (TRUE, 25266.54, 'oscar golf 69'),
    (TRUE, 49039.21, 'mike bravo 195'),
    (TRUE, 63137.13, 'foxtrot oscar 980');
CREATE TABLE bt_087 (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    c_0393 VARCHAR(120) NOT NULL DEFAULT '',
    c_0394 BOOLEAN NOT NULL DEFAULT FALSE,
    parent_id BIGINT,
    CONSTRAINT fk_bt_087_parent FOREIGN KEY (parent_id) REFERENCES bt_080 (id)
) ENGINE=InnoDB;

-- migrate:down
DROP TABLE bt_087;
