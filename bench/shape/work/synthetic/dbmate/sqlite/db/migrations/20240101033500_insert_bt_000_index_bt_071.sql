-- migrate:up
-- 1.21.5: insert_bt_000, index_bt_071
INSERT INTO bt_000 (c_0000, c_0001, c_0109, c_0107) VALUES
    (0, 0, 0, 'alpha mike 28'),
    (0, 1, 0, 'oscar xray 873'),
    (1, 0, 0, 'whiskey xray 566'),
    (0, 0, 0, 'romeo tango 542'),
    (0, 1, 1, 'golf delta 689');
CREATE INDEX bix_099 ON bt_071 (c_0508);

-- migrate:down
DROP INDEX bix_099;
