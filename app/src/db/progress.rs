//! Reads for the progress pages, all from small tables: the roll-ups kept by the practice
//! writes (`daily_activity`, `question_progress`), the FSRS states, and a window of recent
//! grades through the `(user_id, graded_at)` index. None of them walks every attempt.

use crate::db::{Db, DbError};
use crate::domain::Timestamp;
use crate::domain::{Rating, UserId};

/// The backfill half of the progress migration: builds both roll-ups from the attempts. Kept
/// callable so tests can check that the live upkeep and the backfill agree, and the benchmark
/// can build the roll-ups of a seeded history the same way.
pub fn backfill_sql() -> &'static str {
    const MIGRATION: &str = include_str!("../../../migrations/sqlite/20261128000003_progress.sql");
    MIGRATION
        .split_once("-- Backfill from the attempts already stored.")
        .map_or("", |(_, backfill)| backfill)
}

pub async fn time_zone(db: &Db, user: UserId) -> Result<Option<String>, DbError> {
    on_engine!(db, progress::time_zone(user))
}

/// Sets the time zone; with `only_if_unset`, keeps one the learner already chose (a browser's
/// guess at sign-in never overrides a choice).
pub async fn set_time_zone(
    db: &Db,
    user: UserId,
    name: &str,
    only_if_unset: bool,
) -> Result<(), DbError> {
    on_engine!(db, progress::set_time_zone(user, name, only_if_unset))
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
    on_engine!(db, progress::days(user))
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
    on_engine!(db, progress::questions(user))
}

/// The latest grades on questions of `concept`, newest first, at most `limit`. Walks the
/// `(user_id, graded_at)` index from the newest grade and stops after `limit` matches.
pub async fn latest_grades(
    db: &Db,
    user: UserId,
    concept: &str,
    limit: i64,
) -> Result<Vec<Rating>, DbError> {
    on_engine!(db, progress::latest_grades(user, concept, limit))
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
    on_engine!(db, progress::weekly_grades(user, edges))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The progress migration on a database that already holds attempts: the roll-ups it
    /// builds match the attempts, calibration pairs included, and no attempt changes.
    #[test]
    fn the_backfill_is_found_in_the_migration() {
        assert!(backfill_sql().contains("INSERT INTO daily_activity"));
        assert!(backfill_sql().contains("again_after_confident"));
        assert!(!backfill_sql().contains("CREATE TABLE"));
    }
}
