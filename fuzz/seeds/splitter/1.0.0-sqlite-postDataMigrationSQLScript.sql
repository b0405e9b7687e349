-- 1.0.0: seed the default settings documents (SQLite).
-- Rows already present are left alone. Each new row is recorded in settings_history
-- by the settings_history_after_insert trigger.

INSERT INTO settings (config_type, json)
VALUES ('loginConfiguration', '{"maxLoginFailAttempts": 3, "accessBlockTime": 600, "jwtTokenExpiryTime": 3600}')
ON CONFLICT (config_type) DO NOTHING;

INSERT INTO settings (config_type, json)
VALUES ('emailConfiguration', '{"enableSmtpServer": false, "senderMail": "catalog@example.com", "serverPort": 587}')
ON CONFLICT (config_type) DO NOTHING;
