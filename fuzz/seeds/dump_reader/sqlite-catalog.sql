-- dbshape dump format 1
-- dbshape:header {"format_version":1,"tool_version":"0.1.0","dialect":"sqlite","engine_version":"SQLite 3.51.3","schema_version":"1.3.1","server_version":"1.3.1","change_log":[{"version":"1.0.0","checksum":"d9e4fcccc20e43b62731fbfcc463e6081cbc1ad58fff016997b671b32297bdaf","status":"COMPLETED"},{"version":"1.1.0","checksum":"c88614df4156741dedd731f5f2fbef2f7bd8dd1ae0578d04aaec6b9f77e93008","status":"COMPLETED"},{"version":"1.2.0","checksum":"65c111c74033093437736a713efada2fe30131d2bf1260e41fa911d4f478cb46","status":"COMPLETED"},{"version":"1.3.0","checksum":"5e0e142e727a469e44cb238d99b29033487a6ec552dc960d960715dd549d57b4","status":"COMPLETED"},{"version":"1.3.1","checksum":"84d6487015679ace8948c47877da823c33a8c4d2d8059567dec45fac2316dfc5","status":"COMPLETED"}],"created_at":"2026-11-22T06:04:42Z","tables":[{"name":"change_event","columns":[{"name":"id","type":"INTEGER"},{"name":"event_type","type":"TEXT"},{"name":"entity_type","type":"TEXT"},{"name":"entity_id","type":"TEXT"},{"name":"event_time","type":"INTEGER"},{"name":"json","type":"TEXT"}]},{"name":"database_entity","columns":[{"name":"json","type":"TEXT"}]},{"name":"entity_relationship","columns":[{"name":"from_id","type":"TEXT"},{"name":"to_id","type":"TEXT"},{"name":"from_entity","type":"TEXT"},{"name":"to_entity","type":"TEXT"},{"name":"relation","type":"INTEGER"},{"name":"json","type":"TEXT"},{"name":"deleted","type":"INTEGER"}]},{"name":"settings","columns":[{"name":"id","type":"INTEGER"},{"name":"config_type","type":"TEXT"},{"name":"json","type":"TEXT"}]},{"name":"settings_history","columns":[{"name":"id","type":"INTEGER"},{"name":"config_type","type":"TEXT"},{"name":"change_type","type":"TEXT"},{"name":"json","type":"TEXT"},{"name":"changed_at","type":"INTEGER"}]},{"name":"table_entity","columns":[{"name":"json","type":"TEXT"},{"name":"fqn_hash","type":"TEXT"}]},{"name":"user_entity","columns":[{"name":"json","type":"TEXT"}]}],"triggers":[{"name":"settings_history_after_insert","table":"settings"},{"name":"settings_history_after_update","table":"settings"}]}
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
(1,'entityCreated','table','t-0-0',1767225602001,'{"entityId":"t-0-0","eventType":"entityCreated","userName":"ingest-bot"}'),
(2,'entityCreated','table','t-0-1',1767225602002,'{"entityId":"t-0-1","eventType":"entityCreated","userName":"ingest-bot"}'),
(3,'entityCreated','table','t-0-2',1767225602003,'{"entityId":"t-0-2","eventType":"entityCreated","userName":"ingest-bot"}'),
(4,'entityCreated','table','t-0-3',1767225602004,'{"entityId":"t-0-3","eventType":"entityCreated","userName":"ingest-bot"}'),
(5,'entityCreated','table','t-1-0',1767225602005,'{"entityId":"t-1-0","eventType":"entityCreated","userName":"ingest-bot"}'),
(6,'entityCreated','table','t-1-1',1767225602006,'{"entityId":"t-1-1","eventType":"entityCreated","userName":"ingest-bot"}'),
(7,'entityCreated','table','t-1-2',1767225602007,'{"entityId":"t-1-2","eventType":"entityCreated","userName":"ingest-bot"}');
-- dbshape:table {"name":"database_entity"}
INSERT INTO "database_entity" ("json") VALUES
('{"deleted":false,"description":"The sales database.","fullyQualifiedName":"warehouse.sales","id":"d-0","name":"sales","service":"warehouse","updatedAt":1767225600100}'),
('{"deleted":false,"description":"The marketing database.","fullyQualifiedName":"warehouse.marketing","id":"d-1","name":"marketing","service":"warehouse","updatedAt":1767225600101}');
-- dbshape:table {"name":"entity_relationship"}
INSERT INTO "entity_relationship" ("from_id", "to_id", "from_entity", "to_entity", "relation", "json", "deleted") VALUES
('u-0','d-0','user','database',8,NULL,0),
('d-0','t-0-0','database','table',0,NULL,0),
('d-0','t-0-1','database','table',0,NULL,0),
('d-0','t-0-2','database','table',0,NULL,0),
('d-0','t-0-3','database','table',0,NULL,0),
('u-1','d-1','user','database',8,NULL,0),
('d-1','t-1-0','database','table',0,NULL,0),
('d-1','t-1-1','database','table',0,NULL,0),
('d-1','t-1-2','database','table',0,NULL,0);
-- dbshape:table {"name":"settings"}
INSERT INTO "settings" ("id", "config_type", "json") VALUES
(1,'loginConfiguration','{"maxLoginFailAttempts":5,"accessBlockTime":600,"jwtTokenExpiryTime":3600,"configType":"loginConfiguration"}'),
(2,'emailConfiguration','{"enableSmtpServer":false,"senderMail":"catalog@example.com","serverPort":587,"configType":"emailConfiguration"}'),
(3,'lineageSettings','{"configType": "lineageSettings", "upstreamDepth": 2, "downstreamDepth": 2, "lineageLayer": "EntityLineage"}');
-- dbshape:table {"name":"settings_history"}
INSERT INTO "settings_history" ("id", "config_type", "change_type", "json", "changed_at") VALUES
(1,'loginConfiguration','INSERT','{"maxLoginFailAttempts": 3, "accessBlockTime": 600, "jwtTokenExpiryTime": 3600}',1795327478642),
(2,'emailConfiguration','INSERT','{"enableSmtpServer": false, "senderMail": "catalog@example.com", "serverPort": 587}',1795327478642),
(3,'loginConfiguration','UPDATE','{"maxLoginFailAttempts": 5, "accessBlockTime": 600, "jwtTokenExpiryTime": 3600}',1795327478695),
(4,'loginConfiguration','UPDATE','{"maxLoginFailAttempts":5,"accessBlockTime":600,"jwtTokenExpiryTime":3600,"configType":"loginConfiguration"}',1795327478805),
(5,'emailConfiguration','UPDATE','{"enableSmtpServer":false,"senderMail":"catalog@example.com","serverPort":587,"configType":"emailConfiguration"}',1795327478805),
(6,'lineageSettings','INSERT','{"configType": "lineageSettings", "upstreamDepth": 2, "downstreamDepth": 2, "lineageLayer": "EntityLineage"}',1795327478837);
-- dbshape:table {"name":"table_entity"}
INSERT INTO "table_entity" ("json", "fqn_hash") VALUES
('{"columns":[{"dataType":"BIGINT","name":"id"},{"dataType":"TIMESTAMP","name":"created_at"},{"dataType":"VARCHAR","description":"Free text, with ''quotes'' and ünïcödé.","name":"note"}],"deleted":false,"fullyQualifiedName":"warehouse.sales.orders","id":"t-0-0","name":"orders","owner":{"id":"u-0","type":"user"},"tags":[{"tagFQN":"Tier.Tier2"}],"updatedAt":1767225601000}','4a833904d2df4e584ccb45c3fc60c1f93168324eb64980b60381388d81fd6370'),
('{"columns":[{"dataType":"BIGINT","name":"id"},{"dataType":"TIMESTAMP","name":"created_at"},{"dataType":"VARCHAR","description":"Free text, with ''quotes'' and ünïcödé.","name":"note"}],"deleted":false,"fullyQualifiedName":"warehouse.sales.customers","id":"t-0-1","name":"customers","owner":{"id":"u-0","type":"user"},"tags":[{"tagFQN":"Tier.Tier2"}],"updatedAt":1767225601001}','c0c472c2ee97ba8038ffa9f8e64d4a3d45429038e5bf28372026968b9b54195c'),
('{"columns":[{"dataType":"BIGINT","name":"id"},{"dataType":"TIMESTAMP","name":"created_at"},{"dataType":"VARCHAR","description":"Free text, with ''quotes'' and ünïcödé.","name":"note"}],"deleted":false,"fullyQualifiedName":"warehouse.sales.invoices","id":"t-0-2","name":"invoices","owner":{"id":"u-0","type":"user"},"tags":[{"tagFQN":"Tier.Tier2"}],"updatedAt":1767225601002}','4b6677f95cc02c5f83f857b30014549a272b12e2ab51f10170b6084788c553b3'),
('{"columns":[{"dataType":"BIGINT","name":"id"},{"dataType":"TIMESTAMP","name":"created_at"},{"dataType":"VARCHAR","description":"Free text, with ''quotes'' and ünïcödé.","name":"note"}],"deleted":false,"fullyQualifiedName":"warehouse.sales.refunds","id":"t-0-3","name":"refunds","owner":{"id":"u-0","type":"user"},"tags":[{"tagFQN":"Tier.Tier2"}],"updatedAt":1767225601003}','0b37890e27ddb2d1525b0d61646475827630f578aa3ea7077f5bb9a8cc0b2bfe'),
('{"columns":[{"dataType":"BIGINT","name":"id"},{"dataType":"TIMESTAMP","name":"created_at"},{"dataType":"VARCHAR","description":"Free text, with ''quotes'' and ünïcödé.","name":"note"}],"deleted":false,"fullyQualifiedName":"warehouse.marketing.campaigns","id":"t-1-0","name":"campaigns","owner":{"id":"u-1","type":"user"},"tags":[{"tagFQN":"Tier.Tier2"}],"updatedAt":1767225601010}','8f944d03496e33465bc71765dcd9a4a85a83b8d31394cbc4d1b4d5570b97ae5a'),
('{"columns":[{"dataType":"BIGINT","name":"id"},{"dataType":"TIMESTAMP","name":"created_at"},{"dataType":"VARCHAR","description":"Free text, with ''quotes'' and ünïcödé.","name":"note"}],"deleted":false,"fullyQualifiedName":"warehouse.marketing.clicks","id":"t-1-1","name":"clicks","owner":{"id":"u-1","type":"user"},"tags":[{"tagFQN":"Tier.Tier2"}],"updatedAt":1767225601011}','a9bff3bd6e3a59210cb44ebb3f6b35045e54fe161f0059478c3e761a88d4ced4'),
('{"columns":[{"dataType":"BIGINT","name":"id"},{"dataType":"TIMESTAMP","name":"created_at"},{"dataType":"VARCHAR","description":"Free text, with ''quotes'' and ünïcödé.","name":"note"}],"deleted":false,"fullyQualifiedName":"warehouse.marketing.leads","id":"t-1-2","name":"leads","owner":{"id":"u-1","type":"user"},"tags":[{"tagFQN":"Tier.Tier2"}],"updatedAt":1767225601012}','136ffce9187d959d7e79d9a9f0a6ab526f1548cc3bb6e197b196873896e63123');
-- dbshape:table {"name":"user_entity"}
INSERT INTO "user_entity" ("json") VALUES
('{"deleted":false,"displayName":"Ada Lovelace","email":"ada@example.com","id":"u-0","isBot":false,"name":"ada","updatedAt":1767225600000}'),
('{"deleted":false,"displayName":"Grace Hopper","email":"grace@example.com","id":"u-1","isBot":false,"name":"grace","updatedAt":1767225600001}'),
('{"deleted":false,"displayName":"Ingestion bot","email":"ingest-bot@example.com","id":"u-2","isBot":true,"name":"ingest-bot","updatedAt":1767225600002}');
-- dbshape:counters
UPDATE sqlite_sequence SET seq = 7 WHERE name = 'change_event'; INSERT INTO sqlite_sequence (name, seq) SELECT 'change_event', 7 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'change_event');
UPDATE sqlite_sequence SET seq = 3 WHERE name = 'settings'; INSERT INTO sqlite_sequence (name, seq) SELECT 'settings', 3 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'settings');
UPDATE sqlite_sequence SET seq = 6 WHERE name = 'settings_history'; INSERT INTO sqlite_sequence (name, seq) SELECT 'settings_history', 6 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'settings_history');
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
-- dbshape:trailer {"tables":[{"name":"change_event","rows":7,"digest":"82fe6869517d0dded2db0a0298a1c7ae"},{"name":"database_entity","rows":2,"digest":"b06ea1f64984dc8e0e35dda9d97726b7"},{"name":"entity_relationship","rows":9,"digest":"55652f6a5845bc7a58baf1d6b8dc96a3"},{"name":"settings","rows":3,"digest":"cb8da1b06b81cef5d554e8d5677fc7aa"},{"name":"settings_history","rows":6,"digest":"c41fb45e1e585e5a042b888be065792c"},{"name":"table_entity","rows":7,"digest":"50212edd611bd0e85d5d6907ec3ce21f"},{"name":"user_entity","rows":3,"digest":"fcdf70b0c6e974381088542244d6f53b"}],"counters":[{"name":"change_event","value":7,"called":true},{"name":"settings","value":3,"called":true},{"name":"settings_history","value":6,"called":true}],"sha256":"081be575e7b35224580bde71496b3103c4fbae82169f9fa4a1a4c37d416e841a"}
