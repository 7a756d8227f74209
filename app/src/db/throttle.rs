//! Counters for throttling, kept in the database so that several app servers share them
//! (an in-process limiter would give each server its own allowance).

use crate::db::{Db, DbError};
use crate::domain::Timestamp;

/// The state of a bucket after a hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct Hits {
    pub count: i64,
    pub window_started_at: Timestamp,
}

/// Counts one hit on `bucket` in the fixed window of `window_secs` that contains `now`,
/// starting a new window when the last one is over. One statement, so concurrent hits on
/// the same bucket are all counted.
pub async fn hit(db: &Db, bucket: &str, now: Timestamp, window_secs: i64) -> Result<Hits, DbError> {
    on_engine!(db, throttle::hit(bucket, now, window_secs))
}

/// Forgets a bucket (an account's failures, after a successful sign-in).
pub async fn reset(db: &Db, bucket: &str) -> Result<(), DbError> {
    on_engine!(db, throttle::reset(bucket))
}

/// Takes one hit back (a sign-in that succeeded was counted before it was checked).
pub async fn forgive(db: &Db, bucket: &str) -> Result<(), DbError> {
    on_engine!(db, throttle::forgive(bucket))
}

/// Removes buckets whose window started before `before`; run periodically.
pub async fn delete_stale(db: &Db, before: Timestamp) -> Result<u64, DbError> {
    on_engine!(db, throttle::delete_stale(before))
}
