-- dbshape dump format 1
-- dbshape:header {"format_version":1,"tool_version":"0.1.0","dialect":"mysql","engine_version":"MariaDB 10.11.19-MariaDB-0+deb12u1","schema_version":"1.3.1","server_version":"1.3.1","change_log":[{"version":"1.0.0","checksum":"1462ed56c4e6eecafc9862291d8ed07b802fdd2a1bb022fad7ed185201627f28","status":"COMPLETED"},{"version":"1.1.0","checksum":"58faa0f0126bf3ad43960534e93e1a06f431c3382c535e2cb3106ca16b12e749","status":"COMPLETED"},{"version":"1.2.0","checksum":"925c7965978130a9f3da41cdab116f42775ca6e49a997404fafdcff66e8822cd","status":"COMPLETED"},{"version":"1.3.0","checksum":"d1785b8dfcf5f30a4ad6f357bcfd80e3dd98159cc24940a4ed8805e30850f054","status":"COMPLETED"},{"version":"1.3.1","checksum":"84d6487015679ace8948c47877da823c33a8c4d2d8059567dec45fac2316dfc5","status":"COMPLETED"}],"created_at":"2026-11-22T06:04:50Z","tables":[{"name":"change_event","columns":[{"name":"id","type":"bigint(20)"},{"name":"event_type","type":"varchar(36)"},{"name":"entity_type","type":"varchar(36)"},{"name":"entity_id","type":"varchar(36)"},{"name":"event_time","type":"bigint(20)"},{"name":"json","type":"longtext"}]},{"name":"database_entity","columns":[{"name":"json","type":"longtext"}]},{"name":"entity_relationship","columns":[{"name":"from_id","type":"varchar(36)"},{"name":"to_id","type":"varchar(36)"},{"name":"from_entity","type":"varchar(256)"},{"name":"to_entity","type":"varchar(256)"},{"name":"relation","type":"smallint(6)"},{"name":"json","type":"longtext"},{"name":"deleted","type":"tinyint(1)"}]},{"name":"settings","columns":[{"name":"id","type":"int(11)"},{"name":"config_type","type":"varchar(36)"},{"name":"json","type":"longtext"}]},{"name":"settings_history","columns":[{"name":"id","type":"bigint(20)"},{"name":"config_type","type":"varchar(36)"},{"name":"change_type","type":"varchar(16)"},{"name":"json","type":"longtext"},{"name":"changed_at","type":"bigint(20)"}]},{"name":"table_entity","columns":[{"name":"json","type":"longtext"},{"name":"fqn_hash","type":"varchar(64)"}]},{"name":"user_entity","columns":[{"name":"json","type":"longtext"}]}],"triggers":[{"name":"settings_history_after_insert","table":"settings"},{"name":"settings_history_after_update","table":"settings"}]}
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
-- dbshape:table {"name":"database_entity"}
-- dbshape:table {"name":"entity_relationship"}
-- dbshape:table {"name":"settings"}
INSERT INTO `settings` (`id`, `config_type`, `json`) VALUES
(1,'loginConfiguration','{\"maxLoginFailAttempts\": 3, \"accessBlockTime\": 600, \"jwtTokenExpiryTime\": 3600, \"configType\": \"loginConfiguration\"}'),
(2,'emailConfiguration','{\"enableSmtpServer\": false, \"senderMail\": \"catalog@example.com\", \"serverPort\": 587, \"configType\": \"emailConfiguration\"}'),
(3,'lineageSettings','{\"configType\": \"lineageSettings\", \"upstreamDepth\": 2, \"downstreamDepth\": 2, \"lineageLayer\": \"EntityLineage\"}'),
(4,'a','{\"k\":\"x;y\\\\z\"}'),
(5,'b\'c','[1,2]');
-- dbshape:table {"name":"settings_history"}
INSERT INTO `settings_history` (`id`, `config_type`, `change_type`, `json`, `changed_at`) VALUES
(1,'loginConfiguration','INSERT','{\"maxLoginFailAttempts\": 3, \"accessBlockTime\": 600, \"jwtTokenExpiryTime\": 3600}',1795327484140),
(2,'emailConfiguration','INSERT','{\"enableSmtpServer\": false, \"senderMail\": \"catalog@example.com\", \"serverPort\": 587}',1795327484147),
(3,'loginConfiguration','UPDATE','{\"maxLoginFailAttempts\": 3, \"accessBlockTime\": 600, \"jwtTokenExpiryTime\": 3600, \"configType\": \"loginConfiguration\"}',1795327484348),
(4,'emailConfiguration','UPDATE','{\"enableSmtpServer\": false, \"senderMail\": \"catalog@example.com\", \"serverPort\": 587, \"configType\": \"emailConfiguration\"}',1795327484348),
(5,'lineageSettings','INSERT','{\"configType\": \"lineageSettings\", \"upstreamDepth\": 2, \"downstreamDepth\": 2, \"lineageLayer\": \"EntityLineage\"}',1795327484391),
(6,'a','INSERT','{\"k\":\"x;y\\\\z\"}',1795327489757),
(7,'b\'c','INSERT','[1,2]',1795327489757);
-- dbshape:table {"name":"table_entity"}
-- dbshape:table {"name":"user_entity"}
-- dbshape:counters
ALTER TABLE `change_event` AUTO_INCREMENT = 1;
ALTER TABLE `settings` AUTO_INCREMENT = 6;
ALTER TABLE `settings_history` AUTO_INCREMENT = 8;
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
-- dbshape:trailer {"tables":[{"name":"change_event","rows":0,"digest":"00000000000000000000000000000000"},{"name":"database_entity","rows":0,"digest":"00000000000000000000000000000000"},{"name":"entity_relationship","rows":0,"digest":"00000000000000000000000000000000"},{"name":"settings","rows":5,"digest":"5cc3c2e6cc561ef738a56491a74ddb4a"},{"name":"settings_history","rows":7,"digest":"bbafd4cfa4ecb927a9f760b5e875c5ac"},{"name":"table_entity","rows":0,"digest":"00000000000000000000000000000000"},{"name":"user_entity","rows":0,"digest":"00000000000000000000000000000000"}],"counters":[{"name":"change_event","value":1,"called":true},{"name":"settings","value":6,"called":true},{"name":"settings_history","value":8,"called":true}],"sha256":"4b80260dc5e91b1e973cf5a92cabd46b4a81055f6dcc7035eb39c35d79f2f079"}
