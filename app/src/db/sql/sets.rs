//! The SQL behind [`crate::db::sets`], compiled once for each engine (see [`crate::db`]).

#[path = "sets/export.rs"]
pub mod export;
#[path = "sets/members.rs"]
pub mod members;
#[path = "sets/reviews.rs"]
pub mod reviews;
#[path = "sets/stories.rs"]
pub mod stories;

use super::{DB, Db};
use crate::db::DbError;
use crate::db::sets::{Moved, SetDetails, SetRow, SharedPageInputs};
use crate::domain::Timestamp;
use crate::domain::sets::{Direction, ListVersion, QuestionChoice, SetQuestion, SetSummary};
use crate::domain::{Date, Level, QuestionSlug, Rating, SetId, ShareToken, UserId};
use sqlx::QueryBuilder;

const SET_COLUMNS: &str = "s.id, s.owner_id, u.username AS owner_name, s.title, s.description_md,
                           s.description_html, s.due_on, s.share_token, s.list_version
                           FROM practice_sets s JOIN users u ON u.id = s.owner_id";

/// A stored non-negative number (a count, a rubric's size) as `u32`, saturating: a column
/// holds what this build wrote, and a display figure never fails a page.
fn to_u32(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

pub async fn create_set(
    db: &Db,
    owner: UserId,
    details: &SetDetails<'_>,
    questions: &[QuestionSlug],
    now: Timestamp,
) -> Result<SetId, DbError> {
    let mut tx = db.writer().begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO practice_sets (owner_id, title, description_md, due_on, created_at, updated_at,
                                    description_html)
         VALUES ($1, $2, $3, $4, $5, $5, $6)
         RETURNING id",
    )
    .bind(owner.0)
    .bind(details.title.as_str())
    .bind(details.description.as_str())
    .bind(details.due_on.map(|d| d.to_string()))
    .bind(now)
    .bind(details.description_html)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO set_members (set_id, user_id, joined_at) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(owner.0)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    if !questions.is_empty() {
        // One statement for the whole list (a set file may name up to 500 questions).
        QueryBuilder::<DB>::new("INSERT INTO set_questions (set_id, question_slug, position) ")
            .push_values((1_i64..).zip(questions), |mut row, (position, slug)| {
                row.push_bind(id)
                    .push_bind(slug.as_str())
                    .push_bind(position);
            })
            .build()
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(SetId(id))
}

pub async fn find_set(db: &Db, set: SetId) -> Result<Option<SetRow>, DbError> {
    Ok(
        sqlx::query_as(&format!("SELECT {SET_COLUMNS} WHERE s.id = $1"))
            .bind(set)
            .fetch_optional(db.reader())
            .await?,
    )
}

pub async fn find_by_token(db: &Db, token: &ShareToken) -> Result<Option<SetRow>, DbError> {
    Ok(
        sqlx::query_as(&format!("SELECT {SET_COLUMNS} WHERE s.share_token = $1"))
            .bind(token)
            .fetch_optional(db.reader())
            .await?,
    )
}

pub async fn shared_page_inputs(
    db: &Db,
    token: &ShareToken,
) -> Result<Option<SharedPageInputs>, DbError> {
    Ok(sqlx::query_as(
        "SELECT s.id, s.title, s.description_md, s.description_html, s.due_on, s.list_version,
                u.username AS owner_name,
                (SELECT COUNT(*) FROM set_members m WHERE m.set_id = s.id) AS members
         FROM practice_sets s JOIN users u ON u.id = s.owner_id
         WHERE s.share_token = $1",
    )
    .bind(token.as_str())
    .fetch_optional(db.reader())
    .await?)
}

#[derive(sqlx::FromRow)]
struct SetQuestionRow {
    slug: QuestionSlug,
    title: String,
    level: Level,
    retired: bool,
    attempts: Option<i64>,
    last_rating: Option<Rating>,
}

pub async fn set_questions(db: &Db, set: SetId, user: UserId) -> Result<Vec<SetQuestion>, DbError> {
    let rows: Vec<SetQuestionRow> = sqlx::query_as(
        "SELECT q.slug, q.title, q.level, q.retired_at IS NOT NULL AS retired,
                p.attempts, p.last_rating
         FROM set_questions sq
         JOIN questions q ON q.slug = sq.question_slug
         LEFT JOIN question_progress p ON p.question_slug = sq.question_slug AND p.user_id = $2
         WHERE sq.set_id = $1
         ORDER BY sq.position",
    )
    .bind(set.0)
    .bind(user.0)
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| SetQuestion {
            slug: row.slug,
            title: row.title,
            level: row.level,
            retired: row.retired,
            my_attempts: to_u32(row.attempts.unwrap_or(0)),
            my_last_rating: row.last_rating,
        })
        .collect())
}

pub async fn set_slugs(db: &Db, set: SetId) -> Result<Vec<QuestionSlug>, DbError> {
    Ok(sqlx::query_scalar(
        "SELECT question_slug FROM set_questions WHERE set_id = $1 ORDER BY position",
    )
    .bind(set)
    .fetch_all(db.reader())
    .await?)
}

pub async fn addable_questions(db: &Db, set: SetId) -> Result<Vec<QuestionChoice>, DbError> {
    Ok(sqlx::query_as(
        "SELECT q.slug, q.title FROM questions q
         WHERE q.retired_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM set_questions sq
                           WHERE sq.set_id = $1 AND sq.question_slug = q.slug)
         ORDER BY q.position",
    )
    .bind(set)
    .fetch_all(db.reader())
    .await?)
}

pub async fn question_choices(db: &Db, set: SetId) -> Result<Vec<QuestionChoice>, DbError> {
    Ok(sqlx::query_as(
        "SELECT q.slug, q.title FROM set_questions sq
         JOIN questions q ON q.slug = sq.question_slug
         WHERE sq.set_id = $1 ORDER BY sq.position",
    )
    .bind(set)
    .fetch_all(db.reader())
    .await?)
}

pub async fn update_details(
    db: &Db,
    set: SetId,
    details: &SetDetails<'_>,
    now: Timestamp,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE practice_sets SET title = $1, description_md = $2, due_on = $3, updated_at = $4,
                                  description_html = $6
         WHERE id = $5",
    )
    .bind(details.title.as_str())
    .bind(details.description.as_str())
    .bind(details.due_on.map(|d| d.to_string()))
    .bind(now)
    .bind(set.0)
    .bind(details.description_html)
    .execute(db.writer())
    .await?;
    Ok(())
}

pub async fn add_question(
    db: &Db,
    set: SetId,
    slug: &QuestionSlug,
    now: Timestamp,
) -> Result<bool, DbError> {
    let mut tx = db.writer().begin().await?;
    // The version bump comes first: on PostgreSQL its row lock makes concurrent adds to one
    // set take turns, so two of them never read the same last position. (SQLite's single
    // writer serialises them anyway.) A refused add rolls the bump back, and a set deleted
    // meanwhile takes nothing.
    if !bump_version(&mut tx, set, now).await? {
        return Ok(false);
    }
    let added = sqlx::query(
        "INSERT INTO set_questions (set_id, question_slug, position)
         SELECT $1, $2, COALESCE(MAX(position), 0) + 1 FROM set_questions WHERE set_id = $1
         ON CONFLICT (set_id, question_slug) DO NOTHING",
    )
    .bind(set.0)
    .bind(slug.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if added {
        tx.commit().await?;
    }
    Ok(added)
}

pub async fn remove_question(
    db: &Db,
    set: SetId,
    slug: &QuestionSlug,
    now: Timestamp,
) -> Result<bool, DbError> {
    let mut tx = db.writer().begin().await?;
    // The set first, as every change to its list takes it: changes on two servers then wait
    // for each other instead of each holding a row the other needs.
    if !bump_version(&mut tx, set, now).await? {
        return Ok(false);
    }
    let removed = sqlx::query("DELETE FROM set_questions WHERE set_id = $1 AND question_slug = $2")
        .bind(set.0)
        .bind(slug.as_str())
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if removed {
        tx.commit().await?;
    }
    Ok(removed)
}

/// Keeps set `set` from being deleted until the transaction ends, where the engine takes row
/// locks (a key-share lock: edits of the set's own row go on). A write that will insert rows
/// pointing at the set takes it first, in a statement of its own, so that it and a deletion of
/// the set (which locks the set, then its members) wait for each other in the same order.
pub(super) async fn hold_set(
    tx: &mut sqlx::Transaction<'_, DB>,
    set: SetId,
) -> Result<(), DbError> {
    let lock = super::row_lock("FOR KEY SHARE");
    if !lock.is_empty() {
        sqlx::query(&format!("SELECT 1 FROM practice_sets WHERE id = $1 {lock}"))
            .bind(set.0)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A new version of the set's list; `false` when the set is gone.
async fn bump_version(
    tx: &mut sqlx::Transaction<'_, DB>,
    set: SetId,
    now: Timestamp,
) -> Result<bool, DbError> {
    let bumped = sqlx::query(
        "UPDATE practice_sets SET list_version = list_version + 1, updated_at = $1 WHERE id = $2",
    )
    .bind(now)
    .bind(set.0)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(bumped == 1)
}

pub async fn move_question(
    db: &Db,
    set: SetId,
    slug: &QuestionSlug,
    direction: Direction,
    version: ListVersion,
    now: Timestamp,
) -> Result<Moved, DbError> {
    let mut tx = db.writer().begin().await?;
    // Claim the version first: on PostgreSQL as on SQLite, a second move made against the
    // same version finds no row to update and is refused as stale.
    let claimed = sqlx::query(
        "UPDATE practice_sets SET list_version = list_version + 1, updated_at = $1
         WHERE id = $2 AND list_version = $3",
    )
    .bind(now)
    .bind(set.0)
    .bind(version)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !claimed {
        return Ok(Moved::Stale);
    }
    #[derive(sqlx::FromRow)]
    struct Placed {
        question_slug: QuestionSlug,
        position: i64,
    }
    let order: Vec<Placed> = sqlx::query_as(
        "SELECT question_slug, position FROM set_questions WHERE set_id = $1 ORDER BY position",
    )
    .bind(set)
    .fetch_all(&mut *tx)
    .await?;
    let Some(index) = order.iter().position(|p| p.question_slug == *slug) else {
        return Ok(Moved::NotInSet);
    };
    let neighbour = match direction {
        Direction::Up => index.checked_sub(1),
        Direction::Down => Some(index + 1).filter(|&i| i < order.len()),
    };
    let Some(neighbour) = neighbour else {
        return Ok(Moved::AtEdge);
    };
    let (here, there) = (&order[index], &order[neighbour]);
    // Two updates, each row taking the other's position (a set holds each question once).
    for (slug, position) in [
        (&here.question_slug, there.position),
        (&there.question_slug, here.position),
    ] {
        sqlx::query(
            "UPDATE set_questions SET position = $1 WHERE set_id = $2 AND question_slug = $3",
        )
        .bind(position)
        .bind(set.0)
        .bind(slug)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(Moved::Moved)
}

pub async fn set_share_token(
    db: &Db,
    set: SetId,
    token: Option<&ShareToken>,
    now: Timestamp,
) -> Result<(), DbError> {
    sqlx::query("UPDATE practice_sets SET share_token = $1, updated_at = $2 WHERE id = $3")
        .bind(token.map(ShareToken::as_str))
        .bind(now)
        .bind(set.0)
        .execute(db.writer())
        .await?;
    Ok(())
}

pub async fn delete_set(db: &Db, set: SetId) -> Result<(), DbError> {
    sqlx::query("DELETE FROM practice_sets WHERE id = $1")
        .bind(set.0)
        .execute(db.writer())
        .await?;
    Ok(())
}

pub async fn my_sets(db: &Db, user: UserId) -> Result<(Vec<SetSummary>, Vec<SetSummary>), DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: SetId,
        owner_id: UserId,
        title: String,
        owner_name: String,
        due_on: Option<Date>,
        questions: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT s.id, s.owner_id, s.title, u.username AS owner_name, s.due_on,
                (SELECT COUNT(*) FROM set_questions sq WHERE sq.set_id = s.id) AS questions
         FROM set_members m
         JOIN practice_sets s ON s.id = m.set_id
         JOIN users u ON u.id = s.owner_id
         WHERE m.user_id = $1
         ORDER BY m.joined_at DESC, s.id DESC",
    )
    .bind(user.0)
    .fetch_all(db.reader())
    .await?;
    let mut owned = Vec::new();
    let mut joined = Vec::new();
    for row in rows {
        let summary = SetSummary {
            id: row.id,
            title: row.title,
            owner: row.owner_name,
            questions: to_u32(row.questions),
            due_on: row.due_on,
        };
        if row.owner_id == user {
            owned.push(summary);
        } else {
            joined.push(summary);
        }
    }
    Ok((owned, joined))
}
