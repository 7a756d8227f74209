//! Practice sets, their members, answers shared with them and peer reviews.
//!
//! Who may see or change what is decided in [`crate::services::sets`]; the queries here take the ids
//! that service has checked. The exception is privacy, which is enforced in the SQL itself:
//! the peer table selects only members who opted in, and a shared answer is found only
//! through `shared_answers`, so an answer nobody shared has no query that reaches it.

use super::{Db, DbError};
use crate::domain::Timestamp;
use crate::domain::sets::{
    Direction, MembershipExport, OwnedSetExport, PeerCell, PeerReview, QuestionChoice,
    ReviewExport, SetQuestion, SetSummary, SetsExport, ShareableAttempt, SharedAnswerExport,
    SharedAnswerSummary,
};
use crate::domain::{
    AttemptId, Date, Level, QuestionSlug, Rating, SetDescription, SetId, SetTitle, ShareToken,
    UserId,
};
use sqlx::{QueryBuilder, Sqlite};
use std::collections::HashMap;

/// A set's own row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SetRow {
    pub id: SetId,
    #[sqlx(rename = "owner_id")]
    pub owner: UserId,
    pub owner_name: String,
    pub title: String,
    pub description_md: String,
    /// As rendered when saved; `None` for a set saved before descriptions were.
    pub description_html: Option<String>,
    pub due_on: Option<Date>,
    pub share_token: Option<ShareToken>,
    pub list_version: i64,
}

const SET_COLUMNS: &str = "s.id, s.owner_id, u.username AS owner_name, s.title, s.description_md,
                           s.description_html, s.due_on, s.share_token, s.list_version
                           FROM practice_sets s JOIN users u ON u.id = s.owner_id";

/// A stored non-negative number (a count, a rubric's size) as `u32`, saturating: a column
/// holds what this build wrote, and a display figure never fails a page.
fn to_u32(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// The details a set is created or edited with.
pub struct SetDetails<'a> {
    pub title: &'a SetTitle,
    pub description: &'a SetDescription,
    /// The description rendered once, now (`markdown::render_learner`).
    pub description_html: &'a str,
    pub due_on: Option<Date>,
}

/// Creates a set owned by `owner`, who is its first member, with `questions` in order.
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
        QueryBuilder::<Sqlite>::new("INSERT INTO set_questions (set_id, question_slug, position) ")
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

/// The set a live share link names.
pub async fn find_by_token(db: &Db, token: &ShareToken) -> Result<Option<SetRow>, DbError> {
    Ok(
        sqlx::query_as(&format!("SELECT {SET_COLUMNS} WHERE s.share_token = $1"))
            .bind(token)
            .fetch_optional(db.reader())
            .await?,
    )
}

/// What a signed-out visitor of a live share link sees, as one row: the set's text, its
/// list's version, its owner's name and how many members it has. The page cache keys the
/// `/join/…` page on it; `None` when the link is unknown or revoked.
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

/// See [`shared_page_inputs`].
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SharedPageInputs {
    pub id: i64,
    pub title: String,
    pub description_md: String,
    pub description_html: Option<String>,
    pub due_on: Option<String>,
    pub list_version: i64,
    pub owner_name: String,
    pub members: i64,
}

/// Whether `user` is a member of `set`, and whether they share their progress with it.
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

#[derive(sqlx::FromRow)]
struct SetQuestionRow {
    slug: QuestionSlug,
    title: String,
    level: Level,
    retired: bool,
    attempts: Option<i64>,
    last_rating: Option<Rating>,
}

/// The set's questions in order, with `user`'s own record on each.
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

/// The slugs of a set, in order.
pub async fn set_slugs(db: &Db, set: SetId) -> Result<Vec<QuestionSlug>, DbError> {
    Ok(sqlx::query_scalar(
        "SELECT question_slug FROM set_questions WHERE set_id = $1 ORDER BY position",
    )
    .bind(set)
    .fetch_all(db.reader())
    .await?)
}

/// Bank questions (not retired) that are not in the set, in the bank's order.
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

/// Titles of the set's questions, in order (for the share link's preview).
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

/// Adds a question at the end of the set. `false` when it was already there.
pub async fn add_question(
    db: &Db,
    set: SetId,
    slug: &QuestionSlug,
    now: Timestamp,
) -> Result<bool, DbError> {
    let mut tx = db.writer().begin().await?;
    // The version bump comes first: on PostgreSQL its row lock makes concurrent adds to one
    // set take turns, so two of them never read the same last position. (SQLite's single
    // writer serialises them anyway.) A refused add rolls the bump back.
    bump_version(&mut tx, set, now).await?;
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

/// Removes a question from the set. `false` when it was not there.
pub async fn remove_question(
    db: &Db,
    set: SetId,
    slug: &QuestionSlug,
    now: Timestamp,
) -> Result<bool, DbError> {
    let mut tx = db.writer().begin().await?;
    let removed = sqlx::query("DELETE FROM set_questions WHERE set_id = $1 AND question_slug = $2")
        .bind(set.0)
        .bind(slug.as_str())
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if removed {
        bump_version(&mut tx, set, now).await?;
    }
    tx.commit().await?;
    Ok(removed)
}

async fn bump_version(
    tx: &mut sqlx::Transaction<'_, Sqlite>,
    set: SetId,
    now: Timestamp,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE practice_sets SET list_version = list_version + 1, updated_at = $1 WHERE id = $2",
    )
    .bind(now)
    .bind(set.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Outcome of [`move_question`].
#[derive(Debug, PartialEq, Eq)]
pub enum Moved {
    Moved,
    /// The list changed since the version the move was made against.
    Stale,
    NotInSet,
    /// Already first (moving up) or last (moving down): nothing to do.
    AtEdge,
}

/// Swaps a question with its neighbour, if the list is still at `version`.
pub async fn move_question(
    db: &Db,
    set: SetId,
    slug: &QuestionSlug,
    direction: Direction,
    version: i64,
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

/// Sets (a new token) or clears (`None`) the share link.
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

/// Adds `user` to the set a live share link names, and returns the set; `None` when no set
/// has that link. Looking the link up and joining are one transaction on the writer, so a
/// revoke that lands first wins. Joining twice changes nothing.
pub async fn join_by_token(
    db: &Db,
    token: &ShareToken,
    user: UserId,
    now: Timestamp,
) -> Result<Option<SetId>, DbError> {
    let mut tx = db.writer().begin().await?;
    let set: Option<i64> =
        sqlx::query_scalar("SELECT id FROM practice_sets WHERE share_token = $1")
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

/// Takes `user` out of the set, with the answers they shared with it (and so the reviews
/// of those answers).
pub async fn leave(db: &Db, set: SetId, user: UserId) -> Result<(), DbError> {
    let mut tx = db.writer().begin().await?;
    sqlx::query(
        "DELETE FROM shared_answers WHERE set_id = $1
           AND attempt_id IN (SELECT id FROM attempts WHERE user_id = $2)",
    )
    .bind(set.0)
    .bind(user.0)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM set_members WHERE set_id = $1 AND user_id = $2")
        .bind(set.0)
        .bind(user.0)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn delete_set(db: &Db, set: SetId) -> Result<(), DbError> {
    sqlx::query("DELETE FROM practice_sets WHERE id = $1")
        .bind(set.0)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Opts a member in or out of sharing their progress with the set. `false` when `user` is
/// not a member.
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

/// The sets `user` owns, then the sets they joined, newest first.
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

/// One row of the peer table.
pub struct MemberProgress {
    pub user: UserId,
    pub username: String,
    /// In the order of the set's questions.
    pub cells: Vec<PeerCell>,
}

/// The peer table: every member who opted in, with their record on each of the set's
/// questions (in the set's order). Members who did not opt in are not selected at all.
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

/// Shares one of `user`'s written attempts with the set, if `user` is a member and the attempt
/// is theirs, at a question in the set, and not skipped. `None` when it is not; `Some(false)`
/// when it was shared already. The checks and the insert are one transaction on the writer,
/// so a member who leaves meanwhile cannot leave an answer behind.
pub async fn share_answer(
    db: &Db,
    set: SetId,
    attempt: AttemptId,
    user: UserId,
    now: Timestamp,
) -> Result<Option<bool>, DbError> {
    let mut tx = db.writer().begin().await?;
    let eligible: Option<i64> = sqlx::query_scalar(
        "SELECT a.id FROM attempts a
         JOIN set_questions sq ON sq.question_slug = a.question_slug AND sq.set_id = $1
         JOIN set_members m ON m.set_id = sq.set_id AND m.user_id = a.user_id
         WHERE a.id = $2 AND a.user_id = $3 AND a.skipped = 0",
    )
    .bind(set.0)
    .bind(attempt.0)
    .bind(user.0)
    .fetch_optional(&mut *tx)
    .await?;
    if eligible.is_none() {
        return Ok(None);
    }
    let inserted = sqlx::query(
        "INSERT INTO shared_answers (set_id, attempt_id, shared_at) VALUES ($1, $2, $3)
         ON CONFLICT (set_id, attempt_id) DO NOTHING",
    )
    .bind(set.0)
    .bind(attempt.0)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    tx.commit().await?;
    Ok(Some(inserted))
}

/// The answers shared with the set, newest first.
pub async fn shared_answers(
    db: &Db,
    set: SetId,
    viewer: UserId,
) -> Result<Vec<SharedAnswerSummary>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: AttemptId,
        user_id: UserId,
        username: String,
        title: String,
        submitted_at: Timestamp,
        reviews: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT a.id, a.user_id, u.username, q.title, a.submitted_at,
                (SELECT COUNT(*) FROM peer_reviews r
                 WHERE r.set_id = sa.set_id AND r.attempt_id = sa.attempt_id) AS reviews
         FROM shared_answers sa
         JOIN attempts a ON a.id = sa.attempt_id
         JOIN users u ON u.id = a.user_id
         JOIN questions q ON q.slug = a.question_slug
         WHERE sa.set_id = $1
         ORDER BY sa.shared_at DESC, a.id DESC",
    )
    .bind(set.0)
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| SharedAnswerSummary {
            attempt: row.id,
            author: row.username,
            mine: row.user_id == viewer,
            question_title: row.title,
            submitted_at: row.submitted_at,
            reviews: to_u32(row.reviews),
        })
        .collect())
}

/// `user`'s attempts at the set's questions not yet shared with it, newest first.
pub async fn shareable_attempts(
    db: &Db,
    set: SetId,
    user: UserId,
) -> Result<Vec<ShareableAttempt>, DbError> {
    Ok(sqlx::query_as(
        "SELECT a.id AS attempt, q.title AS question_title, a.submitted_at, a.rating
         FROM attempts a
         JOIN set_questions sq ON sq.question_slug = a.question_slug AND sq.set_id = $1
         JOIN questions q ON q.slug = a.question_slug
         WHERE a.user_id = $2 AND a.skipped = 0
           AND NOT EXISTS (SELECT 1 FROM shared_answers sa
                           WHERE sa.set_id = $1 AND sa.attempt_id = a.id)
         ORDER BY a.submitted_at DESC, a.id DESC
         LIMIT 50",
    )
    .bind(set)
    .bind(user)
    .fetch_all(db.reader())
    .await?)
}

/// A shared answer as its set's members see it.
pub struct SharedAnswerRow {
    pub author: UserId,
    pub author_name: String,
    pub slug: QuestionSlug,
    pub answer_md: String,
    /// As rendered when saved; `None` for an answer saved before answers were.
    pub answer_html: Option<String>,
    pub skipped: bool,
    pub submitted_at: Timestamp,
}

/// The attempt, only if it was shared with this set.
pub async fn find_shared_answer(
    db: &Db,
    set: SetId,
    attempt: AttemptId,
) -> Result<Option<SharedAnswerRow>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        user_id: UserId,
        username: String,
        question_slug: QuestionSlug,
        answer_md: String,
        answer_html: Option<String>,
        skipped: i64,
        submitted_at: Timestamp,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT a.user_id, u.username, a.question_slug, a.answer_md, a.answer_html, a.skipped,
                a.submitted_at
         FROM shared_answers sa
         JOIN attempts a ON a.id = sa.attempt_id
         JOIN users u ON u.id = a.user_id
         WHERE sa.set_id = $1 AND sa.attempt_id = $2",
    )
    .bind(set.0)
    .bind(attempt.0)
    .fetch_optional(db.reader())
    .await?;
    Ok(row.map(|row| SharedAnswerRow {
        author: row.user_id,
        author_name: row.username,
        slug: row.question_slug,
        answer_md: row.answer_md,
        answer_html: row.answer_html,
        skipped: row.skipped == 1,
        submitted_at: row.submitted_at,
    }))
}

/// A review to store.
pub struct NewReview<'a> {
    pub set: SetId,
    pub attempt: AttemptId,
    pub reviewer: UserId,
    pub ticked: &'a [String],
    pub rubric_total: u32,
    pub comment: &'a str,
    pub now: Timestamp,
}

/// Outcome of [`insert_review`].
#[derive(Debug, PartialEq, Eq)]
pub enum Reviewed {
    Stored,
    /// This reviewer already reviewed the answer in this set: the first review stands.
    Already,
    /// The answer is no longer shared with the set, or the reviewer is no longer a member.
    Gone,
}

/// Stores a review and its ticks in one transaction on the writer, which first checks that
/// the answer is still shared with the set and the reviewer still a member (they may have
/// changed since the page was read).
pub async fn insert_review(db: &Db, review: &NewReview<'_>) -> Result<Reviewed, DbError> {
    let mut tx = db.writer().begin().await?;
    let open: Option<i64> = sqlx::query_scalar(
        "SELECT sa.attempt_id FROM shared_answers sa
         JOIN set_members m ON m.set_id = sa.set_id AND m.user_id = $3
         WHERE sa.set_id = $1 AND sa.attempt_id = $2",
    )
    .bind(review.set.0)
    .bind(review.attempt.0)
    .bind(review.reviewer.0)
    .fetch_optional(&mut *tx)
    .await?;
    if open.is_none() {
        return Ok(Reviewed::Gone);
    }
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO peer_reviews (set_id, attempt_id, reviewer_id, rubric_total, comment,
                                   created_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (set_id, attempt_id, reviewer_id) DO NOTHING
         RETURNING id",
    )
    .bind(review.set.0)
    .bind(review.attempt.0)
    .bind(review.reviewer.0)
    .bind(i64::from(review.rubric_total))
    .bind(review.comment)
    .bind(review.now)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else {
        return Ok(Reviewed::Already);
    };
    if !review.ticked.is_empty() {
        QueryBuilder::<Sqlite>::new("INSERT INTO peer_review_ticks (review_id, position, item) ")
            .push_values((0_i64..).zip(review.ticked), |mut row, (position, item)| {
                row.push_bind(id).push_bind(position).push_bind(item);
            })
            .build()
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Reviewed::Stored)
}

/// A peer review with who gave it.
pub struct GivenReview {
    pub reviewer: UserId,
    pub review: PeerReview,
}

/// Review ticks, gathered by review from one query (ordered by review, then position).
fn ticks_by_review(rows: Vec<TickRow>) -> HashMap<i64, Vec<String>> {
    let mut ticks: HashMap<i64, Vec<String>> = HashMap::new();
    for row in rows {
        ticks.entry(row.review_id).or_default().push(row.item);
    }
    ticks
}

#[derive(sqlx::FromRow)]
struct TickRow {
    review_id: i64,
    item: String,
}

/// Reviews of an attempt, oldest first: in one set, or (`set = None`) in every set it was
/// shared with, for its author. Two queries, however many reviews there are.
pub async fn reviews(
    db: &Db,
    attempt: AttemptId,
    set: Option<SetId>,
) -> Result<Vec<GivenReview>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        reviewer_id: UserId,
        reviewer: String,
        rubric_total: i64,
        comment: String,
        created_at: Timestamp,
        set_title: String,
    }
    let in_set = if set.is_some() {
        " AND r.set_id = $2"
    } else {
        ""
    };
    let mut tx = db.reader().begin().await?;
    let reviews_sql = format!(
        "SELECT r.id, r.reviewer_id, u.username AS reviewer, r.rubric_total, r.comment,
                r.created_at, s.title AS set_title
         FROM peer_reviews r
         JOIN users u ON u.id = r.reviewer_id
         JOIN practice_sets s ON s.id = r.set_id
         WHERE r.attempt_id = $1{in_set}
         ORDER BY r.created_at, r.id"
    );
    let ticks_sql = format!(
        "SELECT t.review_id, t.item FROM peer_review_ticks t
         JOIN peer_reviews r ON r.id = t.review_id
         WHERE r.attempt_id = $1{in_set}
         ORDER BY t.review_id, t.position"
    );
    let mut query = sqlx::query_as::<_, Row>(&reviews_sql).bind(attempt);
    if let Some(set) = set {
        query = query.bind(set);
    }
    let rows = query.fetch_all(&mut *tx).await?;
    let mut ticks = sqlx::query_as::<_, TickRow>(&ticks_sql).bind(attempt);
    if let Some(set) = set {
        ticks = ticks.bind(set);
    }
    let mut ticks = ticks_by_review(ticks.fetch_all(&mut *tx).await?);
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|row| GivenReview {
            reviewer: row.reviewer_id,
            review: PeerReview {
                reviewer: row.reviewer,
                ticked: ticks.remove(&row.id).unwrap_or_default(),
                rubric_total: to_u32(row.rubric_total),
                comment: row.comment,
                created_at: row.created_at,
                set_title: row.set_title,
            },
        })
        .collect())
}

/// Everything about sets that belongs to `user`, for "download my data". A fixed number of
/// queries, however many sets and reviews there are.
pub async fn export(db: &Db, user: UserId) -> Result<SetsExport, DbError> {
    #[derive(sqlx::FromRow)]
    struct SetRow {
        id: i64,
        title: String,
        description_md: String,
        due_on: Option<String>,
        shared_by_link: i64,
        created_at: Timestamp,
    }
    #[derive(sqlx::FromRow)]
    struct Placed {
        set_id: i64,
        question_slug: String,
    }
    #[derive(sqlx::FromRow)]
    struct Membership {
        set_id: i64,
        set_title: String,
        joined_at: Timestamp,
        shares_progress: i64,
    }
    #[derive(sqlx::FromRow)]
    struct Review {
        id: i64,
        set_id: i64,
        attempt_id: i64,
        reviewer: String,
        rubric_total: i64,
        comment: String,
        created_at: Timestamp,
    }
    let mut tx = db.reader().begin().await?;
    let sets: Vec<SetRow> = sqlx::query_as(
        "SELECT id, title, description_md, due_on,
                CASE WHEN share_token IS NULL THEN 0 ELSE 1 END AS shared_by_link, created_at
         FROM practice_sets WHERE owner_id = $1 ORDER BY id",
    )
    .bind(user)
    .fetch_all(&mut *tx)
    .await?;
    let placed: Vec<Placed> = sqlx::query_as(
        "SELECT sq.set_id, sq.question_slug FROM set_questions sq
         JOIN practice_sets s ON s.id = sq.set_id
         WHERE s.owner_id = $1 ORDER BY sq.set_id, sq.position",
    )
    .bind(user)
    .fetch_all(&mut *tx)
    .await?;
    let mut questions: HashMap<i64, Vec<String>> = HashMap::new();
    for row in placed {
        questions
            .entry(row.set_id)
            .or_default()
            .push(row.question_slug);
    }
    let memberships: Vec<Membership> = sqlx::query_as(
        "SELECT s.id AS set_id, s.title AS set_title, m.joined_at, m.shares_progress
         FROM set_members m JOIN practice_sets s ON s.id = m.set_id
         WHERE m.user_id = $1 ORDER BY m.joined_at, s.id",
    )
    .bind(user)
    .fetch_all(&mut *tx)
    .await?;
    let shared_answers: Vec<SharedAnswerExport> = sqlx::query_as(
        "SELECT sa.set_id, sa.attempt_id, sa.shared_at
         FROM shared_answers sa JOIN attempts a ON a.id = sa.attempt_id
         WHERE a.user_id = $1 ORDER BY sa.shared_at, sa.attempt_id",
    )
    .bind(user)
    .fetch_all(&mut *tx)
    .await?;
    // Reviews I gave, then reviews of my answers; each with its ticks from one more query.
    let mut given = Vec::new();
    let mut received = Vec::new();
    for (whose, out) in [("r.reviewer_id", &mut given), ("a.user_id", &mut received)] {
        let rows: Vec<Review> = sqlx::query_as(&format!(
            "SELECT r.id, r.set_id, r.attempt_id, u.username AS reviewer, r.rubric_total,
                    r.comment, r.created_at
             FROM peer_reviews r
             JOIN users u ON u.id = r.reviewer_id
             JOIN attempts a ON a.id = r.attempt_id
             WHERE {whose} = $1 ORDER BY r.created_at, r.id"
        ))
        .bind(user)
        .fetch_all(&mut *tx)
        .await?;
        let ticks: Vec<TickRow> = sqlx::query_as(&format!(
            "SELECT t.review_id, t.item FROM peer_review_ticks t
             JOIN peer_reviews r ON r.id = t.review_id
             JOIN attempts a ON a.id = r.attempt_id
             WHERE {whose} = $1 ORDER BY t.review_id, t.position"
        ))
        .bind(user)
        .fetch_all(&mut *tx)
        .await?;
        let mut ticks = ticks_by_review(ticks);
        out.extend(rows.into_iter().map(|row| ReviewExport {
            set_id: row.set_id,
            attempt_id: row.attempt_id,
            reviewer: row.reviewer,
            ticked: ticks.remove(&row.id).unwrap_or_default(),
            rubric_total: to_u32(row.rubric_total),
            comment: row.comment,
            created_at: row.created_at,
        }));
    }
    tx.commit().await?;
    Ok(SetsExport {
        owned: sets
            .into_iter()
            .map(|set| OwnedSetExport {
                questions: questions.remove(&set.id).unwrap_or_default(),
                id: set.id,
                title: set.title,
                description: set.description_md,
                due_on: set.due_on,
                shared_by_link: set.shared_by_link != 0,
                created_at: set.created_at,
            })
            .collect(),
        memberships: memberships
            .into_iter()
            .map(|m| MembershipExport {
                set_id: m.set_id,
                set_title: m.set_title,
                joined_at: m.joined_at,
                shares_progress: m.shares_progress == 1,
            })
            .collect(),
        shared_answers,
        reviews_given: given,
        reviews_received: received,
    })
}
