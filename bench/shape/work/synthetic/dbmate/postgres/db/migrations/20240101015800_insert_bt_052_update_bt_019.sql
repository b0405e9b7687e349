-- migrate:up
-- 1.11.8: insert_bt_052, update_bt_019, update_bt_015
INSERT INTO bt_052 (c_0247, c_0248, c_0249) VALUES
    (TRUE, 28270.38, 'juliet india 209'),
    (TRUE, 34116.00, 'tango yankee 829'),
    (FALSE, 88908.57, 'papa whiskey 516');
UPDATE bt_019 SET c_0105 = 'papa delta 828' WHERE id % 4 = 0;
UPDATE bt_015 SET c_0066 = 98798.26 WHERE id % 4 = 0;

-- migrate:down
-- data change, nothing to undo
