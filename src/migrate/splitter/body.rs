//! Statements whose `;` do not end them: a body of `BEGIN ... END` blocks (SQLite
//! triggers, PostgreSQL `BEGIN ATOMIC` routines) and, on PostgreSQL, parentheses
//! (multi-action `CREATE RULE`).
//!
//! The lexer hands every word and parenthesis of code to [`Pending`], which remembers
//! the statement's first words, decides from them whether the statement has a body
//! (see the parent module for the rules), and counts the open blocks and parentheses
//! that keep a terminator from ending it. Apart from the lexer because this is the only
//! place that looks at words as keywords, and the place a new statement form with a
//! body would be added.

use crate::dialect::Dialect;

/// How many leading words of a statement are remembered to recognise statements with
/// `BEGIN ... END` bodies (`CREATE OR REPLACE FUNCTION` is the longest prefix).
const LEAD_WORDS: usize = 4;

/// Whether a statement starting with `words` (lowercased) has a `BEGIN ... END` body whose
/// `;` must not end it.
fn has_block_body(dialect: Dialect, words: &[String]) -> bool {
    let word = |i: usize| words.get(i).map_or("", String::as_str);
    if word(0) != "create" {
        return false;
    }
    match dialect {
        Dialect::Sqlite => {
            word(1) == "trigger"
                || (matches!(word(1), "temp" | "temporary") && word(2) == "trigger")
        }
        Dialect::Postgres => {
            matches!(word(1), "function" | "procedure")
                || (word(1) == "or"
                    && word(2) == "replace"
                    && matches!(word(3), "function" | "procedure"))
        }
        Dialect::Mysql => false,
    }
}

/// What is known about the statement being scanned.
pub(super) struct Pending {
    /// Byte offset where the statement's chunk starts (just after the previous terminator
    /// and the comments that belong to the previous statement).
    pub(super) start: usize,
    /// Whether anything besides whitespace and comments has been seen.
    pub(super) has_code: bool,
    /// The first few words, lowercased.
    lead_words: Vec<String>,
    /// Whether `lead_words` announce a statement with a `BEGIN ... END` body.
    block_body: bool,
    /// Open `BEGIN`/`CASE` blocks in a statement with a body.
    pub(super) block_depth: usize,
    /// The keyword and line that opened the outermost block.
    pub(super) block_open: (&'static str, usize),
    /// Open parentheses.
    pub(super) paren_depth: usize,
    /// Line of the outermost open parenthesis.
    pub(super) paren_line: usize,
}

impl Pending {
    pub(super) fn new(start: usize) -> Self {
        Pending {
            start,
            has_code: false,
            lead_words: Vec::new(),
            block_body: false,
            block_depth: 0,
            block_open: ("BEGIN", 0),
            paren_depth: 0,
            paren_line: 0,
        }
    }

    /// Whether a delimiter at the current position ends the statement.
    pub(super) fn can_end(&self, dialect: Dialect) -> bool {
        self.block_depth == 0 && (dialect != Dialect::Postgres || self.paren_depth == 0)
    }

    /// Records a word of code on `line`.
    pub(super) fn word(&mut self, word: &str, dialect: Dialect, line: usize) {
        self.has_code = true;
        if self.lead_words.len() < LEAD_WORDS {
            self.lead_words.push(word.to_ascii_lowercase());
            self.block_body = has_block_body(dialect, &self.lead_words);
        }
        if !self.block_body || self.paren_depth > 0 {
            return;
        }
        let opener = if word.eq_ignore_ascii_case("begin") {
            Some("BEGIN")
        } else if word.eq_ignore_ascii_case("case") {
            Some("CASE")
        } else {
            None
        };
        if let Some(keyword) = opener {
            if self.block_depth == 0 {
                self.block_open = (keyword, line);
            }
            self.block_depth += 1;
        } else if word.eq_ignore_ascii_case("end") {
            self.block_depth = self.block_depth.saturating_sub(1);
        }
    }

    pub(super) fn open_paren(&mut self, line: usize) {
        self.has_code = true;
        if self.paren_depth == 0 {
            self.paren_line = line;
        }
        self.paren_depth += 1;
    }

    pub(super) fn close_paren(&mut self) {
        self.has_code = true;
        self.paren_depth = self.paren_depth.saturating_sub(1);
    }
}

#[cfg(test)]
mod tests {
    use crate::migrate::splitter::testing::*;

    // ---- PostgreSQL -------------------------------------------------------------------

    #[test]
    fn postgres_begin_atomic_function_body_is_kept_whole() {
        let input = "CREATE OR REPLACE FUNCTION add(a int, b int) RETURNS int\nLANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN a END;\n  SELECT a + b;\nEND;\ncreate procedure p() language sql begin atomic insert into t values (1); end;\nSELECT 1;";
        let statements = ok(input, PG);
        assert_eq!(statements.len(), 3, "{statements:?}");
        assert!(statements[0].sql.ends_with("SELECT a + b;\nEND"));
        assert_eq!(
            statements[1].sql,
            "create procedure p() language sql begin atomic insert into t values (1); end"
        );
        assert_eq!(
            statements[2],
            Statement {
                sql: "SELECT 1".into(),
                line: 8,
                index: 3,
                trailing: String::new()
            }
        );
    }

    #[test]
    fn postgres_parameter_named_begin_does_not_open_a_body() {
        assert_eq!(
            sqls(
                "CREATE FUNCTION f(begin int) RETURNS int LANGUAGE sql AS 'SELECT 1';SELECT 2",
                PG
            ),
            [
                "CREATE FUNCTION f(begin int) RETURNS int LANGUAGE sql AS 'SELECT 1'",
                "SELECT 2"
            ]
        );
    }

    #[test]
    fn postgres_transaction_statements_split_normally() {
        assert_eq!(
            sqls(
                "BEGIN;\nUPDATE t SET x = CASE WHEN y THEN 1 ELSE 2 END;\nEND;\nCOMMIT;",
                PG
            ),
            [
                "BEGIN",
                "UPDATE t SET x = CASE WHEN y THEN 1 ELSE 2 END",
                "END",
                "COMMIT"
            ]
        );
    }

    #[test]
    fn postgres_semicolons_inside_parentheses_do_not_split() {
        let input = "CREATE RULE r AS ON INSERT TO t DO INSTEAD (\n  INSERT INTO a VALUES (1);\n  INSERT INTO b VALUES (2)\n);\nSELECT 1";
        let statements = sqls(input, PG);
        assert_eq!(statements.len(), 2);
        assert!(statements[0].ends_with("INSERT INTO b VALUES (2)\n)"));
        // The other dialects have no such construct and end statements at every `;`.
        assert_eq!(
            sqls("SELECT (1;SELECT 2)", LITE),
            ["SELECT (1", "SELECT 2)"]
        );
    }

    // ---- SQLite -----------------------------------------------------------------------

    #[test]
    fn sqlite_trigger_body_with_case_and_several_statements_is_kept_whole() {
        let input = "\
CREATE TABLE t (id INTEGER, legend TEXT, end_date TEXT);
CREATE TRIGGER t_audit AFTER UPDATE ON t
WHEN CASE WHEN new.id > 0 THEN 1 ELSE 0 END
BEGIN
  INSERT INTO log VALUES (CASE new.id WHEN 1 THEN 'one;' ELSE 'many' END);
  UPDATE t SET legend = CASE WHEN legend IS NULL THEN 'x' END, end_date = 'BEGINNING';
  DELETE FROM t WHERE id < 0;
END;
SELECT 1;";
        let statements = ok(input, LITE);
        assert_eq!(statements.len(), 3, "{statements:?}");
        assert_eq!(statements[1].line, 2);
        assert!(statements[1].sql.starts_with("CREATE TRIGGER t_audit"));
        assert!(statements[1]
            .sql
            .ends_with("DELETE FROM t WHERE id < 0;\nEND"));
        assert_eq!(
            statements[2],
            Statement {
                sql: "SELECT 1".into(),
                line: 9,
                index: 3,
                trailing: String::new()
            }
        );
    }

    #[test]
    fn sqlite_temp_triggers_and_lowercase_keywords_are_recognised() {
        for create in [
            "create temp trigger",
            "CREATE TEMPORARY TRIGGER IF NOT EXISTS",
            "Create Trigger",
        ] {
            let input =
                format!("{create} x after insert on t begin select 1; select 2; end;\nselect 3;");
            assert_eq!(sqls(&input, LITE).len(), 2, "{create}");
        }
    }

    #[test]
    fn sqlite_keywords_match_whole_words_only() {
        let input = "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET beginning = 1, end_date = 2, legend = 3, weekend = 4;\n  SELECT endx, xcase FROM t;\nEND;\nSELECT 1";
        assert_eq!(sqls(input, LITE).len(), 2);
    }

    #[test]
    fn sqlite_keywords_in_literals_and_comments_are_ignored() {
        let input = "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  SELECT 'END;', \"end\", [end], `end`; -- END;\n  /* END; */ SELECT 1;\nEND;\nSELECT 2";
        let statements = sqls(input, LITE);
        assert_eq!(statements.len(), 2, "{statements:?}");
        assert_eq!(statements[1], "SELECT 2");
    }

    #[test]
    fn sqlite_transaction_statements_split_normally() {
        assert_eq!(
            sqls("BEGIN TRANSACTION;\nCREATE TABLE t (id INTEGER);\nEND TRANSACTION;\nBEGIN;\nCOMMIT;", LITE),
            ["BEGIN TRANSACTION", "CREATE TABLE t (id INTEGER)", "END TRANSACTION", "BEGIN", "COMMIT"]
        );
    }

    #[test]
    fn sqlite_other_create_statements_ignore_case_and_end() {
        assert_eq!(
            sqls(
                "CREATE VIEW v AS SELECT CASE WHEN 1 THEN 2 END AS x;SELECT 2",
                LITE
            ),
            [
                "CREATE VIEW v AS SELECT CASE WHEN 1 THEN 2 END AS x",
                "SELECT 2"
            ]
        );
    }

    // ---- errors -----------------------------------------------------------------------

    #[test]
    fn unterminated_trigger_bodies_report_the_opening_keyword() {
        assert_eq!(
            err(
                "SELECT 1;\nCREATE TRIGGER tr AFTER INSERT ON t\nBEGIN\n  SELECT 1;\n",
                LITE
            ),
            SplitError::UnterminatedBlock {
                line: 3,
                keyword: "BEGIN"
            }
        );
        assert_eq!(
            err(
                "CREATE TRIGGER tr AFTER INSERT ON t WHEN CASE\nWHEN 1 THEN 1; SELECT 2;",
                LITE
            ),
            SplitError::UnterminatedBlock {
                line: 1,
                keyword: "CASE"
            }
        );
        assert_eq!(
            err(
                "CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;",
                PG
            ),
            SplitError::UnterminatedBlock {
                line: 2,
                keyword: "BEGIN"
            }
        );
    }

    #[test]
    fn unclosed_parentheses_in_postgres_report_their_line() {
        assert_eq!(
            err("SELECT 1;\nSELECT (1, (2);\nSELECT 3;", PG),
            SplitError::UnclosedParenthesis { line: 2 }
        );
    }
}
