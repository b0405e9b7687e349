-- 1.14.8: insert_bt_058, add_column_bt_071
INSERT INTO bt_058 (c_0266, c_0267, c_0268, c_0269) VALUES
    ('yankee oscar 890', '2024-03-11 05:20:00', 'alpha zulu 397', 'charlie sierra 589'),
    ('uniform yankee 181', '2024-04-20 11:15:00', 'echo victor 727', 'xray victor 967');
ALTER TABLE bt_071 ADD COLUMN c_0402 TEXT NOT NULL DEFAULT '';
