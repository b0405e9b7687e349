-- 1.3.0: every settings document names its own configType (PostgreSQL).
-- Only documents missing it or disagreeing with their row are rewritten. Each rewrite
-- is recorded in settings_history by the settings_history_after_update trigger.

UPDATE settings
SET json = jsonb_set(json, '{configType}', to_jsonb(config_type))
WHERE (json ->> 'configType') IS DISTINCT FROM config_type;
