-- migrate:up
-- 1.19.6: index_bt_036, add_column_bt_065, insert_bt_029
CREATE INDEX bix_089 ON bt_036 (c_0173);
ALTER TABLE bt_065 ADD COLUMN c_0517 TEXT NOT NULL DEFAULT '';
INSERT INTO bt_029 (c_0136, c_0137, c_0138, c_0139, c_0140, c_0144, c_0281, c_0361, c_0384, c_0389) VALUES
    ('2024-06-08 00:03:00', '2024-01-04 14:52:00', 82657.92, 23446, '2024-05-20 12:05:00', 'november india 350', 61007.95, 'whiskey echo 853', 10887.14, 0),
    ('2024-09-11 11:17:00', '2024-11-28 13:42:00', 67622.20, 33665, '2024-05-24 21:24:00', 'uniform sierra 888', 66661.15, 'tango xray 778', 82484.57, 1),
    ('2024-06-13 22:38:00', '2024-11-09 07:52:00', 90357.58, 58441, '2024-10-14 23:35:00', 'echo yankee 810', 35084.19, 'november bravo 185', 45541.57, 1);

-- migrate:down
ALTER TABLE bt_065 DROP COLUMN c_0517;
DROP INDEX bix_089;
