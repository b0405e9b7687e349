-- 1.3.0: settings documents become real JSON (PostgreSQL).
-- settings.json and settings_history.json change from TEXT to JSONB. A row that is not
-- valid JSON makes this version fail and roll back as a whole. The history triggers
-- are unaffected.

ALTER TABLE settings ALTER COLUMN json TYPE JSONB USING json::jsonb;
ALTER TABLE settings_history ALTER COLUMN json TYPE JSONB USING json::jsonb;
