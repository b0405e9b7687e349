-- dbshape dump format 1
-- dbshape:header {"format_version":1,"tool_version":"0.1.0","dialect":"postgres","engine_version":"PostgreSQL 15.20 (Debian 15.20-0+deb12u1)","schema_version":"1.3.1","server_version":"1.3.1","change_log":[{"version":"1.0.0","checksum":"972568f2740c7eba5e7698fa72144c17eb6f005b30b15cd1d74bf5cd931bdcd6","status":"COMPLETED"},{"version":"1.1.0","checksum":"535de6e10b95c993f070723f99702cf149624227eddabe87181c3919572dbff8","status":"COMPLETED"},{"version":"1.2.0","checksum":"c9b7ae5d6b28601a2e76be496d1a5a34aaf684d7f1d485b32dd55000f36ed3c2","status":"COMPLETED"},{"version":"1.3.0","checksum":"56266726121bbed81099b9e54d2ee44e42c09edf625bb46834d272b18e333a11","status":"COMPLETED"},{"version":"1.3.1","checksum":"84d6487015679ace8948c47877da823c33a8c4d2d8059567dec45fac2316dfc5","status":"COMPLETED"}],"created_at":"2026-11-22T03:55:42Z","tables":[{"name":"change_event","columns":[{"name":"id","type":"bigint"},{"name":"event_type","type":"character varying(36)"},{"name":"entity_type","type":"character varying(36)"},{"name":"entity_id","type":"character varying(36)"},{"name":"event_time","type":"bigint"},{"name":"json","type":"jsonb"}]},{"name":"database_entity","columns":[{"name":"json","type":"jsonb"}]},{"name":"entity_relationship","columns":[{"name":"from_id","type":"character varying(36)"},{"name":"to_id","type":"character varying(36)"},{"name":"from_entity","type":"character varying(256)"},{"name":"to_entity","type":"character varying(256)"},{"name":"relation","type":"smallint"},{"name":"json","type":"jsonb"},{"name":"deleted","type":"boolean"}]},{"name":"settings","columns":[{"name":"id","type":"integer"},{"name":"config_type","type":"character varying(36)"},{"name":"json","type":"jsonb"}]},{"name":"settings_history","columns":[{"name":"id","type":"bigint"},{"name":"config_type","type":"character varying(36)"},{"name":"change_type","type":"character varying(16)"},{"name":"json","type":"jsonb"},{"name":"changed_at","type":"bigint"}]},{"name":"table_entity","columns":[{"name":"json","type":"jsonb"},{"name":"fqn_hash","type":"character varying(64)"}]},{"name":"user_entity","columns":[{"name":"json","type":"jsonb"}]}],"triggers":[]}
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET TimeZone = 'UTC';
SET extra_float_digits = 3;
SET bytea_output = 'hex';
-- dbshape:prepare
TRUNCATE TABLE "change_event", "database_entity", "entity_relationship", "settings", "settings_history", "table_entity", "user_entity";
ALTER TABLE "change_event" DISABLE TRIGGER USER;
ALTER TABLE "database_entity" DISABLE TRIGGER USER;
ALTER TABLE "entity_relationship" DISABLE TRIGGER USER;
ALTER TABLE "settings" DISABLE TRIGGER USER;
ALTER TABLE "settings_history" DISABLE TRIGGER USER;
ALTER TABLE "table_entity" DISABLE TRIGGER USER;
ALTER TABLE "user_entity" DISABLE TRIGGER USER;
-- dbshape:table {"name":"change_event"}
COPY "change_event" ("id", "event_type", "entity_type", "entity_id", "event_time", "json") FROM stdin;
1	created	table	f1	1	{}
\.
-- dbshape:table {"name":"database_entity"}
COPY "database_entity" ("json") FROM stdin;
\.
-- dbshape:table {"name":"entity_relationship"}
COPY "entity_relationship" ("from_id", "to_id", "from_entity", "to_entity", "relation", "json", "deleted") FROM stdin;
\.
-- dbshape:table {"name":"settings"}
COPY "settings" ("id", "config_type", "json") FROM stdin;
1	loginConfiguration	{"configType": "loginConfiguration", "accessBlockTime": 600, "jwtTokenExpiryTime": 3600, "maxLoginFailAttempts": 3}
2	emailConfiguration	{"configType": "emailConfiguration", "senderMail": "catalog@example.com", "serverPort": 587, "enableSmtpServer": false}
3	lineageSettings	{"configType": "lineageSettings", "lineageLayer": "EntityLineage", "upstreamDepth": 2, "downstreamDepth": 2}
\.
-- dbshape:table {"name":"settings_history"}
COPY "settings_history" ("id", "config_type", "change_type", "json", "changed_at") FROM stdin;
1	loginConfiguration	INSERT	{"accessBlockTime": 600, "jwtTokenExpiryTime": 3600, "maxLoginFailAttempts": 3}	1795319741457
2	emailConfiguration	INSERT	{"senderMail": "catalog@example.com", "serverPort": 587, "enableSmtpServer": false}	1795319741458
3	loginConfiguration	UPDATE	{"configType": "loginConfiguration", "accessBlockTime": 600, "jwtTokenExpiryTime": 3600, "maxLoginFailAttempts": 3}	1795319741564
4	emailConfiguration	UPDATE	{"configType": "emailConfiguration", "senderMail": "catalog@example.com", "serverPort": 587, "enableSmtpServer": false}	1795319741564
5	lineageSettings	INSERT	{"configType": "lineageSettings", "lineageLayer": "EntityLineage", "upstreamDepth": 2, "downstreamDepth": 2}	1795319741595
\.
-- dbshape:table {"name":"table_entity"}
COPY "table_entity" ("json", "fqn_hash") FROM stdin;
{"id": "f1", "name": "orders", "deleted": false, "updatedAt": 1, "fullyQualifiedName": "shop.orders"}	\N
\.
-- dbshape:table {"name":"user_entity"}
COPY "user_entity" ("json") FROM stdin;
\.
-- dbshape:counters
SELECT pg_catalog.setval('change_event_id_seq', 1, true);
SELECT pg_catalog.setval('settings_history_id_seq', 5, true);
SELECT pg_catalog.setval('settings_id_seq', 3, true);
-- dbshape:end
ALTER TABLE "change_event" ENABLE TRIGGER USER;
ALTER TABLE "database_entity" ENABLE TRIGGER USER;
ALTER TABLE "entity_relationship" ENABLE TRIGGER USER;
ALTER TABLE "settings" ENABLE TRIGGER USER;
ALTER TABLE "settings_history" ENABLE TRIGGER USER;
ALTER TABLE "table_entity" ENABLE TRIGGER USER;
ALTER TABLE "user_entity" ENABLE TRIGGER USER;
-- dbshape:trailer {"tables":[{"name":"change_event","rows":1,"digest":"48ca0e3059abffd96f9d74a0da71cd16"},{"name":"database_entity","rows":0,"digest":"00000000000000000000000000000000"},{"name":"entity_relationship","rows":0,"digest":"00000000000000000000000000000000"},{"name":"settings","rows":3,"digest":"bf40d2b24c273116716ab4eca19b23dd"},{"name":"settings_history","rows":5,"digest":"130518ab08d63206c56ef530f40400f1"},{"name":"table_entity","rows":1,"digest":"dc6f7c812f9994929870d25ccb406c12"},{"name":"user_entity","rows":0,"digest":"00000000000000000000000000000000"}],"counters":[{"name":"change_event_id_seq","value":1,"called":true},{"name":"settings_history_id_seq","value":5,"called":true},{"name":"settings_id_seq","value":3,"called":true}],"sha256":"406dba2516f6b069f1645c263f2a01a968541e44b84b94de5be43b13f77cf775"}
