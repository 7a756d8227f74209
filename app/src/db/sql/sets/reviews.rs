//! The SQL behind [`crate::db::sets::reviews`], compiled once for each engine (see [`crate::db`]).

use super::super::{DB, Db};
use super::to_u32;
use crate::db::DbError;
use crate::db::sets::reviews::{GivenReview, NewReview, Reviewed, SharedAnswerRow};
use crate::domain::sets::{PeerReview, ShareableAttempt, SharedAnswerSummary};
use crate::domain::stories::StoryId;
use crate::domain::{AttemptId, QuestionSlug, SetId, Timestamp, UserId};
use sqlx::QueryBuilder;
use std::collections::HashMap;

pub async fn share_answer(
    db: &Db,
    set: SetId,
    attempt: AttemptId,
    user: UserId,
    now: Timestamp,
) -> Result<Option<bool>, DbError> {
    let mut tx = db.writer().begin().await?;
    super::hold_set(&mut tx, set).await?;
    let eligible: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT a.id FROM attempts a
         JOIN set_questions sq ON sq.question_slug = a.question_slug AND sq.set_id = $1
         JOIN set_members m ON m.set_id = sq.set_id AND m.user_id = a.user_id
         WHERE a.id = $2 AND a.user_id = $3 AND a.skipped = 0 {}",
        super::super::row_lock("FOR SHARE OF m")
    ))
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

pub async fn insert_review(db: &Db, review: &NewReview<'_>) -> Result<Reviewed, DbError> {
    let mut tx = db.writer().begin().await?;
    // Both rows locked until the review is stored: the author's leaving (which deletes the
    // shared answer) or the reviewer's waits for it.
    let open: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT sa.attempt_id FROM shared_answers sa
         JOIN set_members m ON m.set_id = sa.set_id AND m.user_id = $3
         WHERE sa.set_id = $1 AND sa.attempt_id = $2 {}",
        super::super::row_lock("FOR SHARE OF sa, m")
    ))
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
        QueryBuilder::<DB>::new("INSERT INTO peer_review_ticks (review_id, position, item) ")
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

/// Review ticks, gathered by review from one query (ordered by review, then position).
pub(super) fn ticks_by_review(rows: Vec<TickRow>) -> HashMap<i64, Vec<String>> {
    let mut ticks: HashMap<i64, Vec<String>> = HashMap::new();
    for row in rows {
        ticks.entry(row.review_id).or_default().push(row.item);
    }
    ticks
}

#[derive(sqlx::FromRow)]
pub(super) struct TickRow {
    review_id: i64,
    item: String,
}

pub async fn reviews(
    db: &Db,
    attempt: AttemptId,
    set: Option<SetId>,
) -> Result<Vec<GivenReview>, DbError> {
    given_reviews(db, ReviewsOf::Answer(attempt), set).await
}

/// What peer reviews are of: a shared answer or a shared story. Each has tables of the same
/// shape (`peer_reviews` keyed by `attempt_id`, `story_reviews` by `story_id`, each with its
/// ticks), read by [`given_reviews`].
#[derive(Debug, Clone, Copy)]
pub(super) enum ReviewsOf {
    Answer(AttemptId),
    Story(StoryId),
}

impl ReviewsOf {
    /// The reviews table, its ticks table, the column naming what was reviewed, and its id.
    fn tables(self) -> (&'static str, &'static str, &'static str, i64) {
        match self {
            ReviewsOf::Answer(id) => ("peer_reviews", "peer_review_ticks", "attempt_id", id.0),
            ReviewsOf::Story(id) => ("story_reviews", "story_review_ticks", "story_id", id.0),
        }
    }
}

/// Reviews of an answer or a story, oldest first, in one set or in every set (`None`). Two
/// queries, however many reviews there are.
pub(super) async fn given_reviews(
    db: &Db,
    of: ReviewsOf,
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
    // The table and column names come from `tables`, never from input.
    let (reviews, ticks, key, id) = of.tables();
    let in_set = if set.is_some() {
        " AND r.set_id = $2"
    } else {
        ""
    };
    let mut tx = super::super::begin_read(db).await?;
    let reviews_sql = format!(
        "SELECT r.id, r.reviewer_id, u.username AS reviewer, r.rubric_total, r.comment,
                r.created_at, s.title AS set_title
         FROM {reviews} r
         JOIN users u ON u.id = r.reviewer_id
         JOIN practice_sets s ON s.id = r.set_id
         WHERE r.{key} = $1{in_set}
         ORDER BY r.created_at, r.id"
    );
    let ticks_sql = format!(
        "SELECT t.review_id, t.item FROM {ticks} t
         JOIN {reviews} r ON r.id = t.review_id
         WHERE r.{key} = $1{in_set}
         ORDER BY t.review_id, t.position"
    );
    let mut query = sqlx::query_as::<_, Row>(&reviews_sql).bind(id);
    if let Some(set) = set {
        query = query.bind(set);
    }
    let rows = query.fetch_all(&mut *tx).await?;
    let mut ticks = sqlx::query_as::<_, TickRow>(&ticks_sql).bind(id);
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
