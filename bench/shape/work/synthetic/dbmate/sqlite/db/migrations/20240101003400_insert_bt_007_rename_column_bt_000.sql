-- migrate:up
-- 1.3.4: insert_bt_007, rename_column_bt_000
INSERT INTO bt_007 (c_0027, c_0028, c_0029, c_0030, c_0046) VALUES
    ('oscar mike 593', 76314, 'kilo lima 273', 0, 'delta foxtrot 151'),
    ('echo india 849', 15231, 'foxtrot zulu 164', 0, 'yankee papa 933');
ALTER TABLE bt_000 RENAME COLUMN c_0002 TO c_0109;

-- migrate:down
ALTER TABLE bt_000 RENAME COLUMN c_0109 TO c_0002;
