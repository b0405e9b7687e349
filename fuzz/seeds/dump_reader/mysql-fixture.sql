-- dbshape dump format 1
-- dbshape:header {"format_version":1,"tool_version":"0.1.0","dialect":"mysql","engine_version":"MariaDB 10.11.19-MariaDB-0+deb12u1","schema_version":"1.3.1","server_version":"1.3.1","change_log":[{"version":"1.0.0","checksum":"1462ed56c4e6eecafc9862291d8ed07b802fdd2a1bb022fad7ed185201627f28","status":"COMPLETED"},{"version":"1.1.0","checksum":"58faa0f0126bf3ad43960534e93e1a06f431c3382c535e2cb3106ca16b12e749","status":"COMPLETED"},{"version":"1.2.0","checksum":"925c7965978130a9f3da41cdab116f42775ca6e49a997404fafdcff66e8822cd","status":"COMPLETED"},{"version":"1.3.0","checksum":"d1785b8dfcf5f30a4ad6f357bcfd80e3dd98159cc24940a4ed8805e30850f054","status":"COMPLETED"},{"version":"1.3.1","checksum":"84d6487015679ace8948c47877da823c33a8c4d2d8059567dec45fac2316dfc5","status":"COMPLETED"}],"created_at":"2026-11-22T03:55:42Z","tables":[{"name":"change_event","columns":[{"name":"id","type":"bigint(20)"},{"name":"event_type","type":"varchar(36)"},{"name":"entity_type","type":"varchar(36)"},{"name":"entity_id","type":"varchar(36)"},{"name":"event_time","type":"bigint(20)"},{"name":"json","type":"longtext"}]},{"name":"database_entity","columns":[{"name":"json","type":"longtext"}]},{"name":"entity_relationship","columns":[{"name":"from_id","type":"varchar(36)"},{"name":"to_id","type":"varchar(36)"},{"name":"from_entity","type":"varchar(256)"},{"name":"to_entity","type":"varchar(256)"},{"name":"relation","type":"smallint(6)"},{"name":"json","type":"longtext"},{"name":"deleted","type":"tinyint(1)"}]},{"name":"settings","columns":[{"name":"id","type":"int(11)"},{"name":"config_type","type":"varchar(36)"},{"name":"json","type":"longtext"}]},{"name":"settings_history","columns":[{"name":"id","type":"bigint(20)"},{"name":"config_type","type":"varchar(36)"},{"name":"change_type","type":"varchar(16)"},{"name":"json","type":"longtext"},{"name":"changed_at","type":"bigint(20)"}]},{"name":"table_entity","columns":[{"name":"json","type":"longtext"},{"name":"fqn_hash","type":"varchar(64)"}]},{"name":"user_entity","columns":[{"name":"json","type":"longtext"}]}],"triggers":[{"name":"settings_history_after_insert","table":"settings"},{"name":"settings_history_after_update","table":"settings"}]}
SET NAMES utf8mb4;
SET time_zone = '+00:00';
SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO';
SET foreign_key_checks = 0;
SET unique_checks = 0;
-- dbshape:prepare
DELETE FROM `change_event`;
DELETE FROM `database_entity`;
DELETE FROM `entity_relationship`;
DELETE FROM `settings`;
DELETE FROM `settings_history`;
DELETE FROM `table_entity`;
DELETE FROM `user_entity`;
DROP TRIGGER IF EXISTS `settings_history_after_insert`;
DROP TRIGGER IF EXISTS `settings_history_after_update`;
-- dbshape:table {"name":"change_event"}
INSERT INTO `change_event` (`id`, `event_type`, `entity_type`, `entity_id`, `event_time`, `json`) VALUES
(1,'created','table','f1',1,'{}');
-- dbshape:table {"name":"database_entity"}
-- dbshape:table {"name":"entity_relationship"}
-- dbshape:table {"name":"settings"}
INSERT INTO `settings` (`id`, `config_type`, `json`) VALUES
(1,'loginConfiguration','{\"maxLoginFailAttempts\": 3, \"accessBlockTime\": 600, \"jwtTokenExpiryTime\": 3600, \"configType\": \"loginConfiguration\"}'),
(2,'emailConfiguration','{\"enableSmtpServer\": false, \"senderMail\": \"catalog@example.com\", \"serverPort\": 587, \"configType\": \"emailConfiguration\"}'),
(3,'lineageSettings','{\"configType\": \"lineageSettings\", \"upstreamDepth\": 2, \"downstreamDepth\": 2, \"lineageLayer\": \"EntityLineage\"}');
-- dbshape:table {"name":"settings_history"}
INSERT INTO `settings_history` (`id`, `config_type`, `change_type`, `json`, `changed_at`) VALUES
(1,'loginConfiguration','INSERT','{\"maxLoginFailAttempts\": 3, \"accessBlockTime\": 600, \"jwtTokenExpiryTime\": 3600}',1795319741934),
(2,'emailConfiguration','INSERT','{\"enableSmtpServer\": false, \"senderMail\": \"catalog@example.com\", \"serverPort\": 587}',1795319741938),
(3,'loginConfiguration','UPDATE','{\"maxLoginFailAttempts\": 3, \"accessBlockTime\": 600, \"jwtTokenExpiryTime\": 3600, \"configType\": \"loginConfiguration\"}',1795319742421),
(4,'emailConfiguration','UPDATE','{\"enableSmtpServer\": false, \"senderMail\": \"catalog@example.com\", \"serverPort\": 587, \"configType\": \"emailConfiguration\"}',1795319742421),
(5,'lineageSettings','INSERT','{\"configType\": \"lineageSettings\", \"upstreamDepth\": 2, \"downstreamDepth\": 2, \"lineageLayer\": \"EntityLineage\"}',1795319742484);
-- dbshape:table {"name":"table_entity"}
INSERT INTO `table_entity` (`json`, `fqn_hash`) VALUES
('{\"id\": \"f1\", \"name\": \"orders\", \"fullyQualifiedName\": \"shop.orders\", \"updatedAt\": 1, \"deleted\": false}',NULL);
-- dbshape:table {"name":"user_entity"}
-- dbshape:counters
ALTER TABLE `change_event` AUTO_INCREMENT = 2;
ALTER TABLE `settings` AUTO_INCREMENT = 4;
ALTER TABLE `settings_history` AUTO_INCREMENT = 6;
-- dbshape:end
-- dbshape:trigger {"name":"settings_history_after_insert","table":"settings"}
DELIMITER ;;
CREATE TRIGGER `settings_history_after_insert` AFTER INSERT ON `settings` FOR EACH ROW BEGIN
    INSERT INTO settings_history (config_type, change_type, json, changed_at)
    VALUES (NEW.config_type, 'INSERT', NEW.json, CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED));
END;;
DELIMITER ;
-- dbshape:end-trigger
-- dbshape:trigger {"name":"settings_history_after_update","table":"settings"}
DELIMITER ;;
CREATE TRIGGER `settings_history_after_update` AFTER UPDATE ON `settings` FOR EACH ROW BEGIN
    INSERT INTO settings_history (config_type, change_type, json, changed_at)
    VALUES (NEW.config_type, 'UPDATE', NEW.json, CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED));
END;;
DELIMITER ;
-- dbshape:end-trigger
SET foreign_key_checks = 1;
SET unique_checks = 1;
-- dbshape:trailer {"tables":[{"name":"change_event","rows":1,"digest":"ebeca9e81b97b13b58050c03e71acee9"},{"name":"database_entity","rows":0,"digest":"00000000000000000000000000000000"},{"name":"entity_relationship","rows":0,"digest":"00000000000000000000000000000000"},{"name":"settings","rows":3,"digest":"c86ffc0c0ee11bb939815c8f23a4d8a5"},{"name":"settings_history","rows":5,"digest":"c8ee9b1c002fe35daf4fb0fc483644f0"},{"name":"table_entity","rows":1,"digest":"f26dff68e80bad9ba39dd7b990911690"},{"name":"user_entity","rows":0,"digest":"00000000000000000000000000000000"}],"counters":[{"name":"change_event","value":2,"called":true},{"name":"settings","value":4,"called":true},{"name":"settings_history","value":6,"called":true}],"sha256":"e36cea73fb3a5e85f137e435ff1b0bd881e4d5a3f72254883bc57ee2fbfe6837"}
