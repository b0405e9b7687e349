//! SQLite snapshot reader for `backup` (see `crate::dump::source`).
