//! notes_server: a small HTTP service that owns its schema through dbshape.
//!
//! - Its migration set is compiled into the binary (`embed_migrations!`), with one Rust
//!   step (`count_words`, version 1.1.0).
//! - `serve` gates start-up with `Shaper::ensure_current`: an empty database is shaped,
//!   an older one upgraded, and a database newer than this binary is refused before a
//!   single request is served. Replicas started at once apply each version once.
//! - `ops` is the operator's toolbox, the `dbshape` commands on this server's own set:
//!   `notes_server ops info`, `ops backup`, `ops restore --shape`, `ops upgrade`...
//!
//! ```text
//! cargo run --example notes_server -- serve --listen 127.0.0.1:8080
//! curl 127.0.0.1:8080/health          # notes_server: schema 1.2.0
//! cargo run --example notes_server -- ops backup -o notes.sql.zst
//! cargo run --example notes_server -- ops --url sqlite://./copy.db restore notes.sql.zst --shape
//! ```
//!
//! The database comes from `--database` (or `NOTES_DATABASE_URL`), default
//! `sqlite://./notes.db`; `ops --url` overrides it for one command.

mod count_words;

use std::time::Duration;

use clap::{Parser, Subcommand};
use dbshape::{Migrations, Shaper};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How this server's messages name its `ops` commands.
const OPS: &str = "notes_server ops";

#[derive(Parser)]
#[command(
    name = "notes_server",
    about = "Notes over HTTP, its schema kept by dbshape"
)]
struct Cli {
    /// The database: postgres://, mysql:// or sqlite://PATH
    #[arg(
        long,
        env = "NOTES_DATABASE_URL",
        default_value = "sqlite://./notes.db",
        global = true
    )]
    database: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Shape the database to this version (waiting for another replica doing it), then
    /// serve
    Serve {
        /// Address to listen on (port 0: any free port, printed at start)
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: String,
    },
    /// Database operations on this server's schema: migrate, info, validate, backup,
    /// verify, restore, upgrade, repair, baseline...
    Ops(Box<dbshape::cli::Ops>),
}

/// The server's migration set: its SQL compiled in, and its Rust step.
fn migrations() -> Migrations {
    dbshape::embed_migrations!("examples/notes_server/migrations").rust_step(
        "1.1.0",
        Box::new(count_words::CountWords),
        include_str!("count_words.rs"),
    )
}

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Ops(ops) => {
            let ops = ops.default_url(cli.database).program(OPS);
            ops.run(migrations()).await
        }
        Command::Serve { listen } => match serve(&cli.database, &listen).await {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: {e}");
                // dbshape's errors carry the exit codes of docs/cli.md (4: newer database).
                e.downcast_ref::<dbshape::Error>()
                    .map_or(1, dbshape::Error::exit_code)
            }
        },
    };
    std::process::exit(code);
}

/// Start-up: the schema gate, then the listener.
async fn serve(database: &str, listen: &str) -> Result<(), Box<dyn std::error::Error>> {
    let shaper = Shaper::builder()
        .url(database)
        .migrations(migrations())
        .lock_timeout(Duration::from_secs(120))
        .program(OPS)
        .build()?;
    // Before any request: shape an empty database, upgrade an older one, refuse a newer
    // one (`Error::VersionMismatch`, exit code 4), wait while another replica migrates.
    let report = shaper.ensure_current().await?;
    let version = report.schema_version.clone().unwrap_or_default();
    eprintln!(
        "schema version {version} ({} version(s) applied at start-up)",
        report.applied.len()
    );
    let db = Database::connect(sea_orm_url(database)).await?;
    let listener = TcpListener::bind(listen).await?;
    let address = listener.local_addr()?;
    // One write, so that a reader of the line never sees half of it.
    let line = format!("listening on {address}\n");
    std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes())?;
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let (db, version) = (db.clone(), version.clone());
        tokio::spawn(async move {
            let _ = answer(stream, &db, &version).await;
        });
    }
}

/// One HTTP/1.0-style exchange: `GET /health` and `GET /notes`.
async fn answer(
    mut stream: TcpStream,
    db: &DatabaseConnection,
    version: &str,
) -> std::io::Result<()> {
    // The request line is all this server needs.
    let mut request = Vec::new();
    let mut chunk = [0u8; 1024];
    while !request.windows(2).any(|w| w == b"\r\n") && request.len() < 8192 {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        request.extend_from_slice(&chunk[..n]);
    }
    let request = String::from_utf8_lossy(&request);
    let (status, body) = match request.split_whitespace().take(2).collect::<Vec<_>>()[..] {
        ["GET", "/health"] => ("200 OK", format!("notes_server: schema {version}\n")),
        ["GET", "/notes"] => match notes(db).await {
            Ok((notes, words)) => (
                "200 OK",
                format!("{{\"notes\":{notes},\"words\":{words}}}\n"),
            ),
            Err(e) => ("500 Internal Server Error", format!("{e}\n")),
        },
        _ => (
            "404 Not Found",
            "try GET /health or GET /notes\n".to_string(),
        ),
    };
    let response = format!(
        "HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

/// How many notes, and their words.
async fn notes(db: &DatabaseConnection) -> Result<(i64, i64), sea_orm::DbErr> {
    // COUNT and SUM come as bigint, numeric or decimal by engine: cast to a 64-bit integer.
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => {
            "SELECT COUNT(*)::bigint AS notes, COALESCE(SUM(words), 0)::bigint AS words FROM note"
        }
        DbBackend::MySql => {
            "SELECT COUNT(*) AS notes, CAST(COALESCE(SUM(words), 0) AS SIGNED) AS words FROM note"
        }
        _ => "SELECT COUNT(*) AS notes, COALESCE(SUM(words), 0) AS words FROM note",
    };
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?
        .ok_or_else(|| sea_orm::DbErr::RecordNotFound("no count".into()))?;
    let number = |column: &str| row.try_get::<i64>("", column);
    Ok((number("notes")?, number("words")?))
}

/// The same database as sea-orm names it (`mariadb://` is `mysql://` there).
fn sea_orm_url(url: &str) -> String {
    match url.strip_prefix("mariadb://") {
        Some(rest) => format!("mysql://{rest}"),
        None => url.to_string(),
    }
}
