-- migrate:up
-- 1.24.0: rename_column_bt_053, update_bt_016, create_bt_134
ALTER TABLE bt_053 RENAME COLUMN c_0253 TO c_0614;
UPDATE bt_016 SET c_0443 = 'whiskey uniform 220' WHERE id % 3 = 0;
CREATE TABLE bt_134 (
    id BIGSERIAL PRIMARY KEY,
    c_0615 INTEGER NOT NULL DEFAULT 0,
    c_0616 NUMERIC(12,2) NOT NULL DEFAULT 0
);

-- migrate:down
DROP TABLE bt_134;
ALTER TABLE bt_053 RENAME COLUMN c_0614 TO c_0253;
