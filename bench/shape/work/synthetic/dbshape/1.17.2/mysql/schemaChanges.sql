-- 1.17.2: insert_bt_074, insert_bt_067, create_bt_101
INSERT INTO bt_074 (c_0340, c_0341) VALUES
    ('2024-02-09 10:36:00', 'uniform romeo 908'),
    ('2024-12-25 21:34:00', 'whiskey uniform 790'),
    ('2024-02-18 19:51:00', 'papa charlie 137'),
    ('2024-03-13 02:54:00', 'bravo yankee 993');
INSERT INTO bt_067 (c_0307, c_0308, c_0309, c_0310) VALUES
    ('2024-10-10 15:13:00', FALSE, '2024-11-04 19:33:00', 'juliet papa 858'),
    ('2024-09-10 07:35:00', FALSE, '2024-07-14 12:44:00', 'bravo quebec 153'),
    ('2024-05-07 09:27:00', FALSE, '2024-10-23 15:17:00', 'tango victor 55'),
    ('2024-03-06 17:38:00', TRUE, '2024-03-01 05:19:00', 'uniform sierra 607'),
    ('2024-04-20 15:16:00', TRUE, '2024-03-02 03:35:00', 'alpha victor 233');
CREATE TABLE bt_101 (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    c_0454 DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    c_0455 DECIMAL(12,2) NOT NULL DEFAULT 0,
    c_0456 VARCHAR(120) NOT NULL DEFAULT '',
    c_0457 VARCHAR(120) NOT NULL DEFAULT '',
    c_0458 INT NOT NULL DEFAULT 0,
    parent_id BIGINT,
    CONSTRAINT fk_bt_101_parent FOREIGN KEY (parent_id) REFERENCES bt_048 (id)
) ENGINE=InnoDB;
