-- 1.0.0: seed the default settings documents (MySQL / MariaDB).
-- Rows already present are left alone (safe to run again). Each new row is recorded in
-- settings_history by the settings_history_after_insert trigger.

INSERT INTO settings (config_type, json)
SELECT 'loginConfiguration', '{"maxLoginFailAttempts": 3, "accessBlockTime": 600, "jwtTokenExpiryTime": 3600}'
FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM settings WHERE config_type = 'loginConfiguration');

INSERT INTO settings (config_type, json)
SELECT 'emailConfiguration', '{"enableSmtpServer": false, "senderMail": "catalog@example.com", "serverPort": 587}'
FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM settings WHERE config_type = 'emailConfiguration');
