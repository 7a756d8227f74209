//! The SQL behind [`crate::db::users`], compiled once for each engine (see [`crate::db`]).

use super::Db;
use crate::db::DbError;
use crate::db::users::{Credentials, Inserted};
use crate::domain::Timestamp;
use crate::domain::{AccountData, UserId, Username};
use crate::password_hashing::PasswordHash;

pub async fn insert_user(
    db: &Db,
    username: &Username,
    hash: &PasswordHash,
    now: Timestamp,
) -> Result<Inserted, DbError> {
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO users (username, username_key, password_hash, created_at, password_changed_at) \
         VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(username.as_str())
    .bind(username.key())
    .bind(hash.as_stored())
    .bind(now)
    .fetch_one(db.writer())
    .await;
    match inserted {
        Ok(id) => Ok(Inserted::Created(UserId(id))),
        Err(sqlx::Error::Database(err)) if err.is_unique_violation() => Ok(Inserted::UsernameTaken),
        Err(err) => Err(err.into()),
    }
}

pub async fn find_credentials(
    db: &Db,
    username: &Username,
) -> Result<Option<Credentials>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: UserId,
        password_hash: String,
    }
    let row: Option<Row> =
        sqlx::query_as("SELECT id, password_hash FROM users WHERE username_key = $1")
            .bind(username.key())
            .fetch_optional(db.reader())
            .await?;
    Ok(row.map(|row| Credentials {
        id: row.id,
        hash: PasswordHash::from_stored(row.password_hash),
    }))
}

pub async fn find_password_hash(db: &Db, user: UserId) -> Result<Option<PasswordHash>, DbError> {
    let hash: Option<String> = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user.0)
        .fetch_optional(db.reader())
        .await?;
    Ok(hash.map(PasswordHash::from_stored))
}

pub async fn find_username(db: &Db, user: UserId) -> Result<Option<String>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT username FROM users WHERE id = $1")
            .bind(user.0)
            .fetch_optional(db.reader())
            .await?,
    )
}

pub async fn change_password(
    db: &Db,
    user: UserId,
    hash: &PasswordHash,
    keep_session: Option<&str>,
    now: Timestamp,
) -> Result<(), DbError> {
    let mut tx = db.writer().begin().await?;
    sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
        .bind(hash.as_stored())
        .bind(now)
        .bind(user.0)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
        .bind(user.0)
        .bind(keep_session.unwrap_or(""))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn delete_user(db: &Db, user: UserId) -> Result<bool, DbError> {
    let done = sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(user.0)
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn export(db: &Db, user: UserId) -> Result<Option<AccountData>, DbError> {
    let mut tx = super::begin_read(db).await?;
    #[derive(sqlx::FromRow)]
    struct Account {
        username: String,
        created_at: Timestamp,
        password_changed_at: Timestamp,
        interview_on: Option<String>,
        time_zone: Option<String>,
    }
    let account: Option<Account> = sqlx::query_as(
        "SELECT username, created_at, password_changed_at, interview_on, time_zone
         FROM users WHERE id = $1",
    )
    .bind(user.0)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(Account {
        username,
        created_at,
        password_changed_at,
        interview_on,
        time_zone,
    }) = account
    else {
        return Ok(None);
    };
    let session_expiries = sqlx::query_scalar(
        "SELECT expires_at FROM sessions WHERE user_id = $1 ORDER BY expires_at",
    )
    .bind(user.0)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(AccountData {
        username,
        created_at,
        password_changed_at,
        session_expiries,
        interview_on,
        time_zone,
        attempts: super::practice::export_attempts(db, user).await?,
        review_states: super::practice::export_review_states(db, user).await?,
        practice_sets: super::sets::export::export(db, user).await?,
        stories: super::stories::export(db, user).await?,
    }))
}
