-- 1.2.0: tell bot accounts from people (PostgreSQL).
-- Adds user_entity.is_bot, generated from the isBot field of the user document.
-- PostgreSQL 15 only has STORED generated columns, so this rewrites user_entity.

ALTER TABLE user_entity
    ADD COLUMN is_bot BOOLEAN GENERATED ALWAYS AS ((json ->> 'isBot')::boolean) STORED;
