DELIMITER $$
CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN SET NEW.x = 1; END$$
DELIMITER ;
SELECT 1--1;
# hash comment ;
SELECT `a;b`, "x\";y", 'q\';';
/*! SET x=1 */;
