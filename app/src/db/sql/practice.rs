//! The SQL behind [`crate::db::practice`], compiled once for each engine (see [`crate::db`]).

use super::questions::concepts_by_question;
use super::{DB, Db};
use crate::db::DbError;
use crate::db::practice::{AttemptsWanted, Graded, NewAttempt, NewGrade, StoredAttempt, Submitted};
use crate::domain::Timestamp;
use crate::domain::{
    AttemptExport, AttemptId, AttemptPage, AttemptSummary, Date, Grade, KeyTermUse, Level,
    QuestionSlug, QueueItem, Rating, ReviewStateExport, UserId,
};
use crate::scheduler::{Memory, Scheduled, SchedulerError};
use sqlx::{QueryBuilder, Transaction};
use std::collections::HashMap;

pub async fn insert_attempt(db: &Db, new: &NewAttempt<'_>) -> Result<Submitted, DbError> {
    let mut tx = db.writer().begin().await?;
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO attempts (user_id, question_slug, client_token, answer_md, skipped, timed,
                               started_at, submitted_at, duration_secs, answer_html)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (user_id, client_token) DO NOTHING
         RETURNING id",
    )
    .bind(new.user.0)
    .bind(new.slug.as_str())
    .bind(new.key)
    .bind(new.answer.as_str())
    .bind(i64::from(new.answer.is_empty()))
    .bind(i64::from(new.timed))
    .bind(new.started_at)
    .bind(new.submitted_at)
    .bind((new.submitted_at - new.started_at).max(0))
    .bind(new.answer_html)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = inserted else {
        #[derive(sqlx::FromRow)]
        struct Stored {
            id: AttemptId,
            question_slug: String,
        }
        let stored: Stored = sqlx::query_as(
            "SELECT id, question_slug FROM attempts WHERE user_id = $1 AND client_token = $2",
        )
        .bind(new.user)
        .bind(new.key)
        .fetch_one(&mut *tx)
        .await?;
        tx.rollback().await?;
        return Ok(Submitted::AlreadyStored(stored.id, stored.question_slug));
    };
    if !new.key_terms.is_empty() {
        // One statement for all the terms (a question has a handful).
        QueryBuilder::<DB>::new(
            "INSERT INTO attempt_key_terms (attempt_id, position, term, used) ",
        )
        .push_values(
            new.key_terms.iter().enumerate(),
            |mut row, (position, term)| {
                row.push_bind(id)
                    .push_bind(position_value(position))
                    .push_bind(&term.term)
                    .push_bind(i64::from(term.used));
            },
        )
        .build()
        .execute(&mut *tx)
        .await?;
    }
    // The question's roll-up before the day's, the order a grade takes them in: a grade and
    // an answer of one learner at once wait for each other rather than each hold one.
    sqlx::query(
        "INSERT INTO question_progress (user_id, question_slug, attempts, last_attempt_at)
         VALUES ($1, $2, 1, $3)
         ON CONFLICT (user_id, question_slug) DO UPDATE SET
             attempts = question_progress.attempts + 1,
             last_attempt_at = excluded.last_attempt_at",
    )
    .bind(new.user.0)
    .bind(new.slug.as_str())
    .bind(new.submitted_at)
    .execute(&mut *tx)
    .await?;
    let seconds = (new.submitted_at - new.started_at).max(0);
    sqlx::query(
        "INSERT INTO daily_activity (user_id, day, attempts, seconds) VALUES ($1, $2, 1, $3)
         ON CONFLICT (user_id, day) DO UPDATE SET
             attempts = daily_activity.attempts + 1,
             seconds = daily_activity.seconds + excluded.seconds",
    )
    .bind(new.user.0)
    .bind(new.local_day.day_number())
    .bind(seconds)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Submitted::Created(AttemptId(id)))
}

#[derive(sqlx::FromRow)]
struct AttemptRow {
    id: AttemptId,
    question_slug: QuestionSlug,
    answer_md: String,
    answer_html: Option<String>,
    skipped: i64,
    timed: i64,
    started_at: Timestamp,
    submitted_at: Timestamp,
    duration_secs: i64,
    rating: Option<Rating>,
    suggested_rating: Option<Rating>,
    rubric_total: Option<i64>,
    graded_at: Option<Timestamp>,
    due_at: Option<Timestamp>,
}

const ATTEMPT_COLUMNS: &str =
    "id, question_slug, answer_md, answer_html, skipped, timed, started_at, submitted_at,
     duration_secs, rating, suggested_rating, rubric_total, graded_at, due_at";

pub async fn find_attempt(
    db: &Db,
    user: UserId,
    slug: &QuestionSlug,
    id: AttemptId,
) -> Result<Option<StoredAttempt>, DbError> {
    let mut tx = super::begin_read(db).await?;
    let row: Option<AttemptRow> = sqlx::query_as(&format!(
        "SELECT {ATTEMPT_COLUMNS} FROM attempts
         WHERE id = $1 AND user_id = $2 AND question_slug = $3"
    ))
    .bind(id.0)
    .bind(user.0)
    .bind(slug.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else { return Ok(None) };
    #[derive(sqlx::FromRow)]
    struct TermRow {
        term: String,
        used: i64,
    }
    let key_terms = sqlx::query_as::<_, TermRow>(
        "SELECT term, used FROM attempt_key_terms WHERE attempt_id = $1 ORDER BY position",
    )
    .bind(row.id)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|row| KeyTermUse {
        term: row.term,
        used: row.used != 0,
    })
    .collect();
    let ticked: Vec<String> = sqlx::query_scalar(
        "SELECT item FROM attempt_ticks WHERE attempt_id = $1 ORDER BY position",
    )
    .bind(row.id)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let grade = grade_of(&row, ticked)?;
    Ok(Some(StoredAttempt {
        id: row.id,
        slug: row.question_slug,
        answer: row.answer_md,
        answer_html: row.answer_html,
        skipped: row.skipped != 0,
        timed: row.timed != 0,
        started_at: row.started_at,
        submitted_at: row.submitted_at,
        duration_secs: row.duration_secs,
        key_terms,
        grade,
    }))
}

fn grade_of(row: &AttemptRow, ticked: Vec<String>) -> Result<Option<Grade>, DbError> {
    let (Some(rating), Some(suggested), Some(total), Some(graded_at), Some(due_at)) = (
        row.rating,
        row.suggested_rating,
        row.rubric_total,
        row.graded_at,
        row.due_at,
    ) else {
        return Ok(None);
    };
    Ok(Some(Grade {
        rating,
        suggested,
        ticked,
        rubric_total: u32::try_from(total).map_err(|e| DbError::Corrupt(e.to_string()))?,
        graded_at,
        due_at,
    }))
}

pub async fn list_attempts(
    db: &Db,
    user: UserId,
    slug: &QuestionSlug,
    wanted: &AttemptsWanted,
) -> Result<AttemptPage, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: AttemptId,
        submitted_at: Timestamp,
        skipped: i64,
        timed: i64,
        duration_secs: i64,
        rating: Option<Rating>,
    }
    #[derive(sqlx::FromRow)]
    struct Cursor {
        submitted_at: Timestamp,
        id: i64,
    }
    let mut tx = super::begin_read(db).await?;
    // The cursor is one of my attempts at this question; anything else starts at the newest.
    let cursor: Option<Cursor> = match wanted.older_than {
        Some(id) => {
            sqlx::query_as(
                "SELECT submitted_at, id FROM attempts
                 WHERE id = $1 AND user_id = $2 AND question_slug = $3",
            )
            .bind(id.0)
            .bind(user.0)
            .bind(slug.as_str())
            .fetch_optional(&mut *tx)
            .await?
        }
        None => None,
    };
    let mut sql = String::from(
        "SELECT id, submitted_at, skipped, timed, duration_secs, rating FROM attempts
         WHERE user_id = $1 AND question_slug = $2 AND id <> $3",
    );
    if cursor.is_some() {
        // `submitted_at <= $5` is the range the index seeks to; the OR only breaks ties.
        sql.push_str(
            " AND submitted_at <= $5 AND (submitted_at < $5 OR (submitted_at = $5 AND id < $6))",
        );
    }
    sql.push_str(" ORDER BY submitted_at DESC, id DESC LIMIT $4");
    let mut query = sqlx::query_as::<_, Row>(&sql)
        .bind(user.0)
        .bind(slug.as_str())
        // Ids start at 1, so 0 leaves nothing out.
        .bind(wanted.except.map_or(0, |id| id.0))
        .bind(position_value(AttemptPage::SIZE + 1));
    if let Some(cursor) = &cursor {
        query = query.bind(cursor.submitted_at).bind(cursor.id);
    }
    let mut rows = query.fetch_all(&mut *tx).await?;
    tx.commit().await?;
    let more = rows.len() > AttemptPage::SIZE;
    rows.truncate(AttemptPage::SIZE);
    let attempts: Vec<AttemptSummary> = rows
        .into_iter()
        .map(|row| AttemptSummary {
            id: row.id,
            submitted_at: row.submitted_at,
            skipped: row.skipped != 0,
            timed: row.timed != 0,
            duration_secs: row.duration_secs,
            rating: row.rating,
        })
        .collect();
    Ok(AttemptPage {
        older_than: more.then(|| attempts.last().map(|a| a.id)).flatten(),
        attempts,
        after_newest: cursor.is_some(),
    })
}

pub async fn record_grade(
    db: &Db,
    grade: &NewGrade<'_>,
    schedule: impl FnOnce(Option<Memory>) -> Result<Scheduled, SchedulerError>,
) -> Result<Graded, DbError> {
    let mut tx = db.writer().begin().await?;
    let claimed = sqlx::query(
        "UPDATE attempts SET rating = $1, suggested_rating = $2, rubric_total = $3, graded_at = $4
         WHERE id = $5 AND user_id = $6 AND question_slug = $7 AND rating IS NULL",
    )
    .bind(i64::from(grade.rating.number()))
    .bind(i64::from(grade.suggested.number()))
    .bind(position_value(grade.rubric_total))
    .bind(grade.now)
    .bind(grade.attempt.0)
    .bind(grade.user.0)
    .bind(grade.slug.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed == 0 {
        let exists: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM attempts WHERE id = $1 AND user_id = $2 AND question_slug = $3",
        )
        .bind(grade.attempt.0)
        .bind(grade.user.0)
        .bind(grade.slug.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        tx.rollback().await?;
        return Ok(if exists.is_some() {
            Graded::AlreadyGraded
        } else {
            Graded::NotFound
        });
    }
    // Grades of two attempts at one question, committed at once, each schedule from the
    // memory the other leaves: the question's progress row (stored with the attempt) is
    // locked until this one is written.
    let lock = super::row_lock("FOR UPDATE");
    if !lock.is_empty() {
        sqlx::query(&format!(
            "SELECT 1 FROM question_progress WHERE user_id = $1 AND question_slug = $2 {lock}"
        ))
        .bind(grade.user)
        .bind(grade.slug.as_str())
        .execute(&mut *tx)
        .await?;
    }
    let memory = load_memory(&mut tx, grade.user, grade.slug).await?;
    let next = schedule(memory)?;
    write_schedule(&mut tx, grade, &next).await?;
    tx.commit().await?;
    Ok(Graded::Scheduled {
        due_at: next.due_at,
    })
}

async fn load_memory(
    tx: &mut Transaction<'_, DB>,
    user: UserId,
    slug: &QuestionSlug,
) -> Result<Option<Memory>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        stability: f64,
        difficulty: f64,
        last_review_at: Timestamp,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT stability, difficulty, last_review_at FROM review_states
         WHERE user_id = $1 AND question_slug = $2",
    )
    .bind(user.0)
    .bind(slug.as_str())
    .fetch_optional(&mut **tx)
    .await?;
    #[expect(
        clippy::cast_possible_truncation,
        reason = "FSRS works in f32; the column holds what it wrote"
    )]
    Ok(row.map(|row| Memory {
        stability: row.stability as f32,
        difficulty: row.difficulty as f32,
        last_review_at: row.last_review_at,
    }))
}

async fn write_schedule(
    tx: &mut Transaction<'_, DB>,
    grade: &NewGrade<'_>,
    next: &Scheduled,
) -> Result<(), DbError> {
    sqlx::query("UPDATE attempts SET due_at = $1 WHERE id = $2 AND user_id = $3")
        .bind(next.due_at)
        .bind(grade.attempt.0)
        .bind(grade.user.0)
        .execute(&mut **tx)
        .await?;
    if !grade.ticked.is_empty() {
        QueryBuilder::<DB>::new("INSERT INTO attempt_ticks (attempt_id, position, item) ")
            .push_values(grade.ticked, |mut row, (position, item)| {
                row.push_bind(grade.attempt.0)
                    .push_bind(position_value(*position))
                    .push_bind(item);
            })
            .build()
            .execute(&mut **tx)
            .await?;
    }
    let rating_column = match grade.rating {
        Rating::Again => "again",
        Rating::Hard => "hard",
        Rating::Good => "good",
        Rating::Easy => "easy",
    };
    // The column name comes from the match above, never from input.
    sqlx::query(&format!(
        "INSERT INTO daily_activity (user_id, day, {rating_column}) VALUES ($1, $2, 1)
         ON CONFLICT (user_id, day) DO UPDATE SET
             {rating_column} = daily_activity.{rating_column} + 1"
    ))
    .bind(grade.user.0)
    .bind(grade.local_day.day_number())
    .execute(&mut **tx)
    .await?;
    // Calibration: was the previous grade of this question Good or Easy, and is this one Again?
    let again = i64::from(grade.rating == Rating::Again);
    sqlx::query(
        "UPDATE question_progress SET
             confident_followed = confident_followed
                 + CASE WHEN last_rating >= 3 THEN 1 ELSE 0 END,
             again_after_confident = again_after_confident
                 + CASE WHEN last_rating >= 3 THEN $1 ELSE 0 END,
             last_rating = $2,
             last_graded_at = $3
         WHERE user_id = $4 AND question_slug = $5",
    )
    .bind(again)
    .bind(i64::from(grade.rating.number()))
    .bind(grade.now)
    .bind(grade.user.0)
    .bind(grade.slug.as_str())
    .execute(&mut **tx)
    .await?;
    let lapse = i64::from(grade.rating == Rating::Again);
    sqlx::query(
        "INSERT INTO review_states (user_id, question_slug, stability, difficulty, last_review_at,
                                    due_at, reviews, lapses)
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7)
         ON CONFLICT (user_id, question_slug) DO UPDATE SET
             stability = excluded.stability,
             difficulty = excluded.difficulty,
             last_review_at = excluded.last_review_at,
             due_at = excluded.due_at,
             reviews = review_states.reviews + 1,
             lapses = review_states.lapses + excluded.lapses",
    )
    .bind(grade.user.0)
    .bind(grade.slug.as_str())
    .bind(f64::from(next.memory.stability))
    .bind(f64::from(next.memory.difficulty))
    .bind(next.memory.last_review_at)
    .bind(next.due_at)
    .bind(lapse)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn due_at(
    db: &Db,
    user: UserId,
    slug: &QuestionSlug,
) -> Result<Option<Timestamp>, DbError> {
    Ok(sqlx::query_scalar(
        "SELECT due_at FROM review_states WHERE user_id = $1 AND question_slug = $2",
    )
    .bind(user.0)
    .bind(slug.as_str())
    .fetch_optional(db.reader())
    .await?)
}

pub async fn queue_items(db: &Db, user: UserId) -> Result<Vec<QueueItem>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        slug: QuestionSlug,
        title: String,
        level: Level,
        due_at: Option<Timestamp>,
        last_rating: Option<Rating>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        // The latest rating comes from the per-question roll-up, one row per question: the
        // queue costs the same at the 10th attempt and the 100 000th.
        "SELECT q.slug, q.title, q.level, r.due_at, p.last_rating
         FROM questions q
         LEFT JOIN review_states r ON r.question_slug = q.slug AND r.user_id = $1
         LEFT JOIN question_progress p ON p.question_slug = q.slug AND p.user_id = $1
         WHERE q.retired_at IS NULL
         ORDER BY q.level, q.position",
    )
    .bind(user.0)
    .fetch_all(db.reader())
    .await?;
    let mut concepts = concepts_by_question(db).await?;
    Ok(rows
        .into_iter()
        .map(|row| QueueItem {
            concepts: concepts.remove(row.slug.as_str()).unwrap_or_default(),
            slug: row.slug,
            title: row.title,
            level: row.level,
            due_at: row.due_at,
            last_rating: row.last_rating,
        })
        .collect())
}

pub async fn interview_on(db: &Db, user: UserId) -> Result<Option<Date>, DbError> {
    let stored: Option<Option<Date>> =
        sqlx::query_scalar("SELECT interview_on FROM users WHERE id = $1")
            .bind(user)
            .fetch_optional(db.reader())
            .await?;
    Ok(stored.flatten())
}

pub async fn set_interview_on(
    db: &Db,
    user: UserId,
    date: Option<Date>,
    latest_due: Option<Timestamp>,
) -> Result<(), DbError> {
    let mut tx = db.writer().begin().await?;
    sqlx::query("UPDATE users SET interview_on = $1 WHERE id = $2")
        .bind(date.map(|d| d.to_string()))
        .bind(user.0)
        .execute(&mut *tx)
        .await?;
    if let Some(latest_due) = latest_due {
        sqlx::query("UPDATE review_states SET due_at = $1 WHERE user_id = $2 AND due_at > $1")
            .bind(latest_due)
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn export_attempts(db: &Db, user: UserId) -> Result<Vec<AttemptExport>, DbError> {
    let mut tx = super::begin_read(db).await?;
    let rows: Vec<AttemptRow> = sqlx::query_as(&format!(
        "SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE user_id = $1 ORDER BY submitted_at, id"
    ))
    .bind(user.0)
    .fetch_all(&mut *tx)
    .await?;
    #[derive(sqlx::FromRow)]
    struct TermRow {
        attempt_id: i64,
        term: String,
        // 0 or 1: BIGINT on both engines (PostgreSQL does not read a BIGINT as a bool).
        used: i64,
    }
    #[derive(sqlx::FromRow)]
    struct TickRow {
        attempt_id: i64,
        item: String,
    }
    let terms: Vec<TermRow> = sqlx::query_as(
        "SELECT t.attempt_id, t.term, t.used FROM attempt_key_terms t
         JOIN attempts a ON a.id = t.attempt_id
         WHERE a.user_id = $1 ORDER BY t.attempt_id, t.position",
    )
    .bind(user.0)
    .fetch_all(&mut *tx)
    .await?;
    let ticks: Vec<TickRow> = sqlx::query_as(
        "SELECT t.attempt_id, t.item FROM attempt_ticks t
         JOIN attempts a ON a.id = t.attempt_id
         WHERE a.user_id = $1 ORDER BY t.attempt_id, t.position",
    )
    .bind(user.0)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    // Each attempt's terms and ticks, gathered in one pass: the export's cost grows with the
    // rows a learner has, not with attempts times rows (a learner with 100 000 attempts and
    // 700 000 key-term rows downloads in about a second; see BENCHMARKS.md).
    #[derive(Default)]
    struct Extras {
        used: Vec<String>,
        missed: Vec<String>,
        ticked: Vec<String>,
    }
    let mut extras: HashMap<i64, Extras> = HashMap::with_capacity(rows.len());
    for term in terms {
        let entry = extras.entry(term.attempt_id).or_default();
        if term.used != 0 {
            entry.used.push(term.term);
        } else {
            entry.missed.push(term.term);
        }
    }
    for tick in ticks {
        extras
            .entry(tick.attempt_id)
            .or_default()
            .ticked
            .push(tick.item);
    }
    rows.into_iter()
        .map(|row| {
            let extra = extras.remove(&row.id.0).unwrap_or_default();
            Ok(AttemptExport {
                question: row.question_slug.as_str().to_owned(),
                answer_markdown: row.answer_md,
                skipped: row.skipped != 0,
                timed: row.timed != 0,
                started_at: row.started_at,
                submitted_at: row.submitted_at,
                duration_secs: row.duration_secs,
                rating: row.rating,
                suggested_rating: row.suggested_rating,
                rubric_ticked: extra.ticked,
                rubric_total: row.rubric_total.and_then(|t| u32::try_from(t).ok()),
                key_terms_used: extra.used,
                key_terms_missed: extra.missed,
                graded_at: row.graded_at,
                due_at: row.due_at,
            })
        })
        .collect()
}

pub async fn export_review_states(
    db: &Db,
    user: UserId,
) -> Result<Vec<ReviewStateExport>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        question_slug: String,
        stability: f64,
        difficulty: f64,
        last_review_at: Timestamp,
        due_at: Timestamp,
        reviews: i64,
        lapses: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT question_slug, stability, difficulty, last_review_at, due_at, reviews, lapses
         FROM review_states WHERE user_id = $1 ORDER BY question_slug",
    )
    .bind(user.0)
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| ReviewStateExport {
            question: row.question_slug,
            stability_days: row.stability,
            difficulty: row.difficulty,
            last_review_at: row.last_review_at,
            due_at: row.due_at,
            reviews: row.reviews,
            lapses: row.lapses,
        })
        .collect())
}

fn position_value(position: usize) -> i64 {
    i64::try_from(position).unwrap_or(i64::MAX)
}
