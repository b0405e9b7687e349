-- migrate:up
-- 1.11.1: update_bt_015
UPDATE bt_015 SET c_0066 = 23462.63 WHERE id % 2 = 0;

-- migrate:down
-- data change, nothing to undo
