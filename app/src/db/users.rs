//! Accounts. Usernames are unique by their lower-cased key; the password hash is read only
//! to verify a sign-in and never leaves this module except as a [`PasswordHash`].

use super::{Db, DbError};
use crate::domain::Timestamp;
use crate::domain::{AccountData, UserId, Username};
use crate::password_hashing::PasswordHash;

/// What sign-in needs to know about an account.
pub struct Credentials {
    pub id: UserId,
    pub hash: PasswordHash,
}

/// Outcome of [`insert_user`]: a taken username is an answer, not an error.
pub enum Inserted {
    Created(UserId),
    UsernameTaken,
}

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

/// The account a username names, in any case.
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

/// The display name of an account, or `None` when it no longer exists.
pub async fn find_username(db: &Db, user: UserId) -> Result<Option<String>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT username FROM users WHERE id = $1")
            .bind(user.0)
            .fetch_optional(db.reader())
            .await?,
    )
}

/// Stores a new password hash and removes every session of the account except `keep`, in one
/// transaction: a changed password signs out every other device at once.
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

/// Deletes the account; its sessions (and every later per-user table) go with it through
/// `ON DELETE CASCADE`. Returns whether there was such an account.
pub async fn delete_user(db: &Db, user: UserId) -> Result<bool, DbError> {
    let done = sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(user.0)
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Everything stored about one account, for "download my data".
pub async fn export(db: &Db, user: UserId) -> Result<Option<AccountData>, DbError> {
    let mut tx = db.reader().begin().await?;
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
        practice_sets: super::sets::export(db, user).await?,
        stories: super::stories::export(db, user).await?,
    }))
}
