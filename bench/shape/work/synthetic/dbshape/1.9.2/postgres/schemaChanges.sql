-- 1.9.2: create_bt_059, insert_bt_038, update_bt_009
CREATE TABLE bt_059 (
    id BIGSERIAL PRIMARY KEY,
    c_0270 NUMERIC(12,2) NOT NULL DEFAULT 0,
    c_0271 TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    c_0272 BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO bt_038 (c_0184, c_0185, c_0186) VALUES
    ('delta romeo 368', 30776, 'mike delta 28'),
    ('juliet india 973', 17115, 'juliet whiskey 942'),
    ('uniform hotel 574', 10525, 'hotel quebec 758'),
    ('juliet bravo 913', 95318, 'oscar golf 346');
UPDATE bt_009 SET c_0034 = '2024-12-10 19:19:00' WHERE id % 2 = 0;
