//! Server-side sessions: the store behind tower-sessions.
//!
//! tower-sessions owns the session life cycle (random 128-bit ids, the cookie, id rotation,
//! expiry); this store only keeps its records, as rows of our own schema. The ready-made sqlx
//! store would keep the record as one opaque blob, and then "sign out my other devices" and
//! "delete my account" could not find a user's sessions. Here the signed-in user's id is
//! copied into its own column with a foreign key, so both are one `DELETE`.

use crate::db::{Db, DbError};
use crate::domain::Timestamp;
use async_trait::async_trait;
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

/// The key under which a session's record holds the signed-in user's id.
pub const USER_ID_KEY: &str = "user_id";

#[derive(Clone)]
pub struct SqlSessionStore {
    db: Db,
}

impl std::fmt::Debug for SqlSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SqlSessionStore")
    }
}

impl SqlSessionStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

fn backend(err: impl Into<DbError>) -> session_store::Error {
    let err: DbError = err.into();
    // The chain is logged by tower-sessions with this message; keep the cause in it.
    let mut message = err.to_string();
    let mut source = std::error::Error::source(&err);
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    session_store::Error::Backend(message)
}

fn user_of(record: &Record) -> Option<i64> {
    record
        .data
        .get(USER_ID_KEY)
        .and_then(|value| value.as_i64())
}

fn encode(record: &Record) -> Result<String, session_store::Error> {
    serde_json::to_string(&record.data).map_err(|err| session_store::Error::Encode(err.to_string()))
}

#[async_trait]
impl SessionStore for SqlSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let data = encode(record)?;
        // A collision of 128-bit random ids is next to impossible; if it happens, draw again
        // rather than overwrite someone else's session.
        loop {
            let created = on_engine!(
                self.db,
                sessions::insert(
                    &record.id.to_string(),
                    user_of(record),
                    &data,
                    record.expiry_date.unix_timestamp()
                )
            )
            .map_err(backend)?;
            if created {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    /// Updates a session that exists; never re-creates one. tower-sessions calls `save` only
    /// for a session it loaded (new ids go through `create`), so a missing row means the
    /// session was revoked meanwhile (sign-out elsewhere, a password change, a deleted
    /// account) by a request that finished first, and it must stay revoked.
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        on_engine!(
            self.db,
            sessions::update(
                &record.id.to_string(),
                user_of(record),
                &encode(record)?,
                record.expiry_date.unix_timestamp()
            )
        )
        .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let row = on_engine!(
            self.db,
            sessions::load(&id.to_string(), OffsetDateTime::now_utc().unix_timestamp())
        )
        .map_err(backend)?;
        let Some((data, expires_at)) = row else {
            return Ok(None);
        };
        Ok(Some(Record {
            id: *id,
            data: serde_json::from_str(&data)
                .map_err(|err| session_store::Error::Decode(err.to_string()))?,
            expiry_date: OffsetDateTime::from_unix_timestamp(expires_at.secs())
                .map_err(|err| session_store::Error::Decode(err.to_string()))?,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        on_engine!(self.db, sessions::delete(&id.to_string())).map_err(backend)?;
        Ok(())
    }
}

/// Removes sessions that expired before `now`; run periodically.
pub async fn delete_expired(db: &Db, now: Timestamp) -> Result<u64, DbError> {
    on_engine!(db, sessions::delete_expired(now))
}
