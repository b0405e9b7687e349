-- 1.3.0: every settings document names its own configType (MySQL / MariaDB).
-- Only documents missing it or disagreeing with their row are rewritten (safe to run
-- again). Each rewrite is recorded in settings_history by the
-- settings_history_after_update trigger.

UPDATE settings
SET json = json_set(json, '$.configType', config_type)
WHERE NOT (json_unquote(json_extract(json, '$.configType')) <=> config_type);
