-- 1.3.1: patch release, portable to every dialect (PostgreSQL, MySQL / MariaDB, SQLite).
-- Seeds the lineageSettings document that 1.3.0 servers expect but no migration created.
-- Left alone when present, so safe to run again. A new row is recorded in
-- settings_history by the settings_history_after_insert trigger.

INSERT INTO settings (config_type, json)
SELECT 'lineageSettings', '{"configType": "lineageSettings", "upstreamDepth": 2, "downstreamDepth": 2, "lineageLayer": "EntityLineage"}'
FROM (SELECT 1 AS one) seed
WHERE NOT EXISTS (SELECT 1 FROM settings WHERE config_type = 'lineageSettings');
