//! Practice sets, their members, answers shared with them and peer reviews.
//!
//! Who may see or change what is decided in [`crate::sets`]; the queries here take the ids
//! that service has checked. The exception is privacy, which is enforced in the SQL itself:
//! the peer table selects only members who opted in, and a shared answer is found only
//! through `shared_answers`, so an answer nobody shared has no query that reaches it.

use super::practice::parse_rating;
use super::questions::{parse_level, parse_slug};
use super::{Db, DbError};
use crate::domain::sets::{
    Direction, MembershipExport, OwnedSetExport, PeerCell, PeerReview, QuestionChoice,
    ReviewExport, SetQuestion, SetSummary, SetsExport, ShareableAttempt, SharedAnswerExport,
    SharedAnswerSummary,
};
use crate::domain::{
    AttemptId, Date, QuestionSlug, SetDescription, SetId, SetTitle, ShareToken, UserId,
};

/// A set's own row.
#[derive(Debug, Clone)]
pub struct SetRow {
    pub id: SetId,
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

#[derive(sqlx::FromRow)]
struct RawSetRow {
    id: i64,
    owner_id: i64,
    owner_name: String,
    title: String,
    description_md: String,
    description_html: Option<String>,
    due_on: Option<String>,
    share_token: Option<String>,
    list_version: i64,
}

impl TryFrom<RawSetRow> for SetRow {
    type Error = DbError;

    fn try_from(row: RawSetRow) -> Result<Self, DbError> {
        Ok(SetRow {
            id: SetId(row.id),
            owner: UserId(row.owner_id),
            owner_name: row.owner_name,
            title: row.title,
            description_md: row.description_md,
            description_html: row.description_html,
            due_on: row.due_on.as_deref().map(parse_date).transpose()?,
            share_token: row
                .share_token
                .as_deref()
                .map(|t| ShareToken::parse(t).map_err(|e| DbError::Corrupt(e.to_string())))
                .transpose()?,
            list_version: row.list_version,
        })
    }
}

const SET_COLUMNS: &str = "s.id, s.owner_id, u.username AS owner_name, s.title, s.description_md,
                           s.description_html, s.due_on, s.share_token, s.list_version
                           FROM practice_sets s JOIN users u ON u.id = s.owner_id";

fn parse_date(text: &str) -> Result<Date, DbError> {
    Date::parse(text).map_err(|e| DbError::Corrupt(e.to_string()))
}

fn count(value: i64) -> u32 {
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
    now: i64,
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
    for (position, slug) in (1_i64..).zip(questions) {
        sqlx::query(
            "INSERT INTO set_questions (set_id, question_slug, position) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(slug.as_str())
        .bind(position)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(SetId(id))
}

pub async fn find_set(db: &Db, set: SetId) -> Result<Option<SetRow>, DbError> {
    let row: Option<RawSetRow> = sqlx::query_as(&format!("SELECT {SET_COLUMNS} WHERE s.id = $1"))
        .bind(set.0)
        .fetch_optional(db.reader())
        .await?;
    row.map(SetRow::try_from).transpose()
}

/// The set a live share link names.
pub async fn find_by_token(db: &Db, token: &ShareToken) -> Result<Option<SetRow>, DbError> {
    let row: Option<RawSetRow> =
        sqlx::query_as(&format!("SELECT {SET_COLUMNS} WHERE s.share_token = $1"))
            .bind(token.as_str())
            .fetch_optional(db.reader())
            .await?;
    row.map(SetRow::try_from).transpose()
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
    Ok(count(n))
}

#[derive(sqlx::FromRow)]
struct SetQuestionRow {
    slug: String,
    title: String,
    level: i64,
    retired: bool,
    attempts: Option<i64>,
    last_rating: Option<i64>,
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
    rows.into_iter()
        .map(|row| {
            Ok(SetQuestion {
                slug: parse_slug(row.slug)?,
                title: row.title,
                level: parse_level(row.level)?,
                retired: row.retired,
                my_attempts: count(row.attempts.unwrap_or(0)),
                my_last_rating: row.last_rating.map(parse_rating).transpose()?,
            })
        })
        .collect()
}

/// The slugs of a set, in order.
pub async fn set_slugs(db: &Db, set: SetId) -> Result<Vec<QuestionSlug>, DbError> {
    let slugs: Vec<String> = sqlx::query_scalar(
        "SELECT question_slug FROM set_questions WHERE set_id = $1 ORDER BY position",
    )
    .bind(set.0)
    .fetch_all(db.reader())
    .await?;
    slugs.into_iter().map(parse_slug).collect()
}

/// Bank questions (not retired) that are not in the set, in the bank's order.
pub async fn addable_questions(db: &Db, set: SetId) -> Result<Vec<QuestionChoice>, DbError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT q.slug, q.title FROM questions q
         WHERE q.retired_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM set_questions sq
                           WHERE sq.set_id = $1 AND sq.question_slug = q.slug)
         ORDER BY q.position",
    )
    .bind(set.0)
    .fetch_all(db.reader())
    .await?;
    choices(rows)
}

fn choices(rows: Vec<(String, String)>) -> Result<Vec<QuestionChoice>, DbError> {
    rows.into_iter()
        .map(|(slug, title)| {
            Ok(QuestionChoice {
                slug: parse_slug(slug)?,
                title,
            })
        })
        .collect()
}

/// Titles of the set's questions, in order (for the share link's preview).
pub async fn question_choices(db: &Db, set: SetId) -> Result<Vec<QuestionChoice>, DbError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT q.slug, q.title FROM set_questions sq
         JOIN questions q ON q.slug = sq.question_slug
         WHERE sq.set_id = $1 ORDER BY sq.position",
    )
    .bind(set.0)
    .fetch_all(db.reader())
    .await?;
    choices(rows)
}

pub async fn update_details(
    db: &Db,
    set: SetId,
    details: &SetDetails<'_>,
    now: i64,
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
    now: i64,
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
    now: i64,
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
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    set: SetId,
    now: i64,
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
    now: i64,
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
    let order: Vec<(String, i64)> = sqlx::query_as(
        "SELECT question_slug, position FROM set_questions WHERE set_id = $1 ORDER BY position",
    )
    .bind(set.0)
    .fetch_all(&mut *tx)
    .await?;
    let Some(index) = order.iter().position(|(s, _)| s == slug.as_str()) else {
        return Ok(Moved::NotInSet);
    };
    let neighbour = match direction {
        Direction::Up => index.checked_sub(1),
        Direction::Down => Some(index + 1).filter(|&i| i < order.len()),
    };
    let Some(neighbour) = neighbour else {
        return Ok(Moved::AtEdge);
    };
    let (here, here_position) = &order[index];
    let (there, there_position) = &order[neighbour];
    for (slug, position) in [(here, there_position), (there, here_position)] {
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
    now: i64,
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
    now: i64,
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
    let rows: Vec<(i64, i64, String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT s.id, s.owner_id, s.title, u.username, s.due_on,
                (SELECT COUNT(*) FROM set_questions sq WHERE sq.set_id = s.id)
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
    for (id, owner, title, owner_name, due_on, questions) in rows {
        let summary = SetSummary {
            id: SetId(id),
            title,
            owner: owner_name,
            questions: count(questions),
            due_on: due_on.as_deref().map(parse_date).transpose()?,
        };
        if owner == user.0 {
            owned.push(summary);
        } else {
            joined.push(summary);
        }
    }
    Ok((owned, joined))
}

/// The peer table: every member who opted in, with their record on each of the set's
/// questions (in the set's order). Members who did not opt in are not selected at all.
pub async fn peer_progress(
    db: &Db,
    set: SetId,
) -> Result<Vec<(UserId, String, Vec<PeerCell>)>, DbError> {
    let rows: Vec<(i64, String, Option<i64>, Option<i64>)> = sqlx::query_as(
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
    let mut table: Vec<(UserId, String, Vec<PeerCell>)> = Vec::new();
    for (user, name, attempts, rating) in rows {
        let cell = PeerCell {
            attempts: count(attempts.unwrap_or(0)),
            last_rating: rating.map(parse_rating).transpose()?,
        };
        match table.last_mut() {
            Some((last, _, cells)) if last.0 == user => cells.push(cell),
            _ => table.push((UserId(user), name, vec![cell])),
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
    now: i64,
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
    let rows: Vec<(i64, i64, String, String, i64, i64)> = sqlx::query_as(
        "SELECT a.id, a.user_id, u.username, q.title, a.submitted_at,
                (SELECT COUNT(*) FROM peer_reviews r
                 WHERE r.set_id = sa.set_id AND r.attempt_id = sa.attempt_id)
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
        .map(
            |(id, author, name, title, submitted_at, reviews)| SharedAnswerSummary {
                attempt: AttemptId(id),
                author: name,
                mine: author == viewer.0,
                question_title: title,
                submitted_at,
                reviews: count(reviews),
            },
        )
        .collect())
}

/// `user`'s attempts at the set's questions not yet shared with it, newest first.
pub async fn shareable_attempts(
    db: &Db,
    set: SetId,
    user: UserId,
) -> Result<Vec<ShareableAttempt>, DbError> {
    let rows: Vec<(i64, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT a.id, q.title, a.submitted_at, a.rating
         FROM attempts a
         JOIN set_questions sq ON sq.question_slug = a.question_slug AND sq.set_id = $1
         JOIN questions q ON q.slug = a.question_slug
         WHERE a.user_id = $2 AND a.skipped = 0
           AND NOT EXISTS (SELECT 1 FROM shared_answers sa
                           WHERE sa.set_id = $1 AND sa.attempt_id = a.id)
         ORDER BY a.submitted_at DESC, a.id DESC
         LIMIT 50",
    )
    .bind(set.0)
    .bind(user.0)
    .fetch_all(db.reader())
    .await?;
    rows.into_iter()
        .map(|(id, title, submitted_at, rating)| {
            Ok(ShareableAttempt {
                attempt: AttemptId(id),
                question_title: title,
                submitted_at,
                rating: rating.map(parse_rating).transpose()?,
            })
        })
        .collect()
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
    pub submitted_at: i64,
}

/// The attempt, only if it was shared with this set.
pub async fn find_shared_answer(
    db: &Db,
    set: SetId,
    attempt: AttemptId,
) -> Result<Option<SharedAnswerRow>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        user_id: i64,
        username: String,
        question_slug: String,
        answer_md: String,
        answer_html: Option<String>,
        skipped: i64,
        submitted_at: i64,
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
    row.map(|row| -> Result<_, DbError> {
        Ok(SharedAnswerRow {
            author: UserId(row.user_id),
            author_name: row.username,
            slug: parse_slug(row.question_slug)?,
            answer_md: row.answer_md,
            answer_html: row.answer_html,
            skipped: row.skipped == 1,
            submitted_at: row.submitted_at,
        })
    })
    .transpose()
}

/// A review to store.
pub struct NewReview<'a> {
    pub set: SetId,
    pub attempt: AttemptId,
    pub reviewer: UserId,
    pub ticked: &'a [String],
    pub rubric_total: u32,
    pub comment: &'a str,
    pub now: i64,
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
    for (position, item) in (0_i64..).zip(review.ticked) {
        sqlx::query(
            "INSERT INTO peer_review_ticks (review_id, position, item) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(position)
        .bind(item)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(Reviewed::Stored)
}

#[derive(sqlx::FromRow)]
struct ReviewRow {
    id: i64,
    reviewer_id: i64,
    reviewer: String,
    rubric_total: i64,
    comment: String,
    created_at: i64,
    set_title: String,
}

/// Reviews of an attempt, oldest first: in one set, or (`set = None`) in every set it was
/// shared with, for its author. Each comes with its reviewer's id.
pub async fn reviews(
    db: &Db,
    attempt: AttemptId,
    set: Option<SetId>,
) -> Result<Vec<(UserId, PeerReview)>, DbError> {
    let rows: Vec<ReviewRow> = sqlx::query_as(
        "SELECT r.id, r.reviewer_id, u.username AS reviewer, r.rubric_total, r.comment,
                r.created_at, s.title AS set_title
         FROM peer_reviews r
         JOIN users u ON u.id = r.reviewer_id
         JOIN practice_sets s ON s.id = r.set_id
         WHERE r.attempt_id = $1 AND ($2 IS NULL OR r.set_id = $2)
         ORDER BY r.created_at, r.id",
    )
    .bind(attempt.0)
    .bind(set.map(|s| s.0))
    .fetch_all(db.reader())
    .await?;
    let mut reviews = Vec::with_capacity(rows.len());
    for row in rows {
        let ticked: Vec<String> = sqlx::query_scalar(
            "SELECT item FROM peer_review_ticks WHERE review_id = $1 ORDER BY position",
        )
        .bind(row.id)
        .fetch_all(db.reader())
        .await?;
        reviews.push((
            UserId(row.reviewer_id),
            PeerReview {
                reviewer: row.reviewer,
                ticked,
                rubric_total: count(row.rubric_total),
                comment: row.comment,
                created_at: row.created_at,
                set_title: row.set_title,
            },
        ));
    }
    Ok(reviews)
}

/// Everything about sets that belongs to `user`, for "download my data".
pub async fn export(db: &Db, user: UserId) -> Result<SetsExport, DbError> {
    let mut tx = db.reader().begin().await?;
    let sets: Vec<(i64, String, String, Option<String>, bool, i64)> = sqlx::query_as(
        "SELECT id, title, description_md, due_on, share_token IS NOT NULL, created_at
         FROM practice_sets WHERE owner_id = $1 ORDER BY id",
    )
    .bind(user.0)
    .fetch_all(&mut *tx)
    .await?;
    let mut owned = Vec::with_capacity(sets.len());
    for (id, title, description, due_on, shared_by_link, created_at) in sets {
        let questions = sqlx::query_scalar(
            "SELECT question_slug FROM set_questions WHERE set_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        owned.push(OwnedSetExport {
            id,
            title,
            description,
            due_on,
            shared_by_link,
            questions,
            created_at,
        });
    }
    let memberships: Vec<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT s.id, s.title, m.joined_at, m.shares_progress
         FROM set_members m JOIN practice_sets s ON s.id = m.set_id
         WHERE m.user_id = $1 ORDER BY m.joined_at, s.id",
    )
    .bind(user.0)
    .fetch_all(&mut *tx)
    .await?;
    let shared: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT sa.set_id, sa.attempt_id, sa.shared_at
         FROM shared_answers sa JOIN attempts a ON a.id = sa.attempt_id
         WHERE a.user_id = $1 ORDER BY sa.shared_at, sa.attempt_id",
    )
    .bind(user.0)
    .fetch_all(&mut *tx)
    .await?;
    let reviews = |condition: &str| {
        format!(
            "SELECT r.id, r.set_id, r.attempt_id, u.username, r.rubric_total, r.comment,
                    r.created_at
             FROM peer_reviews r
             JOIN users u ON u.id = r.reviewer_id
             JOIN attempts a ON a.id = r.attempt_id
             WHERE {condition} = $1 ORDER BY r.created_at, r.id"
        )
    };
    let mut given = Vec::new();
    let mut received = Vec::new();
    for (condition, out) in [("r.reviewer_id", &mut given), ("a.user_id", &mut received)] {
        let rows: Vec<(i64, i64, i64, String, i64, String, i64)> =
            sqlx::query_as(&reviews(condition))
                .bind(user.0)
                .fetch_all(&mut *tx)
                .await?;
        for (id, set_id, attempt_id, reviewer, rubric_total, comment, created_at) in rows {
            let ticked = sqlx::query_scalar(
                "SELECT item FROM peer_review_ticks WHERE review_id = $1 ORDER BY position",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
            out.push(ReviewExport {
                set_id,
                attempt_id,
                reviewer,
                ticked,
                rubric_total: count(rubric_total),
                comment,
                created_at,
            });
        }
    }
    tx.commit().await?;
    Ok(SetsExport {
        owned,
        memberships: memberships
            .into_iter()
            .map(|(set_id, set_title, joined_at, shares)| MembershipExport {
                set_id,
                set_title,
                joined_at,
                shares_progress: shares == 1,
            })
            .collect(),
        shared_answers: shared
            .into_iter()
            .map(|(set_id, attempt_id, shared_at)| SharedAnswerExport {
                set_id,
                attempt_id,
                shared_at,
            })
            .collect(),
        reviews_given: given,
        reviews_received: received,
    })
}
