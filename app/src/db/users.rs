//! Accounts. Usernames are unique by their lower-cased key; the password hash is read only
//! to verify a sign-in and never leaves this module except as a [`PasswordHash`].

use crate::db::{Db, DbError};
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
    on_engine!(db, users::insert_user(username, hash, now))
}

/// The account a username names, in any case.
pub async fn find_credentials(
    db: &Db,
    username: &Username,
) -> Result<Option<Credentials>, DbError> {
    on_engine!(db, users::find_credentials(username))
}

pub async fn find_password_hash(db: &Db, user: UserId) -> Result<Option<PasswordHash>, DbError> {
    on_engine!(db, users::find_password_hash(user))
}

/// The display name of an account, or `None` when it no longer exists.
pub async fn find_username(db: &Db, user: UserId) -> Result<Option<String>, DbError> {
    on_engine!(db, users::find_username(user))
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
    on_engine!(db, users::change_password(user, hash, keep_session, now))
}

/// Deletes the account; its sessions (and every later per-user table) go with it through
/// `ON DELETE CASCADE`. Returns whether there was such an account.
pub async fn delete_user(db: &Db, user: UserId) -> Result<bool, DbError> {
    on_engine!(db, users::delete_user(user))
}

/// Everything stored about one account, for "download my data".
pub async fn export(db: &Db, user: UserId) -> Result<Option<AccountData>, DbError> {
    on_engine!(db, users::export(user))
}
