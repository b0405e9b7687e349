-- 1.3.0: settings documents become real JSON (MySQL / MariaDB).
-- settings.json and settings_history.json change from LONGTEXT to JSON (MariaDB: a
-- LONGTEXT with a json_valid CHECK). A row that is not valid JSON makes the statement
-- fail. The history triggers are unaffected. Safe to run again (MODIFY COLUMN to the
-- same definition).

ALTER TABLE settings MODIFY COLUMN json JSON NOT NULL;
ALTER TABLE settings_history MODIFY COLUMN json JSON NOT NULL;
