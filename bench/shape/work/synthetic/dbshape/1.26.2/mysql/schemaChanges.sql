-- 1.26.2: insert_bt_007, add_column_bt_033, create_bt_144
INSERT INTO bt_007 (c_0027, c_0028, c_0029, c_0030, c_0046, c_0179, c_0447, c_0658) VALUES
    ('victor golf 409', 84386, 'kilo uniform 959', TRUE, 'delta charlie 112', 13998, FALSE, 'charlie alpha 628'),
    ('zulu whiskey 892', 21933, 'victor foxtrot 913', TRUE, 'juliet tango 913', 18386, TRUE, 'lima november 544'),
    ('uniform hotel 837', 75929, 'hotel zulu 739', FALSE, 'sierra bravo 855', 44021, FALSE, 'sierra juliet 774');
ALTER TABLE bt_033 ADD COLUMN c_0662 DECIMAL(12,2) NOT NULL DEFAULT 0;
CREATE TABLE bt_144 (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    c_0663 VARCHAR(120) NOT NULL DEFAULT '',
    c_0664 INT NOT NULL DEFAULT 0,
    c_0665 INT NOT NULL DEFAULT 0,
    c_0666 BOOLEAN NOT NULL DEFAULT FALSE,
    c_0667 BOOLEAN NOT NULL DEFAULT FALSE
) ENGINE=InnoDB;
