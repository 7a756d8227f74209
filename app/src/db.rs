//! Every SQL statement of Rehearse lives under this module (server only).
//!
//! Two engines run the same statements: SQLite, the embedded default, and PostgreSQL, for a
//! deployment of several servers. The engine is chosen by the URL at start-up ([`Db::connect`]).
//!
//! - The modules named here (`practice`, `sets`, …) are the API: the types and one function
//!   per intent, each taking `&Db`. Services call only these.
//! - `sql/` holds the statements behind them. Each file there is compiled twice, once in
//!   [`sqlite`] and once in [`postgres`], against that engine's own sqlx driver (`DB`), so
//!   both run with native types and native statement caches, and an engine's type mismatch
//!   is an error of that engine's test pass, never a silent conversion. The facade function
//!   picks the copy with [`on_engine!`]. (`sqlx::Any` would compile the statements once, but
//!   its query builder writes `?` placeholders, which PostgreSQL refuses, and it converts
//!   every row through its own value type.)
//! - Where the engines differ (full-text search, locks) the engine module holds its own
//!   file, under `sqlite/` or `postgres/`.
//!
//! Statements stay portable otherwise: `$n` placeholders, `ON CONFLICT … DO UPDATE` for
//! upserts, integers as BIGINT, no engine-only functions.

/// Runs `module::function(args)` of the engine `db` is on, passing that engine's pools first.
macro_rules! on_engine {
    ($db:expr, $($module:ident)::+ ( $($arg:expr),* $(,)? )) => {
        match $db.engine() {
            $crate::db::Engine::Sqlite(pools) => {
                $crate::db::sqlite::$($module)::+(pools $(, $arg)*).await
            }
            $crate::db::Engine::Postgres(pools) => {
                $crate::db::postgres::$($module)::+(pools $(, $arg)*).await
            }
        }
    };
}

pub mod content;
pub mod copy;
pub mod pages;
#[expect(
    clippy::duplicate_mod,
    reason = "each engine compiles the statements of `sql/` for itself"
)]
mod postgres;
pub mod practice;
pub mod progress;
pub mod questions;
pub mod search;
pub mod sessions;
pub mod sets;
#[expect(
    clippy::duplicate_mod,
    reason = "each engine compiles the statements of `sql/` for itself"
)]
mod sqlite;
pub mod stories;
pub mod throttle;
mod types;
pub mod users;

use sqlx::{Database, Pool};
use std::path::PathBuf;

/// One engine's connections: a writer and readers. On SQLite they are two pools over one file
/// (see [`sqlite`]); on PostgreSQL both are the same pool.
#[derive(Debug)]
pub struct Pools<E: Database> {
    reader: Pool<E>,
    writer: Pool<E>,
}

impl<E: Database> Clone for Pools<E> {
    fn clone(&self) -> Self {
        Self {
            reader: self.reader.clone(),
            writer: self.writer.clone(),
        }
    }
}

impl<E: Database> Pools<E> {
    pub fn reader(&self) -> &Pool<E> {
        &self.reader
    }

    pub fn writer(&self) -> &Pool<E> {
        &self.writer
    }

    async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }
}

/// The database, on whichever engine its URL named.
#[derive(Clone, Debug)]
pub struct Db(Engine);

/// The engines, each with its pools. Matched only by [`on_engine!`] and in this file.
#[derive(Clone, Debug)]
pub enum Engine {
    Sqlite(Pools<sqlx::Sqlite>),
    Postgres(Pools<sqlx::Postgres>),
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
    #[error("cannot open the database {place}")]
    Open { place: String, source: sqlx::Error },
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
    /// Opens the database at `url`: `sqlite://PATH` (created if missing) or
    /// `postgres://USER:PASSWORD@HOST:PORT/NAME` (which must exist).
    pub async fn connect(url: &str) -> Result<Self, DbError> {
        // sqlx would read any other scheme as a SQLite file name and create it.
        if url.starts_with("sqlite:") {
            Ok(Self(Engine::Sqlite(sqlite::connect(url).await?)))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Self(Engine::Postgres(postgres::connect(url).await?)))
        } else {
            Err(DbError::Url {
                url: redacted(url),
                reason: "expected sqlite://PATH (e.g. sqlite://data/rehearse.db) or \
                         postgres://USER:PASSWORD@HOST/NAME"
                    .to_owned(),
            })
        }
    }

    /// Applies the migrations of this engine, embedded from `migrations/<engine>/`.
    pub async fn migrate(&self) -> Result<(), DbError> {
        match &self.0 {
            Engine::Sqlite(pools) => sqlite::migrate(pools).await,
            Engine::Postgres(pools) => postgres::migrate(pools).await,
        }
    }

    pub fn engine(&self) -> &Engine {
        &self.0
    }

    /// Where the data lives, for start-up messages: the SQLite file, or the PostgreSQL
    /// server and database (never the password).
    pub fn place(&self) -> String {
        match &self.0 {
            Engine::Sqlite(pools) => sqlite::place(pools),
            Engine::Postgres(pools) => postgres::place(pools),
        }
    }

    pub async fn close(&self) {
        match &self.0 {
            Engine::Sqlite(pools) => pools.close().await,
            Engine::Postgres(pools) => pools.close().await,
        }
    }
}

/// `url` with any password replaced, for messages and logs.
fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((credentials, host)) if credentials.contains(':') => {
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}{path}")
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
impl Db {
    /// The SQLite pools, for tests that read or write rows directly.
    pub(crate) fn sqlite_pools(&self) -> &Pools<sqlx::Sqlite> {
        match &self.0 {
            Engine::Sqlite(pools) => pools,
            Engine::Postgres(_) => panic!("these tests run on SQLite"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_bad_url_is_reported_with_the_url_but_not_its_password() {
        let err = Db::connect("mysql://ada:s3cret@db.example/rehearse")
            .await
            .expect_err("no such engine");
        let message = err.to_string();
        assert!(
            message.contains("mysql://ada:***@db.example/rehearse"),
            "{message}"
        );
        assert!(!message.contains("s3cret"), "{message}");
        assert!(
            message.contains("postgres://"),
            "names what works: {message}"
        );
    }

    #[test]
    fn passwords_are_redacted_and_nothing_else() {
        for (url, shown) in [
            (
                "postgres://u:p@h:5432/db?sslmode=require",
                "postgres://u:***@h:5432/db?sslmode=require",
            ),
            ("postgres://u@h/db", "postgres://u@h/db"),
            ("postgres://u:p@ss@h/db", "postgres://u:***@h/db"),
            ("sqlite://data/rehearse.db", "sqlite://data/rehearse.db"),
            ("nonsense", "nonsense"),
        ] {
            assert_eq!(redacted(url), shown);
        }
    }
}
