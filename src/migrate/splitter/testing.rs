//! What the splitter's unit tests share: the dialects by short names, `split` with its
//! result unwrapped, and a MySQL script of routines in `DELIMITER` blocks.

pub(super) use super::{normalize, split, SplitError, Statement};
pub(super) use crate::dialect::Dialect;

pub(super) const PG: Dialect = Dialect::Postgres;
pub(super) const MY: Dialect = Dialect::Mysql;
pub(super) const LITE: Dialect = Dialect::Sqlite;

pub(super) fn ok(content: &str, dialect: Dialect) -> Vec<Statement> {
    match split(content, dialect) {
        Ok(statements) => statements,
        Err(e) => panic!("{dialect}: unexpected error: {e}\ninput:\n{content}"),
    }
}

pub(super) fn sqls(content: &str, dialect: Dialect) -> Vec<String> {
    ok(content, dialect).into_iter().map(|s| s.sql).collect()
}

pub(super) fn lines(content: &str, dialect: Dialect) -> Vec<usize> {
    ok(content, dialect).into_iter().map(|s| s.line).collect()
}

pub(super) fn err(content: &str, dialect: Dialect) -> SplitError {
    match split(content, dialect) {
        Ok(statements) => panic!("{dialect}: expected an error, got {statements:?}"),
        Err(e) => e,
    }
}

pub(super) const MYSQL_ROUTINES: &str = "\
CREATE TABLE t (id INT, updated_at DATETIME);

DELIMITER $$
CREATE TRIGGER t_touch BEFORE UPDATE ON t
FOR EACH ROW
BEGIN
  SET NEW.updated_at = NOW();
  SET @msg = 'done; really';
END$$
delimiter //
CREATE PROCEDURE p()
BEGIN
  SELECT 1; SELECT '$$';
END //
DELIMITER ;
INSERT INTO t VALUES (1, NULL);
";
