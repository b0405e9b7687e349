-- 1.3.0: every settings document names its own configType (SQLite).
-- Only documents missing it or disagreeing with their row are rewritten. Each rewrite
-- is recorded in settings_history by the settings_history_after_update trigger.

UPDATE settings
SET json = json_set(json, '$.configType', config_type)
WHERE json_extract(json, '$.configType') IS NOT config_type;
