-- migrate:up
-- 1.13.9: update_bt_023, insert_bt_044, insert_bt_027
UPDATE bt_023 SET c_0110 = 4145 WHERE id % 3 = 0;
INSERT INTO bt_044 (c_0209, c_0210, c_0211) VALUES
    (TRUE, 29135.60, 54612.02),
    (TRUE, 34089.83, 89320.37);
INSERT INTO bt_027 (c_0128, c_0129, c_0130, c_0131, c_0132, c_0200) VALUES
    ('papa uniform 718', '2024-12-16 07:38:00', '2024-05-20 16:35:00', 7293, 40137.67, FALSE),
    ('sierra delta 192', '2024-11-19 05:02:00', '2024-07-13 09:34:00', 97243, 94183.85, TRUE),
    ('xray juliet 477', '2024-06-06 09:29:00', '2024-04-02 23:58:00', 27311, 55219.72, FALSE);

-- migrate:down
-- data change, nothing to undo
