//! The SQL behind [`crate::db::sessions`], compiled once for each engine (see [`crate::db`]).

use super::Db;
use crate::db::DbError;
use crate::domain::Timestamp;

/// User `$2` if the account still exists, else NULL. Where the engine takes row locks, the
/// account is held until the session is stored: an account deleted meanwhile is waited for
/// and then read as gone, never a foreign-key failure.
fn existing_user() -> String {
    format!(
        "(SELECT id FROM users WHERE id = $2 {})",
        super::row_lock("FOR KEY SHARE")
    )
}

/// Stores a new session; `false` when its id is taken. The user id is stored only if that
/// user still exists.
pub async fn insert(
    db: &Db,
    id: &str,
    user: Option<i64>,
    data: &str,
    expires_at: i64,
) -> Result<bool, DbError> {
    let done = sqlx::query(&format!(
        "INSERT INTO sessions (id, user_id, data, expires_at) \
         VALUES ($1, {}, $3, $4) \
         ON CONFLICT (id) DO NOTHING",
        existing_user()
    ))
    .bind(id)
    .bind(user)
    .bind(data)
    .bind(expires_at)
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Updates a session that exists; a missing row stays missing.
pub async fn update(
    db: &Db,
    id: &str,
    user: Option<i64>,
    data: &str,
    expires_at: i64,
) -> Result<(), DbError> {
    sqlx::query(&format!(
        "UPDATE sessions SET user_id = {}, data = $3, expires_at = $4 WHERE id = $1",
        existing_user()
    ))
    .bind(id)
    .bind(user)
    .bind(data)
    .bind(expires_at)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// The record and expiry of a session that has not expired at `now`.
pub async fn load(db: &Db, id: &str, now: i64) -> Result<Option<(String, Timestamp)>, DbError> {
    Ok(
        sqlx::query_as("SELECT data, expires_at FROM sessions WHERE id = $1 AND expires_at > $2")
            .bind(id)
            .bind(now)
            .fetch_optional(db.reader())
            .await?,
    )
}

pub async fn delete(db: &Db, id: &str) -> Result<(), DbError> {
    sqlx::query("DELETE FROM sessions WHERE id = $1")
        .bind(id)
        .execute(db.writer())
        .await?;
    Ok(())
}

pub async fn delete_expired(db: &Db, now: Timestamp) -> Result<u64, DbError> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected())
}
