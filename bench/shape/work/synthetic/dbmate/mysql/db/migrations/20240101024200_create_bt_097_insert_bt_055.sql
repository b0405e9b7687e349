-- migrate:up
-- 1.16.2: create_bt_097, insert_bt_055, insert_bt_003
CREATE TABLE bt_097 (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    c_0436 INT NOT NULL DEFAULT 0,
    c_0437 INT NOT NULL DEFAULT 0,
    c_0438 DECIMAL(12,2) NOT NULL DEFAULT 0
) ENGINE=InnoDB;
INSERT INTO bt_055 (c_0258, c_0259, c_0408) VALUES
    (FALSE, 'charlie delta 957', 3737),
    (TRUE, 'foxtrot hotel 61', 22135),
    (FALSE, 'uniform november 459', 6309),
    (FALSE, 'yankee november 493', 1257);
INSERT INTO bt_003 (c_0011, c_0026, c_0013, c_0014, c_0033, c_0073, c_0106, c_0133, c_0158, c_0357) VALUES
    ('yankee echo 839', '2024-12-07 17:59:00', 82998.85, 72374.47, 38390.42, '2024-03-05 11:37:00', TRUE, '2024-08-02 08:15:00', 3783, FALSE),
    ('quebec papa 113', '2024-06-25 22:00:00', 56468.24, 65990.15, 62130.66, '2024-06-19 07:18:00', TRUE, '2024-05-03 08:59:00', 23868, FALSE);

-- migrate:down
DROP TABLE bt_097;
