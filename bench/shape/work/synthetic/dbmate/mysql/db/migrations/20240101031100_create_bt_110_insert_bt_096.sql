-- migrate:up
-- 1.19.1: create_bt_110, insert_bt_096, index_bt_013
CREATE TABLE bt_110 (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    c_0505 DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    c_0506 DECIMAL(12,2) NOT NULL DEFAULT 0
) ENGINE=InnoDB;
INSERT INTO bt_096 (c_0434, c_0435) VALUES
    ('bravo lima 625', 38422.19),
    ('charlie sierra 197', 92892.63),
    ('echo tango 111', 91081.10);
CREATE INDEX bix_086 ON bt_013 (c_0056);

-- migrate:down
DROP INDEX bix_086 ON bt_013;
DROP TABLE bt_110;
