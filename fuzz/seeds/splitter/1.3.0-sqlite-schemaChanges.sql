-- 1.3.0: settings documents become real JSON (SQLite).
-- SQLite cannot add a CHECK constraint to an existing column, so settings is rebuilt:
-- create the new table, copy the rows, drop the old table, rename the new one, then
-- recreate the index and the two history triggers that DROP TABLE removed. Copying
-- into settings_new fires no trigger, so settings_history gets no extra rows.
-- A row that is not valid JSON makes the copy fail and the version roll back.
-- settings_history keeps its plain TEXT column.

CREATE TABLE settings_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    config_type TEXT NOT NULL,
    json TEXT NOT NULL CHECK (json_valid(json))
);

-- Carry the AUTOINCREMENT high-water mark over, so ids of deleted rows are not reused.
INSERT INTO sqlite_sequence (name, seq)
SELECT 'settings_new', seq FROM sqlite_sequence WHERE name = 'settings';

INSERT INTO settings_new (id, config_type, json)
SELECT id, config_type, json FROM settings;

DROP TABLE settings;

ALTER TABLE settings_new RENAME TO settings;

CREATE UNIQUE INDEX settings_config_type_key ON settings (config_type);

CREATE TRIGGER settings_history_after_insert
    AFTER INSERT ON settings
    FOR EACH ROW
BEGIN
    INSERT INTO settings_history (config_type, change_type, json, changed_at)
    VALUES (NEW.config_type, 'INSERT', NEW.json,
            CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER settings_history_after_update
    AFTER UPDATE ON settings
    FOR EACH ROW
BEGIN
    INSERT INTO settings_history (config_type, change_type, json, changed_at)
    VALUES (NEW.config_type, 'UPDATE', NEW.json,
            CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
