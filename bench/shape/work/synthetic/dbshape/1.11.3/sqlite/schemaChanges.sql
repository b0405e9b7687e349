-- 1.11.3: index_bt_031, insert_bt_001, add_column_bt_016, index_bt_042
CREATE INDEX bix_050 ON bt_031 (c_0242);
INSERT INTO bt_001 (c_0003, c_0004, c_0005, c_0006, c_0040, c_0063) VALUES
    ('2024-02-19 21:19:00', '2024-03-01 05:58:00', 'bravo juliet 28', 81842, 'victor foxtrot 861', 67214),
    ('2024-04-01 09:48:00', '2024-09-25 07:48:00', 'charlie tango 425', 40611, 'romeo lima 593', 67075),
    ('2024-12-12 20:46:00', '2024-01-09 15:36:00', 'juliet lima 427', 42854, 'delta quebec 745', 26731);
ALTER TABLE bt_016 ADD COLUMN c_0304 INTEGER NOT NULL DEFAULT 0;
CREATE INDEX bix_051 ON bt_042 (c_0203);
