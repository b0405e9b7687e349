-- migrate:up
-- 1.21.5: insert_bt_000, index_bt_071
INSERT INTO bt_000 (c_0000, c_0001, c_0109, c_0107) VALUES
    (TRUE, TRUE, TRUE, 'alpha mike 28'),
    (TRUE, FALSE, TRUE, 'oscar xray 873'),
    (FALSE, TRUE, TRUE, 'whiskey xray 566'),
    (TRUE, TRUE, TRUE, 'romeo tango 542'),
    (TRUE, FALSE, FALSE, 'golf delta 689');
CREATE INDEX bix_099 ON bt_071 (c_0508);

-- migrate:down
DROP INDEX bix_099 ON bt_071;
