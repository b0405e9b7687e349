//! MySQL's `DELIMITER` client command: it replaces the statement terminator until the
//! next `DELIMITER`, so that routine and trigger bodies may hold `;`.
//!
//! The command belongs to the `mysql` client, not to the server, so the splitter reads
//! it the way that client does: only as the first word of a statement, taking the rest
//! of its line, which is not part of any statement. What an argument may be is decided
//! here, with an error that says how to write it.

use crate::dialect::Dialect;
use crate::error::SplitError;

/// The terminator every dialect starts with.
pub(super) const DEFAULT_DELIMITER: &str = ";";

/// Whether `word`, just read, is a `DELIMITER` command: MySQL only, the first word of
/// its statement (`first`), and followed by a blank or the end of input (`next`).
pub(super) fn is_command(dialect: Dialect, first: bool, word: &str, next: Option<u8>) -> bool {
    dialect == Dialect::Mysql
        && first
        && word.eq_ignore_ascii_case("delimiter")
        && next.is_none_or(|b| b.is_ascii_whitespace())
}

/// The terminator a `DELIMITER` command on `line` sets: `command` is the whole command
/// and `argument` what follows its keyword, both trimmed.
pub(super) fn parse(line: usize, command: &str, argument: &str) -> Result<String, SplitError> {
    let invalid = |reason: &'static str| SplitError::InvalidDelimiter {
        line,
        command: command.to_string(),
        reason,
    };
    if argument.is_empty() {
        return Err(SplitError::MissingDelimiter { line });
    }
    let (delimiter, after) = match argument.chars().next() {
        Some(quote @ ('\'' | '"' | '`')) => {
            let inner = argument.get(1..).unwrap_or_default();
            match inner.split_once(quote) {
                Some(parts) => parts,
                None => {
                    return Err(invalid(
                        "the quoted delimiter has no closing quote; close the quote or write the delimiter unquoted",
                    ))
                }
            }
        }
        _ => {
            let end = argument
                .find(|c: char| c.is_whitespace())
                .unwrap_or(argument.len());
            argument.split_at_checked(end).unwrap_or((argument, ""))
        }
    };
    if delimiter.is_empty() {
        return Err(invalid("the delimiter is empty; write e.g. `DELIMITER $$`"));
    }
    if delimiter.chars().any(char::is_whitespace) {
        return Err(invalid(
            "a delimiter cannot contain whitespace; use e.g. `$$` or `//`",
        ));
    }
    if delimiter.contains('\\') {
        return Err(invalid(
            "a delimiter cannot contain a backslash; use e.g. `$$` or `//`",
        ));
    }
    if !after.trim().is_empty() {
        return Err(invalid(
            "unexpected text after the delimiter; put nothing else on the DELIMITER line",
        ));
    }
    Ok(delimiter.to_string())
}

#[cfg(test)]
mod tests {
    use crate::migrate::splitter::testing::*;

    #[test]
    fn mysql_delimiter_blocks_hold_triggers_and_procedures() {
        let statements = ok(MYSQL_ROUTINES, MY);
        assert_eq!(statements.len(), 4, "{statements:?}");
        assert_eq!(
            statements[0].sql,
            "CREATE TABLE t (id INT, updated_at DATETIME)"
        );
        assert_eq!(statements[1].line, 4);
        assert!(statements[1].sql.starts_with("CREATE TRIGGER t_touch"));
        assert!(statements[1]
            .sql
            .ends_with("SET @msg = 'done; really';\nEND"));
        assert_eq!(statements[2].line, 11);
        assert_eq!(
            statements[2].sql,
            "CREATE PROCEDURE p()\nBEGIN\n  SELECT 1; SELECT '$$';\nEND"
        );
        assert_eq!(
            statements[3],
            Statement {
                sql: "INSERT INTO t VALUES (1, NULL)".into(),
                line: 16,
                index: 4,
                trailing: String::new()
            }
        );
    }

    #[test]
    fn mysql_delimiter_lines_are_never_emitted() {
        for statement in ok(MYSQL_ROUTINES, MY) {
            assert!(
                !statement.sql.to_ascii_lowercase().contains("delimiter"),
                "{statement:?}"
            );
        }
    }

    #[test]
    fn mysql_custom_delimiters_of_any_shape_work() {
        assert_eq!(
            sqls(
                "DELIMITER ;;\nSELECT 1; SELECT 2;;\nDELIMITER ;\nSELECT 3;",
                MY
            ),
            ["SELECT 1; SELECT 2", "SELECT 3"]
        );
        assert_eq!(
            sqls(
                "DELIMITER '//'\nSELECT '//'//\nDELIMITER \";\"\nSELECT 4",
                MY
            ),
            ["SELECT '//'", "SELECT 4"]
        );
    }

    #[test]
    fn mysql_comments_before_a_delimiter_line_are_dropped() {
        assert_eq!(
            ok("-- switch for the trigger\nDELIMITER $$\nSELECT 1$$", MY),
            [Statement {
                sql: "SELECT 1".into(),
                line: 3,
                index: 1,
                trailing: String::new()
            }]
        );
    }

    #[test]
    fn mysql_delimiter_as_a_column_name_is_not_a_command() {
        assert_eq!(
            sqls(
                "CREATE TABLE t (\n  delimiter VARCHAR(4)\n);\nSELECT 1;",
                MY
            ),
            ["CREATE TABLE t (\n  delimiter VARCHAR(4)\n)", "SELECT 1"]
        );
    }

    #[test]
    fn mysql_delimiter_means_nothing_to_other_dialects() {
        assert_eq!(
            sqls("DELIMITER $$\nSELECT 1;", LITE),
            ["DELIMITER $$\nSELECT 1"]
        );
    }

    #[test]
    fn mysql_delimiter_errors_name_the_line() {
        assert_eq!(
            err("SELECT 1;\nDELIMITER\nSELECT 2", MY),
            SplitError::MissingDelimiter { line: 2 }
        );
        assert_eq!(
            err("DELIMITER   ", MY),
            SplitError::MissingDelimiter { line: 1 }
        );
        for (input, line) in [
            ("DELIMITER $$ extra", 1),
            ("\n\nDELIMITER \\\\", 3),
            ("DELIMITER '$$", 1),
            ("DELIMITER ''", 1),
            ("DELIMITER ' $'", 1),
        ] {
            match err(input, MY) {
                SplitError::InvalidDelimiter {
                    line: got, command, ..
                } => {
                    assert_eq!(got, line, "{input}");
                    assert_eq!(command, input.trim(), "{input}");
                }
                other => panic!("{input}: unexpected {other:?}"),
            }
        }
    }
}
