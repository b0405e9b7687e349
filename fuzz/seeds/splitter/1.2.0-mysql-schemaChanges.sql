-- 1.2.0: tell bot accounts from people (MySQL / MariaDB).
-- Adds user_entity.is_bot, generated from the isBot field of the user document.
-- VIRTUAL, so no table rebuild. Safe to run again (ADD COLUMN IF NOT EXISTS).

ALTER TABLE user_entity
    ADD COLUMN IF NOT EXISTS is_bot BOOLEAN
    GENERATED ALWAYS AS (json_unquote(json_extract(json, '$.isBot')) = 'true') VIRTUAL;
