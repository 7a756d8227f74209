//! PostgreSQL, for several servers sharing one database: the statements of `sql/` compiled
//! for PostgreSQL, and PostgreSQL's own full-text search ([`search`]).

use super::{DbError, Pools};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::str::FromStr;
use std::time::Duration;

pub type DB = sqlx::Postgres;
pub type Db = Pools<DB>;

#[path = "sql/content.rs"]
pub mod content;
#[path = "sql/pages.rs"]
pub mod pages;
#[path = "sql/practice.rs"]
pub mod practice;
#[path = "sql/progress.rs"]
pub mod progress;
#[path = "sql/question_index.rs"]
mod question_index;
#[path = "sql/questions.rs"]
pub mod questions;
pub mod search;
#[path = "sql/sessions.rs"]
pub mod sessions;
#[path = "sql/sets.rs"]
pub mod sets;
#[path = "sql/stories.rs"]
pub mod stories;
#[path = "sql/throttle.rs"]
pub mod throttle;
#[path = "sql/users.rs"]
pub mod users;

/// Connects to the existing PostgreSQL database at `url`.
pub async fn connect(url: &str) -> Result<Db, DbError> {
    let options = PgConnectOptions::from_str(url).map_err(|e| DbError::Url {
        url: super::redacted(url),
        reason: e.to_string(),
    })?;
    let place = describe(&options);
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .map_err(|source| DbError::Open { place, source })?;
    Ok(Pools {
        reader: pool.clone(),
        writer: pool,
    })
}

/// The advisory lock the content sync holds (any number unique to it; "rhrs").
const CONTENT_SYNC_LOCK: i64 = 0x7268_7273;

/// A row lock clause (`FOR UPDATE OF s`), appended to the SELECT whose rows a transaction
/// checks before it writes: under READ COMMITTED a plain SELECT locks nothing, and a write
/// committed by another server between the check and the write would go unseen.
pub const fn row_lock(clause: &'static str) -> &'static str {
    clause
}

/// A read-only transaction that sees one snapshot in all its statements, as SQLite's read
/// transactions do (PostgreSQL's default, READ COMMITTED, takes a new one per statement, and
/// a page's count could disagree with its rows).
pub async fn begin_read(db: &Db) -> Result<sqlx::Transaction<'static, DB>, DbError> {
    let mut tx = db.reader().begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *tx)
        .await?;
    Ok(tx)
}

/// Makes servers starting together sync the content one after the other, for the rest of
/// the transaction: two syncs interleaved would both delete and re-insert the same pages.
pub async fn lock_content_sync(tx: &mut sqlx::Transaction<'_, DB>) -> Result<(), DbError> {
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(CONTENT_SYNC_LOCK)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Applies the migrations embedded from `migrations/postgres/`. sqlx holds a PostgreSQL
/// advisory lock while it migrates, so servers starting together apply each migration once.
pub async fn migrate(db: &Db) -> Result<(), DbError> {
    sqlx::migrate!("../migrations/postgres")
        .run(db.writer())
        .await?;
    Ok(())
}

/// `postgres://HOST:PORT/NAME`, without the user or password.
pub fn place(db: &Db) -> String {
    describe(&db.writer().connect_options())
}

fn describe(options: &PgConnectOptions) -> String {
    format!(
        "postgres://{}:{}/{}",
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or_default()
    )
}
