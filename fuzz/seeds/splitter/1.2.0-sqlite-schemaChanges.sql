-- 1.2.0: tell bot accounts from people (SQLite).
-- Adds user_entity.is_bot, generated from the isBot field of the user document.
-- ALTER TABLE can only add VIRTUAL generated columns in SQLite.

ALTER TABLE user_entity
    ADD COLUMN is_bot INTEGER GENERATED ALWAYS AS (json_extract(json, '$.isBot')) VIRTUAL;
