-- 1.9.6: update_bt_011, add_column_bt_029, insert_bt_007
UPDATE bt_011 SET c_0121 = FALSE WHERE id % 3 = 0;
ALTER TABLE bt_029 ADD COLUMN c_0281 NUMERIC(12,2) NOT NULL DEFAULT 0;
INSERT INTO bt_007 (c_0027, c_0028, c_0029, c_0030, c_0046, c_0179) VALUES
    ('foxtrot uniform 654', 87812, 'whiskey bravo 40', TRUE, 'xray sierra 170', 70964),
    ('oscar romeo 724', 6772, 'bravo romeo 345', TRUE, 'charlie india 847', 80462);
