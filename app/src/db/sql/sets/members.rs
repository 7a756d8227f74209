//! The SQL behind [`crate::db::sets::members`], compiled once for each engine (see [`crate::db`]).

use super::super::Db;
use super::to_u32;
use crate::db::DbError;
use crate::db::sets::members::MemberProgress;
use crate::domain::sets::PeerCell;
use crate::domain::{Rating, SetId, ShareToken, Timestamp, UserId};

pub async fn membership(db: &Db, set: SetId, user: UserId) -> Result<Option<bool>, DbError> {
    let shares: Option<i64> = sqlx::query_scalar(
        "SELECT shares_progress FROM set_members WHERE set_id = $1 AND user_id = $2",
    )
    .bind(set.0)
    .bind(user.0)
    .fetch_optional(db.reader())
    .await?;
    Ok(shares.map(|s| s == 1))
}

pub async fn member_count(db: &Db, set: SetId) -> Result<u32, DbError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM set_members WHERE set_id = $1")
        .bind(set.0)
        .fetch_one(db.reader())
        .await?;
    Ok(to_u32(n))
}

pub async fn join_by_token(
    db: &Db,
    token: &ShareToken,
    user: UserId,
    now: Timestamp,
) -> Result<Option<SetId>, DbError> {
    let mut tx = db.writer().begin().await?;
    // Locked until the member is stored: a revoke waits, or is seen if it came first.
    let set: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT id FROM practice_sets WHERE share_token = $1 {}",
        super::super::row_lock("FOR SHARE")
    ))
    .bind(token.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(set) = set else {
        return Ok(None);
    };
    sqlx::query(
        "INSERT INTO set_members (set_id, user_id, joined_at) VALUES ($1, $2, $3)
         ON CONFLICT (set_id, user_id) DO NOTHING",
    )
    .bind(set)
    .bind(user.0)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(SetId(set)))
}

pub async fn leave(db: &Db, set: SetId, user: UserId) -> Result<(), DbError> {
    let mut tx = db.writer().begin().await?;
    // The membership first: a share or a review that checked it (and locked it) before is
    // then committed, and its rows are deleted below; one that checks it after finds none.
    sqlx::query("DELETE FROM set_members WHERE set_id = $1 AND user_id = $2")
        .bind(set.0)
        .bind(user.0)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "DELETE FROM shared_stories WHERE set_id = $1
           AND story_id IN (SELECT id FROM stories WHERE user_id = $2)",
    )
    .bind(set.0)
    .bind(user.0)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM shared_answers WHERE set_id = $1
           AND attempt_id IN (SELECT id FROM attempts WHERE user_id = $2)",
    )
    .bind(set.0)
    .bind(user.0)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn set_shares_progress(
    db: &Db,
    set: SetId,
    user: UserId,
    shares: bool,
) -> Result<bool, DbError> {
    Ok(sqlx::query(
        "UPDATE set_members SET shares_progress = $1 WHERE set_id = $2 AND user_id = $3",
    )
    .bind(i64::from(shares))
    .bind(set.0)
    .bind(user.0)
    .execute(db.writer())
    .await?
    .rows_affected()
        == 1)
}

pub async fn peer_progress(db: &Db, set: SetId) -> Result<Vec<MemberProgress>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        user_id: UserId,
        username: String,
        attempts: Option<i64>,
        last_rating: Option<Rating>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT m.user_id, u.username, p.attempts, p.last_rating
         FROM set_members m
         JOIN users u ON u.id = m.user_id
         JOIN set_questions sq ON sq.set_id = m.set_id
         LEFT JOIN question_progress p
                ON p.user_id = m.user_id AND p.question_slug = sq.question_slug
         WHERE m.set_id = $1 AND m.shares_progress = 1
         ORDER BY m.joined_at, m.user_id, sq.position",
    )
    .bind(set.0)
    .fetch_all(db.reader())
    .await?;
    let mut table: Vec<MemberProgress> = Vec::new();
    for row in rows {
        let cell = PeerCell {
            attempts: to_u32(row.attempts.unwrap_or(0)),
            last_rating: row.last_rating,
        };
        match table.last_mut() {
            Some(member) if member.user == row.user_id => member.cells.push(cell),
            _ => table.push(MemberProgress {
                user: row.user_id,
                username: row.username,
                cells: vec![cell],
            }),
        }
    }
    Ok(table)
}
