//! Every SQL statement of Rehearse lives under this module (server only).
//!
//! [`Db`] holds two pools over one SQLite file: a single-connection writer, so writes queue in
//! the pool instead of failing with `SQLITE_BUSY`, and a small reader pool that WAL lets run
//! beside it. Functions take `&Db` (or a transaction) and are named for their intent.
//! Statements stay portable to PostgreSQL: no SQLite-only functions, `$n` placeholders,
//! `ON CONFLICT … DO UPDATE` for upserts.

pub mod pages;
pub mod practice;
pub mod progress;
pub mod questions;
pub mod search;
pub mod sessions;
pub mod sets;
pub mod stories;
pub mod throttle;
mod types;
pub mod users;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Db {
    reader: SqlitePool,
    writer: SqlitePool,
}

/// Causes are exposed through `source()`, not repeated in the message, so a logged chain
/// names each cause once.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("`{url}` is not a usable database URL: {reason}")]
    Url { url: String, reason: String },
    #[error("cannot create the database directory {}", dir.display())]
    Directory {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the database {}", path.display())]
    Open { path: PathBuf, source: sqlx::Error },
    #[error("a database migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("a database query failed")]
    Query(#[from] sqlx::Error),
    /// The scheduler could not compute a review from a stored memory state.
    #[error("the scheduler rejected a stored memory state")]
    Schedule(#[from] crate::scheduler::SchedulerError),
    /// A stored value this build cannot read back (a row written by hand or by a newer build).
    #[error("unexpected value in the database: {0}")]
    Corrupt(String),
}

impl Db {
    /// Opens (creating if needed) the SQLite database at `url`, e.g. `sqlite://data/rehearse.db`.
    pub async fn connect(url: &str) -> Result<Self, DbError> {
        let bad_url = |reason: &str| DbError::Url {
            url: url.to_owned(),
            reason: reason.to_owned(),
        };
        // sqlx would read any other scheme as a file name and create it.
        if !url.starts_with("sqlite:") {
            return Err(bad_url(
                "expected sqlite://PATH, e.g. sqlite://data/rehearse.db",
            ));
        }
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| bad_url(&e.to_string()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // A rating the learner saw acknowledged must survive a power cut.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let path = options.get_filename().to_owned();
        if url.contains(":memory:") || url.contains("mode=memory") {
            return Err(bad_url(
                "an in-memory database cannot be shared by the reader and writer pools; use a file",
            ));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| DbError::Directory {
                dir: dir.to_owned(),
                source,
            })?;
        }
        let open = |source| DbError::Open {
            path: path.clone(),
            source,
        };
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await
            .map_err(open)?;
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await
            .map_err(open)?;
        Ok(Self { reader, writer })
    }

    /// Applies the migrations embedded from `migrations/`.
    pub async fn migrate(&self) -> Result<(), DbError> {
        sqlx::migrate!("../migrations").run(&self.writer).await?;
        Ok(())
    }

    pub fn reader(&self) -> &SqlitePool {
        &self.reader
    }

    pub fn writer(&self) -> &SqlitePool {
        &self.writer
    }

    /// The file behind this database, for start-up messages.
    pub fn path(&self) -> PathBuf {
        self.writer.connect_options().get_filename().to_owned()
    }

    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::Row;

    #[tokio::test]
    async fn connections_use_the_durable_settings() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!(
            "sqlite://{}",
            dir.path().join("nested/dir/rehearse.db").display()
        );
        let db = Db::connect(&url)
            .await
            .expect("connect creates the directory and the file");
        assert!(dir.path().join("nested/dir/rehearse.db").is_file());
        for pool in [db.writer(), db.reader()] {
            for (pragma, expected) in [
                ("journal_mode", "wal"),
                ("synchronous", "2"), // FULL
                ("foreign_keys", "1"),
                ("busy_timeout", "5000"),
            ] {
                let row = sqlx::query(&format!("PRAGMA {pragma}"))
                    .fetch_one(pool)
                    .await
                    .expect("pragma");
                let value: String = match row.try_get::<String, _>(0) {
                    Ok(text) => text,
                    Err(_) => row.try_get::<i64, _>(0).expect("number").to_string(),
                };
                assert_eq!(value, expected, "PRAGMA {pragma}");
            }
        }
    }

    #[tokio::test]
    async fn the_reader_cannot_write() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::connect(&format!("sqlite://{}", dir.path().join("r.db").display()))
            .await
            .expect("connect");
        db.migrate().await.expect("migrate");
        let write =
            sqlx::query("INSERT INTO pages (slug, title, body_html) VALUES ('a', 'b', 'c')")
                .execute(db.reader())
                .await;
        assert!(
            write.is_err(),
            "writes go through the single writer connection"
        );
    }

    #[tokio::test]
    async fn a_bad_url_is_reported_with_the_url() {
        let err = Db::connect("postgres://nope")
            .await
            .expect_err("not sqlite");
        assert!(err.to_string().contains("postgres://nope"), "{err}");
    }
}
