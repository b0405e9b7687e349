//! Trigger-block matcher (`dump::templates::trigger_definition`, what `verify` and
//! `restore` accept between a dump's trigger markers): never panics, and accepts only a
//! block that replays as exactly one `CREATE TRIGGER` statement with no client command.
//!
//! Input: the first byte picks the dialect (even: MySQL, odd: SQLite), the rest is the
//! block, split into lines at `\n`. The trigger is `t` on table `s`. Invariants of an
//! accepted block:
//! - it is exactly `trigger_block` of the definition returned (the template is exact);
//! - no line starts, after blanks, with `\` or `.` (the clients' own commands), and no
//!   control character but tab and CR appears;
//! - MySQL: the first line is `DELIMITER ;;`, the last `DELIMITER ;`, no other line
//!   starts with `delimiter`, and `;;` appears only at the end of the statement;
//! - SQLite: SQLite's own `sqlite3_complete` (what the sqlite3 shell uses to decide
//!   where a statement ends) finds no complete statement before the end of the block,
//!   and the whole block complete: the shell runs one statement.
#![no_main]

use std::ffi::CString;

use dbshape::dialect::Dialect;
use dbshape::dump::format::TriggerDef;
use dbshape::dump::templates::{trigger_block, trigger_definition};
use libfuzzer_sys::fuzz_target;

fn complete(sql: &str) -> bool {
    let Ok(c) = CString::new(sql) else {
        return false;
    };
    // SAFETY: a NUL-terminated string that lives across the call.
    unsafe { libsqlite3_sys::sqlite3_complete(c.as_ptr()) != 0 }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, block)) = data.split_first() else {
        return;
    };
    let dialect = if pick % 2 == 0 {
        Dialect::Mysql
    } else {
        Dialect::Sqlite
    };
    let lines: Vec<&[u8]> = block.split(|&b| b == b'\n').collect();
    let Ok(definition) = trigger_definition(dialect, "t", "s", &lines) else {
        return;
    };
    let def = TriggerDef {
        name: "t".into(),
        table: "s".into(),
        definition,
    };
    let rendered = trigger_block(dialect, &def);
    let text: Vec<String> = lines
        .iter()
        .map(|l| String::from_utf8(l.to_vec()).expect("accepted lines are UTF-8"))
        .collect();
    assert_eq!(rendered, text, "accepted a block that is not its template");
    for l in &text {
        let start = l.trim_start();
        assert!(
            !start.starts_with('\\') && !start.starts_with('.'),
            "accepted a client command: {l:?}"
        );
        assert!(
            !l.chars().any(|c| c.is_control() && c != '\t' && c != '\r'),
            "accepted a control character: {l:?}"
        );
    }
    match dialect {
        Dialect::Mysql => {
            assert_eq!(text.first().map(String::as_str), Some("DELIMITER ;;"));
            assert_eq!(text.last().map(String::as_str), Some("DELIMITER ;"));
            for l in &text[1..text.len() - 1] {
                let s = l.trim_start();
                assert!(
                    !s.get(..9).is_some_and(|w| w.eq_ignore_ascii_case("delimiter")),
                    "accepted a delimiter change: {l:?}"
                );
            }
            assert!(!def.definition.contains(";;"), "accepted `;;` inside");
        }
        _ => {
            let all = text.join("\n");
            for (i, _) in all.match_indices(';') {
                if i + 1 < all.len() {
                    assert!(
                        !complete(&all[..=i]),
                        "a statement ends before the block does: {:?}",
                        &all[..=i]
                    );
                }
            }
            assert!(complete(&all), "the block is not one complete statement: {all:?}");
        }
    }
});
