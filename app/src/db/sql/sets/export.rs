//! The SQL behind [`crate::db::sets::export`], compiled once for each engine (see [`crate::db`]).

use super::super::{DB, Db};
use super::reviews::{TickRow, ticks_by_review};
use super::to_u32;
use crate::db::DbError;
use crate::domain::sets::{
    MembershipExport, OwnedSetExport, ReviewExport, SetsExport, SharedAnswerExport,
    SharedStoryExport, StoryReviewExport,
};
use crate::domain::{Timestamp, UserId};
use sqlx::Transaction;
use std::collections::HashMap;

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

/// Whose reviews: the ones a learner gave, or the ones their answers received.
#[derive(Clone, Copy)]
enum Whose {
    Given,
    Received,
}

impl Whose {
    /// The column that names the learner (fixed text, never input).
    fn column(self) -> &'static str {
        match self {
            Whose::Given => "r.reviewer_id",
            Whose::Received => "a.user_id",
        }
    }
}

pub async fn export(db: &Db, user: UserId) -> Result<SetsExport, DbError> {
    let mut tx = super::super::begin_read(db).await?;
    let owned = owned_sets(&mut tx, user).await?;
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
    let reviews_given = reviews(&mut tx, user, Whose::Given).await?;
    let reviews_received = reviews(&mut tx, user, Whose::Received).await?;
    let shared_stories: Vec<SharedStoryExport> = sqlx::query_as(
        "SELECT ss.set_id, ss.story_id, ss.version, ss.shared_at
         FROM shared_stories ss JOIN stories s ON s.id = ss.story_id
         WHERE s.user_id = $1 ORDER BY ss.shared_at, ss.story_id",
    )
    .bind(user)
    .fetch_all(&mut *tx)
    .await?;
    let story_reviews_given = story_reviews(&mut tx, user, Whose::Given).await?;
    let story_reviews_received = story_reviews(&mut tx, user, Whose::Received).await?;
    tx.commit().await?;
    Ok(SetsExport {
        owned,
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
        reviews_given,
        reviews_received,
        shared_stories,
        story_reviews_given,
        story_reviews_received,
    })
}

/// The sets `user` owns, each with its questions in order (two queries).
async fn owned_sets(
    tx: &mut Transaction<'_, DB>,
    user: UserId,
) -> Result<Vec<OwnedSetExport>, DbError> {
    let sets: Vec<SetRow> = sqlx::query_as(
        "SELECT id, title, description_md, due_on,
                CAST(CASE WHEN share_token IS NULL THEN 0 ELSE 1 END AS BIGINT) AS shared_by_link,
                created_at
         FROM practice_sets WHERE owner_id = $1 ORDER BY id",
    )
    .bind(user)
    .fetch_all(&mut **tx)
    .await?;
    let placed: Vec<Placed> = sqlx::query_as(
        "SELECT sq.set_id, sq.question_slug FROM set_questions sq
         JOIN practice_sets s ON s.id = sq.set_id
         WHERE s.owner_id = $1 ORDER BY sq.set_id, sq.position",
    )
    .bind(user)
    .fetch_all(&mut **tx)
    .await?;
    let mut questions: HashMap<i64, Vec<String>> = HashMap::new();
    for row in placed {
        questions
            .entry(row.set_id)
            .or_default()
            .push(row.question_slug);
    }
    Ok(sets
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
        .collect())
}

/// The reviews `user` gave or received, oldest first, each with its ticks (two queries).
async fn reviews(
    tx: &mut Transaction<'_, DB>,
    user: UserId,
    whose: Whose,
) -> Result<Vec<ReviewExport>, DbError> {
    let column = whose.column();
    let rows: Vec<Review> = sqlx::query_as(&format!(
        "SELECT r.id, r.set_id, r.attempt_id, u.username AS reviewer, r.rubric_total,
                r.comment, r.created_at
         FROM peer_reviews r
         JOIN users u ON u.id = r.reviewer_id
         JOIN attempts a ON a.id = r.attempt_id
         WHERE {column} = $1 ORDER BY r.created_at, r.id"
    ))
    .bind(user)
    .fetch_all(&mut **tx)
    .await?;
    let ticks: Vec<TickRow> = sqlx::query_as(&format!(
        "SELECT t.review_id, t.item FROM peer_review_ticks t
         JOIN peer_reviews r ON r.id = t.review_id
         JOIN attempts a ON a.id = r.attempt_id
         WHERE {column} = $1 ORDER BY t.review_id, t.position"
    ))
    .bind(user)
    .fetch_all(&mut **tx)
    .await?;
    let mut ticks = ticks_by_review(ticks);
    Ok(rows
        .into_iter()
        .map(|row| ReviewExport {
            set_id: row.set_id,
            attempt_id: row.attempt_id,
            reviewer: row.reviewer,
            ticked: ticks.remove(&row.id).unwrap_or_default(),
            rubric_total: to_u32(row.rubric_total),
            comment: row.comment,
            created_at: row.created_at,
        })
        .collect())
}

/// The story reviews `user` gave or received, oldest first, each with its ticks (two
/// queries).
async fn story_reviews(
    tx: &mut Transaction<'_, DB>,
    user: UserId,
    whose: Whose,
) -> Result<Vec<StoryReviewExport>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        set_id: i64,
        story_id: i64,
        version: i64,
        reviewer: String,
        rubric_total: i64,
        comment: String,
        created_at: Timestamp,
    }
    // The author of a story is `s.user_id`, as the author of an answer is `a.user_id`.
    let column = match whose {
        Whose::Given => "r.reviewer_id",
        Whose::Received => "s.user_id",
    };
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT r.id, r.set_id, r.story_id, r.version, u.username AS reviewer, r.rubric_total,
                r.comment, r.created_at
         FROM story_reviews r
         JOIN users u ON u.id = r.reviewer_id
         JOIN stories s ON s.id = r.story_id
         WHERE {column} = $1 ORDER BY r.created_at, r.id"
    ))
    .bind(user)
    .fetch_all(&mut **tx)
    .await?;
    let ticks: Vec<TickRow> = sqlx::query_as(&format!(
        "SELECT t.review_id, t.item FROM story_review_ticks t
         JOIN story_reviews r ON r.id = t.review_id
         JOIN stories s ON s.id = r.story_id
         WHERE {column} = $1 ORDER BY t.review_id, t.position"
    ))
    .bind(user)
    .fetch_all(&mut **tx)
    .await?;
    let mut ticks = ticks_by_review(ticks);
    Ok(rows
        .into_iter()
        .map(|row| StoryReviewExport {
            set_id: row.set_id,
            story_id: row.story_id,
            version: row.version,
            reviewer: row.reviewer,
            ticked: ticks.remove(&row.id).unwrap_or_default(),
            rubric_total: to_u32(row.rubric_total),
            comment: row.comment,
            created_at: row.created_at,
        })
        .collect())
}
