//! The SQL behind [`crate::db::sets::stories`], compiled once for each engine (see [`crate::db`]).

use super::super::{DB, Db};
use super::reviews::{ReviewsOf, given_reviews};
use super::to_u32;
use crate::db::DbError;
use crate::db::sets::reviews::{GivenReview, Reviewed};
use crate::db::sets::stories::{NewStoryReview, SharedStoryRow};
use crate::domain::sets::{SharedStorySummary, StoryChoice};
use crate::domain::stories::{StoryId, StoryKind, StoryVersion};
use crate::domain::{SetId, Timestamp, UserId};
use sqlx::QueryBuilder;

pub async fn share_story(
    db: &Db,
    set: SetId,
    story: StoryId,
    user: UserId,
    now: Timestamp,
) -> Result<Option<bool>, DbError> {
    let mut tx = db.writer().begin().await?;
    super::hold_set(&mut tx, set).await?;
    let current: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT s.current_version FROM stories s
         JOIN set_members m ON m.set_id = $1 AND m.user_id = s.user_id
         WHERE s.id = $2 AND s.user_id = $3 {}",
        super::super::row_lock("FOR SHARE OF s, m")
    ))
    .bind(set)
    .bind(story)
    .bind(user)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(current) = current else {
        return Ok(None);
    };
    let inserted = sqlx::query(
        "INSERT INTO shared_stories (set_id, story_id, version, shared_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (set_id, story_id) DO UPDATE SET
             version = excluded.version,
             shared_at = excluded.shared_at
         WHERE shared_stories.version <> excluded.version",
    )
    .bind(set)
    .bind(story)
    .bind(current)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    tx.commit().await?;
    Ok(Some(inserted))
}

pub async fn shared_stories(
    db: &Db,
    set: SetId,
    viewer: UserId,
) -> Result<Vec<SharedStorySummary>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: StoryId,
        user_id: UserId,
        username: String,
        title: String,
        kind: StoryKind,
        shared_at: Timestamp,
        reviews: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT s.id, s.user_id, u.username, v.title, s.kind, ss.shared_at,
                (SELECT COUNT(*) FROM story_reviews r
                 WHERE r.set_id = ss.set_id AND r.story_id = ss.story_id) AS reviews
         FROM shared_stories ss
         JOIN stories s ON s.id = ss.story_id
         JOIN story_versions v ON v.story_id = s.id AND v.version = ss.version
         JOIN users u ON u.id = s.user_id
         WHERE ss.set_id = $1
         ORDER BY ss.shared_at DESC, s.id DESC",
    )
    .bind(set)
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| SharedStorySummary {
            story: row.id,
            author: row.username,
            mine: row.user_id == viewer,
            title: row.title,
            kind: row.kind,
            shared_at: row.shared_at,
            reviews: to_u32(row.reviews),
        })
        .collect())
}

pub async fn shareable_stories(
    db: &Db,
    set: SetId,
    user: UserId,
) -> Result<Vec<StoryChoice>, DbError> {
    Ok(sqlx::query_as(
        "SELECT s.id AS story, v.title
         FROM stories s
         JOIN story_versions v ON v.story_id = s.id AND v.version = s.current_version
         WHERE s.user_id = $2
           AND NOT EXISTS (SELECT 1 FROM shared_stories ss
                           WHERE ss.set_id = $1 AND ss.story_id = s.id
                             AND ss.version = s.current_version)
         ORDER BY s.updated_at DESC, s.id DESC
         LIMIT 50",
    )
    .bind(set)
    .bind(user)
    .fetch_all(db.reader())
    .await?)
}

pub async fn find_shared_story(
    db: &Db,
    set: SetId,
    story: StoryId,
) -> Result<Option<SharedStoryRow>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        user_id: UserId,
        username: String,
        kind: StoryKind,
        version: i64,
        title: String,
        situation_html: String,
        options_html: String,
        decision_html: String,
        result_html: String,
        lessons_html: String,
        saved_at: Timestamp,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT s.user_id, u.username, s.kind, v.version, v.title, v.situation_html,
                v.options_html, v.decision_html, v.result_html, v.lessons_html, v.saved_at
         FROM shared_stories ss
         JOIN stories s ON s.id = ss.story_id
         JOIN story_versions v ON v.story_id = s.id AND v.version = ss.version
         JOIN users u ON u.id = s.user_id
         WHERE ss.set_id = $1 AND ss.story_id = $2",
    )
    .bind(set)
    .bind(story)
    .fetch_optional(db.reader())
    .await?;
    Ok(row.map(|row| SharedStoryRow {
        author: row.user_id,
        author_name: row.username,
        kind: row.kind,
        version: StoryVersion {
            version: row.version,
            title: row.title,
            parts_html: vec![
                row.situation_html,
                row.options_html,
                row.decision_html,
                row.result_html,
                row.lessons_html,
            ],
            saved_at: row.saved_at,
        },
    }))
}

pub async fn insert_story_review(
    db: &Db,
    review: &NewStoryReview<'_>,
) -> Result<Reviewed, DbError> {
    let mut tx = db.writer().begin().await?;
    let open: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT ss.story_id FROM shared_stories ss
         JOIN set_members m ON m.set_id = ss.set_id AND m.user_id = $3
         WHERE ss.set_id = $1 AND ss.story_id = $2 {}",
        super::super::row_lock("FOR SHARE OF ss, m")
    ))
    .bind(review.set)
    .bind(review.story)
    .bind(review.reviewer)
    .fetch_optional(&mut *tx)
    .await?;
    if open.is_none() {
        return Ok(Reviewed::Gone);
    }
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO story_reviews (set_id, story_id, reviewer_id, version, rubric_total,
                                    comment, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (set_id, story_id, reviewer_id) DO NOTHING
         RETURNING id",
    )
    .bind(review.set)
    .bind(review.story)
    .bind(review.reviewer)
    .bind(review.version)
    .bind(i64::from(review.rubric_total))
    .bind(review.comment)
    .bind(review.now)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else {
        return Ok(Reviewed::Already);
    };
    if !review.ticked.is_empty() {
        QueryBuilder::<DB>::new("INSERT INTO story_review_ticks (review_id, position, item) ")
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

pub async fn story_reviews(
    db: &Db,
    story: StoryId,
    set: Option<SetId>,
) -> Result<Vec<GivenReview>, DbError> {
    given_reviews(db, ReviewsOf::Story(story), set).await
}
