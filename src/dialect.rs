//! The SQL dialects dbshape knows. A dialect names a directory of the migration set
//! (`postgres`, `mysql`, `sqlite`) and selects the rules of the statement splitter and
//! the engine implementation.

use std::fmt;
use std::str::FromStr;

/// One of the three SQL dialects, as named in the migrations directory layout.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// PostgreSQL (`postgres://`, `postgresql://`); its migration files are under `postgres/`.
    Postgres,
    /// MySQL or MariaDB (`mysql://`, `mariadb://`); its migration files are under `mysql/`.
    Mysql,
    /// SQLite (`sqlite://`); its migration files are under `sqlite/`.
    Sqlite,
}

impl Dialect {
    /// The directory name of this dialect under `<version>/`.
    pub fn dir_name(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgres",
            Dialect::Mysql => "mysql",
            Dialect::Sqlite => "sqlite",
        }
    }

    /// The engine's name for people: `PostgreSQL`, `MySQL/MariaDB`, `SQLite`.
    pub fn product(self) -> &'static str {
        match self {
            Dialect::Postgres => "PostgreSQL",
            Dialect::Mysql => "MySQL/MariaDB",
            Dialect::Sqlite => "SQLite",
        }
    }

    /// All dialects, in a fixed order.
    pub const ALL: [Dialect; 3] = [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite];
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.dir_name())
    }
}

impl FromStr for Dialect {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "postgres" | "postgresql" => Ok(Dialect::Postgres),
            "mysql" | "mariadb" => Ok(Dialect::Mysql),
            "sqlite" => Ok(Dialect::Sqlite),
            other => Err(format!(
                "unknown dialect `{other}`: expected postgres, mysql or sqlite"
            )),
        }
    }
}
