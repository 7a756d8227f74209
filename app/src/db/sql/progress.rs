//! The SQL behind [`crate::db::progress`], compiled once for each engine (see [`crate::db`]).

use super::Db;
use crate::db::DbError;
use crate::db::progress::{DayRow, QuestionRow, WeekGrades};
use crate::domain::Timestamp;
use crate::domain::{Rating, UserId};

pub async fn time_zone(db: &Db, user: UserId) -> Result<Option<String>, DbError> {
    let stored: Option<Option<String>> =
        sqlx::query_scalar("SELECT time_zone FROM users WHERE id = $1")
            .bind(user.0)
            .fetch_optional(db.reader())
            .await?;
    Ok(stored.flatten())
}

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

pub async fn days(db: &Db, user: UserId) -> Result<Vec<DayRow>, DbError> {
    Ok(sqlx::query_as(
        "SELECT day, attempts, seconds, again, hard, good, easy FROM daily_activity
         WHERE user_id = $1 ORDER BY day",
    )
    .bind(user.0)
    .fetch_all(db.reader())
    .await?)
}

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

pub async fn latest_grades(
    db: &Db,
    user: UserId,
    concept: &str,
    limit: i64,
) -> Result<Vec<Rating>, DbError> {
    Ok(sqlx::query_scalar(
        "SELECT a.rating FROM attempts a
         JOIN question_concepts c ON c.question_slug = a.question_slug
         WHERE a.user_id = $1 AND c.concept = $2 AND a.rating IS NOT NULL
         ORDER BY a.graded_at DESC, a.id DESC
         LIMIT $3",
    )
    .bind(user.0)
    .bind(concept)
    .bind(limit)
    .fetch_all(db.reader())
    .await?)
}

pub async fn weekly_grades(
    db: &Db,
    user: UserId,
    edges: &[Timestamp],
) -> Result<Vec<WeekGrades>, DbError> {
    let Some(first) = edges.first() else {
        return Ok(Vec::new());
    };
    // CASE WHEN graded_at >= $(last edge) THEN last … ELSE 0: placeholders only, bound below.
    // Cast: integer literals are 32-bit on PostgreSQL, and the week is read as i64.
    let mut week = String::from("CAST(CASE");
    for k in (1..edges.len()).rev() {
        week.push_str(&format!(" WHEN graded_at >= ${} THEN {k}", k + 2));
    }
    week.push_str(" ELSE 0 END AS BIGINT)");
    let sql = format!(
        "SELECT question_slug, {week} AS week, CAST(SUM(rating) AS BIGINT) AS rating_sum,
                COUNT(*) AS grades
         FROM attempts
         WHERE user_id = $1 AND graded_at >= $2
         GROUP BY 1, 2"
    );
    // $1 the user, $2 the first edge, and edge k (from 1) at placeholder k + 2.
    let mut query = sqlx::query_as(&sql).bind(user.0).bind(first);
    for edge in edges.iter().skip(1) {
        query = query.bind(*edge);
    }
    Ok(query.fetch_all(db.reader()).await?)
}
