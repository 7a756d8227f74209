//! Reads for the progress pages, all from small tables: the roll-ups kept by the practice
//! writes (`daily_activity`, `question_progress`), the FSRS states, and a window of recent
//! grades through the `(user_id, graded_at)` index. None of them walks every attempt.

use super::{Db, DbError};
use crate::domain::{Rating, UserId};

pub async fn time_zone(db: &Db, user: UserId) -> Result<Option<String>, DbError> {
    let stored: Option<Option<String>> =
        sqlx::query_scalar("SELECT time_zone FROM users WHERE id = $1")
            .bind(user.0)
            .fetch_optional(db.reader())
            .await?;
    Ok(stored.flatten())
}

/// Sets the time zone; with `only_if_unset`, keeps one the learner already chose (a browser's
/// guess at sign-in never overrides a choice).
pub async fn set_time_zone(
    db: &Db,
    user: UserId,
    name: &str,
    only_if_unset: bool,
) -> Result<(), DbError> {
    let sql = if only_if_unset {
        "UPDATE users SET time_zone = $1 WHERE id = $2 AND time_zone IS NULL"
    } else {
        "UPDATE users SET time_zone = $1 WHERE id = $2"
    };
    sqlx::query(sql)
        .bind(name)
        .bind(user.0)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// One day of activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct DayRow {
    pub day: i64,
    pub attempts: i64,
    pub seconds: i64,
    pub again: i64,
    pub hard: i64,
    pub good: i64,
    pub easy: i64,
}

/// Every day with activity, oldest first (at most one row per day of use).
pub async fn days(db: &Db, user: UserId) -> Result<Vec<DayRow>, DbError> {
    Ok(sqlx::query_as(
        "SELECT day, attempts, seconds, again, hard, good, easy FROM daily_activity
         WHERE user_id = $1 ORDER BY day",
    )
    .bind(user.0)
    .fetch_all(db.reader())
    .await?)
}

/// What the learner has done on one question, with the scheduler's state if it was graded.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct QuestionRow {
    pub question_slug: String,
    pub attempts: i64,
    pub last_rating: Option<i64>,
    pub confident_followed: i64,
    pub again_after_confident: i64,
    pub stability: Option<f64>,
    pub difficulty: Option<f64>,
    pub last_review_at: Option<i64>,
    pub due_at: Option<i64>,
}

/// Every question the learner has answered.
pub async fn questions(db: &Db, user: UserId) -> Result<Vec<QuestionRow>, DbError> {
    Ok(sqlx::query_as(
        "SELECT p.question_slug, p.attempts, p.last_rating, p.confident_followed,
                p.again_after_confident, r.stability, r.difficulty, r.last_review_at, r.due_at
         FROM question_progress p
         LEFT JOIN review_states r
           ON r.user_id = p.user_id AND r.question_slug = p.question_slug
         WHERE p.user_id = $1",
    )
    .bind(user.0)
    .fetch_all(db.reader())
    .await?)
}

/// The grades given since `since` (Unix seconds), newest first, at most `limit` of them.
pub async fn recent_grades(
    db: &Db,
    user: UserId,
    since: i64,
    limit: i64,
) -> Result<Vec<(String, i64, Rating)>, DbError> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT question_slug, graded_at, rating FROM attempts
         WHERE user_id = $1 AND graded_at >= $2
         ORDER BY graded_at DESC
         LIMIT $3",
    )
    .bind(user.0)
    .bind(since)
    .bind(limit)
    .fetch_all(db.reader())
    .await?;
    rows.into_iter()
        .map(|(slug, at, rating)| {
            u8::try_from(rating)
                .ok()
                .and_then(|r| Rating::try_from(r).ok())
                .map(|rating| (slug, at, rating))
                .ok_or_else(|| DbError::Corrupt(format!("rating {rating}")))
        })
        .collect()
}

/// Average grade per question per week since `since` (week 0 starts at `since`).
pub async fn weekly_grades(
    db: &Db,
    user: UserId,
    since: i64,
) -> Result<Vec<(String, i64, i64, i64)>, DbError> {
    Ok(sqlx::query_as(
        "SELECT question_slug, (graded_at - $2) / 604800 AS week, SUM(rating), COUNT(*)
         FROM attempts
         WHERE user_id = $1 AND graded_at >= $2
         GROUP BY question_slug, (graded_at - $2) / 604800",
    )
    .bind(user.0)
    .bind(since)
    .fetch_all(db.reader())
    .await?)
}
