-- dbshape dump format 1
-- dbshape:header {"format_version":1,"tool_version":"0.1.0","dialect":"sqlite","engine_version":"SQLite 3.51.3","schema_version":"1.3.1","server_version":"1.3.1","change_log":[{"version":"1.0.0","checksum":"d9e4fcccc20e43b62731fbfcc463e6081cbc1ad58fff016997b671b32297bdaf","status":"COMPLETED"},{"version":"1.1.0","checksum":"c88614df4156741dedd731f5f2fbef2f7bd8dd1ae0578d04aaec6b9f77e93008","status":"COMPLETED"},{"version":"1.2.0","checksum":"65c111c74033093437736a713efada2fe30131d2bf1260e41fa911d4f478cb46","status":"COMPLETED"},{"version":"1.3.0","checksum":"5e0e142e727a469e44cb238d99b29033487a6ec552dc960d960715dd549d57b4","status":"COMPLETED"},{"version":"1.3.1","checksum":"84d6487015679ace8948c47877da823c33a8c4d2d8059567dec45fac2316dfc5","status":"COMPLETED"}],"created_at":"2026-11-22T03:55:42Z","tables":[{"name":"change_event","columns":[{"name":"id","type":"INTEGER"},{"name":"event_type","type":"TEXT"},{"name":"entity_type","type":"TEXT"},{"name":"entity_id","type":"TEXT"},{"name":"event_time","type":"INTEGER"},{"name":"json","type":"TEXT"}]},{"name":"database_entity","columns":[{"name":"json","type":"TEXT"}]},{"name":"entity_relationship","columns":[{"name":"from_id","type":"TEXT"},{"name":"to_id","type":"TEXT"},{"name":"from_entity","type":"TEXT"},{"name":"to_entity","type":"TEXT"},{"name":"relation","type":"INTEGER"},{"name":"json","type":"TEXT"},{"name":"deleted","type":"INTEGER"}]},{"name":"settings","columns":[{"name":"id","type":"INTEGER"},{"name":"config_type","type":"TEXT"},{"name":"json","type":"TEXT"}]},{"name":"settings_history","columns":[{"name":"id","type":"INTEGER"},{"name":"config_type","type":"TEXT"},{"name":"change_type","type":"TEXT"},{"name":"json","type":"TEXT"},{"name":"changed_at","type":"INTEGER"}]},{"name":"table_entity","columns":[{"name":"json","type":"TEXT"},{"name":"fqn_hash","type":"TEXT"}]},{"name":"user_entity","columns":[{"name":"json","type":"TEXT"}]}],"triggers":[{"name":"settings_history_after_insert","table":"settings"},{"name":"settings_history_after_update","table":"settings"}]}
PRAGMA foreign_keys = OFF;
BEGIN;
-- dbshape:prepare
DELETE FROM "change_event";
DELETE FROM "database_entity";
DELETE FROM "entity_relationship";
DELETE FROM "settings";
DELETE FROM "settings_history";
DELETE FROM "table_entity";
DELETE FROM "user_entity";
DROP TRIGGER IF EXISTS "settings_history_after_insert";
DROP TRIGGER IF EXISTS "settings_history_after_update";
-- dbshape:table {"name":"change_event"}
INSERT INTO "change_event" ("id", "event_type", "entity_type", "entity_id", "event_time", "json") VALUES
(1,'created','table','f1',1,'{}');
-- dbshape:table {"name":"database_entity"}
-- dbshape:table {"name":"entity_relationship"}
-- dbshape:table {"name":"settings"}
INSERT INTO "settings" ("id", "config_type", "json") VALUES
(1,'loginConfiguration','{"maxLoginFailAttempts":3,"accessBlockTime":600,"jwtTokenExpiryTime":3600,"configType":"loginConfiguration"}'),
(2,'emailConfiguration','{"enableSmtpServer":false,"senderMail":"catalog@example.com","serverPort":587,"configType":"emailConfiguration"}'),
(3,'lineageSettings','{"configType": "lineageSettings", "upstreamDepth": 2, "downstreamDepth": 2, "lineageLayer": "EntityLineage"}');
-- dbshape:table {"name":"settings_history"}
INSERT INTO "settings_history" ("id", "config_type", "change_type", "json", "changed_at") VALUES
(1,'loginConfiguration','INSERT','{"maxLoginFailAttempts": 3, "accessBlockTime": 600, "jwtTokenExpiryTime": 3600}',1795319742553),
(2,'emailConfiguration','INSERT','{"enableSmtpServer": false, "senderMail": "catalog@example.com", "serverPort": 587}',1795319742553),
(3,'loginConfiguration','UPDATE','{"maxLoginFailAttempts":3,"accessBlockTime":600,"jwtTokenExpiryTime":3600,"configType":"loginConfiguration"}',1795319742599),
(4,'emailConfiguration','UPDATE','{"enableSmtpServer":false,"senderMail":"catalog@example.com","serverPort":587,"configType":"emailConfiguration"}',1795319742599),
(5,'lineageSettings','INSERT','{"configType": "lineageSettings", "upstreamDepth": 2, "downstreamDepth": 2, "lineageLayer": "EntityLineage"}',1795319742609);
-- dbshape:table {"name":"table_entity"}
INSERT INTO "table_entity" ("json", "fqn_hash") VALUES
('{"id": "f1", "name": "orders", "fullyQualifiedName": "shop.orders", "updatedAt": 1, "deleted": false}',NULL);
-- dbshape:table {"name":"user_entity"}
-- dbshape:counters
UPDATE sqlite_sequence SET seq = 1 WHERE name = 'change_event'; INSERT INTO sqlite_sequence (name, seq) SELECT 'change_event', 1 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'change_event');
UPDATE sqlite_sequence SET seq = 3 WHERE name = 'settings'; INSERT INTO sqlite_sequence (name, seq) SELECT 'settings', 3 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'settings');
UPDATE sqlite_sequence SET seq = 5 WHERE name = 'settings_history'; INSERT INTO sqlite_sequence (name, seq) SELECT 'settings_history', 5 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'settings_history');
-- dbshape:end
-- dbshape:trigger {"name":"settings_history_after_insert","table":"settings"}
CREATE TRIGGER settings_history_after_insert
    AFTER INSERT ON settings
    FOR EACH ROW
BEGIN
    INSERT INTO settings_history (config_type, change_type, json, changed_at)
    VALUES (NEW.config_type, 'INSERT', NEW.json,
            CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
-- dbshape:end-trigger
-- dbshape:trigger {"name":"settings_history_after_update","table":"settings"}
CREATE TRIGGER settings_history_after_update
    AFTER UPDATE ON settings
    FOR EACH ROW
BEGIN
    INSERT INTO settings_history (config_type, change_type, json, changed_at)
    VALUES (NEW.config_type, 'UPDATE', NEW.json,
            CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
-- dbshape:end-trigger
COMMIT;
-- dbshape:trailer {"tables":[{"name":"change_event","rows":1,"digest":"ebeca9e81b97b13b58050c03e71acee9"},{"name":"database_entity","rows":0,"digest":"00000000000000000000000000000000"},{"name":"entity_relationship","rows":0,"digest":"00000000000000000000000000000000"},{"name":"settings","rows":3,"digest":"4318f2649795c6925447c9fbbc247366"},{"name":"settings_history","rows":5,"digest":"a75b9a33f1b6fc53a56721f49c18b0cb"},{"name":"table_entity","rows":1,"digest":"9fa9f56e23011b7ec10bcabfd9582ad9"},{"name":"user_entity","rows":0,"digest":"00000000000000000000000000000000"}],"counters":[{"name":"change_event","value":1,"called":true},{"name":"settings","value":3,"called":true},{"name":"settings_history","value":5,"called":true}],"sha256":"03a646536106c86cb530b5d6d7fe5a86c5fd1271b4b1273f87fa01eead1c16c2"}
