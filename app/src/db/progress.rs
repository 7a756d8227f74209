//! Reads for the progress pages, all from small tables: the roll-ups kept by the practice
//! writes (`daily_activity`, `question_progress`), the FSRS states, and a window of recent
//! grades through the `(user_id, graded_at)` index. None of them walks every attempt.

use super::{Db, DbError};
use crate::domain::Timestamp;
use crate::domain::{Rating, UserId};

/// The backfill half of the progress migration: builds both roll-ups from the attempts. Kept
/// callable so tests can check that the live upkeep and the backfill agree, and the benchmark
/// can build the roll-ups of a seeded history the same way.
pub fn backfill_sql() -> &'static str {
    const MIGRATION: &str = include_str!("../../../migrations/20261128000003_progress.sql");
    MIGRATION
        .split_once("-- Backfill from the attempts already stored.")
        .map_or("", |(_, backfill)| backfill)
}

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
    /// The learner's local day as its day number (`Date::day_number`), as the roll-up keys it.
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
    pub last_review_at: Option<Timestamp>,
    pub due_at: Option<Timestamp>,
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

/// The latest grades on questions of `concept`, newest first, at most `limit`. Walks the
/// `(user_id, graded_at)` index from the newest grade and stops after `limit` matches.
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

/// One question's grades in one week of the trend.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct WeekGrades {
    pub question_slug: String,
    /// 0 for the oldest week of the trend.
    pub week: i64,
    pub rating_sum: i64,
    pub grades: i64,
}

/// Sum and count of grades per question per week. `edges` are the Unix times at which the
/// weeks start, oldest first (computed from local midnights, so a daylight-saving change moves
/// an edge by its hour); week `k` runs from `edges[k]` to `edges[k + 1]`, the last to now.
pub async fn weekly_grades(
    db: &Db,
    user: UserId,
    edges: &[Timestamp],
) -> Result<Vec<WeekGrades>, DbError> {
    let Some(first) = edges.first() else {
        return Ok(Vec::new());
    };
    // CASE WHEN graded_at >= $(last edge) THEN last … ELSE 0: placeholders only, bound below.
    let mut week = String::from("CASE");
    for k in (1..edges.len()).rev() {
        week.push_str(&format!(" WHEN graded_at >= ${} THEN {k}", k + 2));
    }
    week.push_str(" ELSE 0 END");
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const PROGRESS_MIGRATION: &str = "20261128000003_progress.sql";

    /// The progress migration on a database that already holds attempts: the roll-ups it
    /// builds match the attempts, calibration pairs included, and no attempt changes.
    #[test]
    fn the_backfill_is_found_in_the_migration() {
        assert!(backfill_sql().contains("INSERT INTO daily_activity"));
        assert!(backfill_sql().contains("again_after_confident"));
        assert!(!backfill_sql().contains("CREATE TABLE"));
    }

    #[tokio::test]
    async fn the_backfill_builds_the_roll_ups_from_the_attempts_already_stored() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("old.db").display());
        let db = Db::connect(&url).await.expect("connect");

        // The schema as it was before the progress migration.
        let migrations = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
        let earlier = dir.path().join("earlier");
        std::fs::create_dir(&earlier).expect("mkdir");
        for entry in std::fs::read_dir(&migrations).expect("migrations") {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if name < PROGRESS_MIGRATION {
                std::fs::copy(&path, earlier.join(name)).expect("copy");
            }
        }
        sqlx::migrate::Migrator::new(earlier.as_path())
            .await
            .expect("earlier migrations")
            .run(db.writer())
            .await
            .expect("run earlier");

        let w = db.writer();
        for sql in [
            "INSERT INTO users (id, username, username_key, password_hash, created_at, password_changed_at) VALUES (7, 'ada', 'ada', 'x', 0, 0)",
            "INSERT INTO questions (slug, title, level, position, prompt_html, answer_html) VALUES ('q', 'Q', 1, 1, '', '')",
            // Day 10 (UTC): two answers, graded Good then Again; day 12: one, graded Easy;
            // day 13: one ungraded. Durations 60, 30, 90, 15 seconds.
            "INSERT INTO attempts (user_id, question_slug, client_token, answer_md, skipped, timed, started_at, submitted_at, duration_secs, rating, graded_at)
             VALUES (7, 'q', 'a', 'x', 0, 0, 864000, 864060, 60, 3, 864100),
                    (7, 'q', 'b', 'x', 0, 0, 870000, 870030, 30, 1, 870040),
                    (7, 'q', 'c', 'x', 0, 0, 1036800, 1036890, 90, 4, 1036900),
                    (7, 'q', 'd', 'x', 0, 0, 1123200, 1123215, 15, NULL, NULL)",
        ] {
            sqlx::query(sql).execute(w).await.expect(sql);
        }
        let before: Vec<(i64, Option<i64>)> =
            sqlx::query_as("SELECT id, rating FROM attempts ORDER BY id")
                .fetch_all(w)
                .await
                .expect("attempts");

        db.migrate().await.expect("the progress migration");

        let days = days(&db, UserId(7)).await.expect("days");
        let view: Vec<(i64, i64, i64, [i64; 4])> = days
            .iter()
            .map(|d| {
                (
                    d.day,
                    d.attempts,
                    d.seconds,
                    [d.again, d.hard, d.good, d.easy],
                )
            })
            .collect();
        assert_eq!(
            view,
            [
                (10, 2, 90, [1, 0, 1, 0]),
                (12, 1, 90, [0, 0, 0, 1]),
                (13, 1, 15, [0, 0, 0, 0]),
            ]
        );
        let rows = questions(&db, UserId(7)).await.expect("questions");
        assert_eq!(rows.len(), 1);
        let q = &rows[0];
        assert_eq!(q.attempts, 4);
        assert_eq!(q.last_rating, Some(4), "the last grade");
        // Good → Again is a lapse after a confident grade; Again → Easy is not.
        assert_eq!((q.confident_followed, q.again_after_confident), (1, 1));
        let after: Vec<(i64, Option<i64>)> =
            sqlx::query_as("SELECT id, rating FROM attempts ORDER BY id")
                .fetch_all(db.reader())
                .await
                .expect("attempts");
        assert_eq!(before, after, "the attempts themselves are untouched");
    }
}
