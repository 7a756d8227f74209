//! The SQL behind [`crate::db::throttle`], compiled once for each engine (see [`crate::db`]).

use super::Db;
use crate::db::DbError;
use crate::db::throttle::Hits;
use crate::domain::Timestamp;

pub async fn hit(db: &Db, bucket: &str, now: Timestamp, window_secs: i64) -> Result<Hits, DbError> {
    Ok(sqlx::query_as(
        "INSERT INTO throttle_buckets (bucket, window_started_at, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (bucket) DO UPDATE SET \
           hits = CASE WHEN throttle_buckets.window_started_at <= $2 - $3 \
                       THEN 1 ELSE throttle_buckets.hits + 1 END, \
           window_started_at = CASE WHEN throttle_buckets.window_started_at <= $2 - $3 \
                       THEN $2 ELSE throttle_buckets.window_started_at END \
         RETURNING hits AS count, window_started_at",
    )
    .bind(bucket)
    .bind(now)
    .bind(window_secs)
    .fetch_one(db.writer())
    .await?)
}

pub async fn reset(db: &Db, bucket: &str) -> Result<(), DbError> {
    sqlx::query("DELETE FROM throttle_buckets WHERE bucket = $1")
        .bind(bucket)
        .execute(db.writer())
        .await?;
    Ok(())
}

pub async fn forgive(db: &Db, bucket: &str) -> Result<(), DbError> {
    sqlx::query("UPDATE throttle_buckets SET hits = hits - 1 WHERE bucket = $1 AND hits > 0")
        .bind(bucket)
        .execute(db.writer())
        .await?;
    Ok(())
}

pub async fn delete_stale(db: &Db, before: Timestamp) -> Result<u64, DbError> {
    let done = sqlx::query("DELETE FROM throttle_buckets WHERE window_started_at < $1")
        .bind(before)
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected())
}
