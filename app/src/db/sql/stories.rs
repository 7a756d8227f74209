//! The SQL behind [`crate::db::stories`], compiled once for each engine (see [`crate::db`]).

use super::{DB, Db};
use crate::db::DbError;
use crate::db::stories::{
    FoundStory, NewRehearsal, NewStory, REHEARSALS_LISTED, Rehearsed, StoryFacts, Updated,
};
use crate::domain::stories::{
    KindReadiness, RehearsalExport, RehearsalSummary, STORY_RUBRIC, StoryExport, StoryId,
    StoryKind, StoryOffer, StoryQueueItem, StorySummary, StoryVersion, StoryVersionExport,
};
use crate::domain::{Concept, QuestionSlug, Rating, Timestamp, UserId};
use crate::scheduler::{Memory, Scheduled, SchedulerError};
use sqlx::{QueryBuilder, Transaction};
use std::collections::HashMap;

const VERSION_COLUMNS: &str = "version, title, situation_md, options_md, decision_md, result_md,
     lessons_md, situation_html, options_html, decision_html, result_html, lessons_html, saved_at";

#[derive(sqlx::FromRow)]
struct VersionRow {
    version: i64,
    title: String,
    situation_md: String,
    options_md: String,
    decision_md: String,
    result_md: String,
    lessons_md: String,
    situation_html: String,
    options_html: String,
    decision_html: String,
    result_html: String,
    lessons_html: String,
    saved_at: Timestamp,
}

impl VersionRow {
    fn parts_md(&self) -> [&str; 5] {
        [
            &self.situation_md,
            &self.options_md,
            &self.decision_md,
            &self.result_md,
            &self.lessons_md,
        ]
    }

    fn shown(self) -> StoryVersion {
        StoryVersion {
            version: self.version,
            title: self.title,
            parts_html: vec![
                self.situation_html,
                self.options_html,
                self.decision_html,
                self.result_html,
                self.lessons_html,
            ],
            saved_at: self.saved_at,
        }
    }
}

async fn insert_version(
    tx: &mut Transaction<'_, DB>,
    story: StoryId,
    version: i64,
    new: &NewStory<'_>,
    now: Timestamp,
) -> Result<(), DbError> {
    let [situation, options, decision, result, lessons] = new.parts;
    let [
        situation_html,
        options_html,
        decision_html,
        result_html,
        lessons_html,
    ] = new.parts_html;
    sqlx::query(&format!(
        "INSERT INTO story_versions (story_id, {VERSION_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
    ))
    .bind(story)
    .bind(version)
    .bind(new.title.as_str())
    .bind(situation.as_str())
    .bind(options.as_str())
    .bind(decision.as_str())
    .bind(result.as_str())
    .bind(lessons.as_str())
    .bind(situation_html)
    .bind(options_html)
    .bind(decision_html)
    .bind(result_html)
    .bind(lessons_html)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn write_concepts(
    tx: &mut Transaction<'_, DB>,
    story: StoryId,
    concepts: &[Concept],
) -> Result<(), DbError> {
    sqlx::query("DELETE FROM story_concepts WHERE story_id = $1")
        .bind(story)
        .execute(&mut **tx)
        .await?;
    if !concepts.is_empty() {
        QueryBuilder::<DB>::new("INSERT INTO story_concepts (story_id, concept) ")
            .push_values(concepts, |mut row, concept| {
                row.push_bind(story).push_bind(*concept);
            })
            .build()
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub async fn create(
    db: &Db,
    user: UserId,
    new: &NewStory<'_>,
    now: Timestamp,
) -> Result<StoryId, DbError> {
    let mut tx = db.writer().begin().await?;
    let id: StoryId = sqlx::query_scalar(
        "INSERT INTO stories (user_id, kind, current_version, created_at, updated_at)
         VALUES ($1, $2, 1, $3, $3) RETURNING id",
    )
    .bind(user)
    .bind(new.kind)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    write_concepts(&mut tx, id, new.concepts).await?;
    insert_version(&mut tx, id, 1, new, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Locks `user`'s story `id` until the transaction ends, where the engine takes row locks, in
/// a statement of its own: under READ COMMITTED, a statement that waited for the lock still
/// reads every other row as it was when it began, so the reads come after, in new statements.
async fn lock_story(
    tx: &mut Transaction<'_, DB>,
    user: UserId,
    id: StoryId,
) -> Result<(), DbError> {
    let lock = super::row_lock("FOR UPDATE");
    if !lock.is_empty() {
        sqlx::query(&format!(
            "SELECT 1 FROM stories WHERE id = $1 AND user_id = $2 {lock}"
        ))
        .bind(id)
        .bind(user)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub async fn update(
    db: &Db,
    user: UserId,
    id: StoryId,
    new: &NewStory<'_>,
    now: Timestamp,
) -> Result<Updated, DbError> {
    let mut tx = db.writer().begin().await?;
    // Two edits at once make two versions, one after the other, never two with one number.
    lock_story(&mut tx, user, id).await?;
    let current: Option<VersionRow> = sqlx::query_as(&format!(
        "SELECT {VERSION_COLUMNS} FROM story_versions v
         JOIN stories s ON s.id = v.story_id AND s.current_version = v.version
         WHERE s.id = $1 AND s.user_id = $2"
    ))
    .bind(id)
    .bind(user)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(current) = current else {
        tx.rollback().await?;
        return Ok(Updated::NotFound);
    };
    let same_text = current.title == new.title.as_str()
        && current
            .parts_md()
            .iter()
            .zip(new.parts.iter())
            .all(|(stored, given)| *stored == given.as_str());
    let version = if same_text {
        current.version
    } else {
        let next = current.version + 1;
        insert_version(&mut tx, id, next, new, now).await?;
        next
    };
    sqlx::query(
        "UPDATE stories SET kind = $1, current_version = $2, updated_at = $3
         WHERE id = $4 AND user_id = $5",
    )
    .bind(new.kind)
    .bind(version)
    .bind(now)
    .bind(id)
    .bind(user)
    .execute(&mut *tx)
    .await?;
    write_concepts(&mut tx, id, new.concepts).await?;
    tx.commit().await?;
    Ok(if same_text {
        Updated::SameText(version)
    } else {
        Updated::NewVersion(version)
    })
}

pub async fn delete(db: &Db, user: UserId, id: StoryId) -> Result<bool, DbError> {
    Ok(
        sqlx::query("DELETE FROM stories WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user)
            .execute(db.writer())
            .await?
            .rows_affected()
            > 0,
    )
}

async fn concepts_of(db: &Db, user: UserId) -> Result<HashMap<StoryId, Vec<Concept>>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        story_id: StoryId,
        concept: Concept,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT c.story_id, c.concept FROM story_concepts c
         JOIN stories s ON s.id = c.story_id
         WHERE s.user_id = $1 ORDER BY c.story_id, c.concept",
    )
    .bind(user)
    .fetch_all(db.reader())
    .await?;
    let mut by_story: HashMap<StoryId, Vec<Concept>> = HashMap::new();
    for row in rows {
        by_story.entry(row.story_id).or_default().push(row.concept);
    }
    for concepts in by_story.values_mut() {
        concepts.sort_by_key(|c| Concept::ALL.iter().position(|k| k == c));
    }
    Ok(by_story)
}

pub async fn list(db: &Db, user: UserId) -> Result<Vec<StorySummary>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: StoryId,
        title: String,
        kind: StoryKind,
        updated_at: Timestamp,
        rehearsals: i64,
        due_at: Option<Timestamp>,
        last_rating: Option<Rating>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT s.id, v.title, s.kind, s.updated_at,
                (SELECT COUNT(*) FROM story_rehearsals r WHERE r.story_id = s.id) AS rehearsals,
                m.due_at,
                (SELECT r.rating FROM story_rehearsals r WHERE r.story_id = s.id
                 ORDER BY r.submitted_at DESC, r.id DESC LIMIT 1) AS last_rating
         FROM stories s
         JOIN story_versions v ON v.story_id = s.id AND v.version = s.current_version
         LEFT JOIN story_review_states m ON m.story_id = s.id
         WHERE s.user_id = $1
         ORDER BY s.updated_at DESC, s.id DESC",
    )
    .bind(user)
    .fetch_all(db.reader())
    .await?;
    let mut concepts = concepts_of(db, user).await?;
    Ok(rows
        .into_iter()
        .map(|row| StorySummary {
            concepts: concepts.remove(&row.id).unwrap_or_default(),
            id: row.id,
            title: row.title,
            kind: row.kind,
            updated_at: row.updated_at,
            rehearsals: u32::try_from(row.rehearsals).unwrap_or(u32::MAX),
            due_at: row.due_at,
            last_rating: row.last_rating,
        })
        .collect())
}

pub async fn find(
    db: &Db,
    user: UserId,
    id: StoryId,
    version: Option<i64>,
) -> Result<Option<FoundStory>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Facts {
        kind: StoryKind,
        current_version: i64,
        due_at: Option<Timestamp>,
    }
    let mut tx = super::begin_read(db).await?;
    let facts: Option<Facts> = sqlx::query_as(
        "SELECT s.kind, s.current_version, m.due_at FROM stories s
         LEFT JOIN story_review_states m ON m.story_id = s.id
         WHERE s.id = $1 AND s.user_id = $2",
    )
    .bind(id)
    .bind(user)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(facts) = facts else {
        return Ok(None);
    };
    let row: Option<VersionRow> = sqlx::query_as(&format!(
        "SELECT {VERSION_COLUMNS} FROM story_versions WHERE story_id = $1 AND version = $2"
    ))
    .bind(id)
    .bind(version.unwrap_or(facts.current_version))
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let concepts: Vec<Concept> = sqlx::query_scalar(
        "SELECT concept FROM story_concepts WHERE story_id = $1 ORDER BY concept",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let parts_md = row.parts_md().iter().map(|p| (*p).to_owned()).collect();
    let mut concepts = concepts;
    concepts.sort_by_key(|c| Concept::ALL.iter().position(|k| k == c));
    Ok(Some(FoundStory {
        facts: StoryFacts {
            kind: facts.kind,
            concepts,
            current_version: facts.current_version,
            due_at: facts.due_at,
        },
        version: row.shown(),
        parts_md,
    }))
}

pub async fn versions(
    db: &Db,
    user: UserId,
    id: StoryId,
) -> Result<Vec<(i64, String, Timestamp)>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        version: i64,
        title: String,
        saved_at: Timestamp,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT v.version, v.title, v.saved_at FROM story_versions v
         JOIN stories s ON s.id = v.story_id
         WHERE s.id = $1 AND s.user_id = $2
         ORDER BY v.version DESC",
    )
    .bind(id)
    .bind(user)
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.version, r.title, r.saved_at))
        .collect())
}

pub async fn rehearsals(
    db: &Db,
    user: UserId,
    id: StoryId,
) -> Result<(Vec<RehearsalSummary>, u32), DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        submitted_at: Timestamp,
        version: i64,
        duration_secs: i64,
        timed: i64,
        rating: Rating,
        ticked: i64,
        rubric_total: i64,
        notes_md: String,
        question_slug: Option<QuestionSlug>,
        question_title: Option<String>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.submitted_at, r.version, r.duration_secs, r.timed, r.rating, r.rubric_total,
                r.notes_md, r.question_slug, q.title AS question_title,
                (SELECT COUNT(*) FROM story_rehearsal_ticks t WHERE t.rehearsal_id = r.id)
                    AS ticked
         FROM story_rehearsals r
         LEFT JOIN questions q ON q.slug = r.question_slug
         WHERE r.story_id = $1 AND r.user_id = $2
         ORDER BY r.submitted_at DESC, r.id DESC
         LIMIT $3",
    )
    .bind(id)
    .bind(user)
    .bind(REHEARSALS_LISTED)
    .fetch_all(db.reader())
    .await?;
    let total: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM story_rehearsals WHERE story_id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user)
    .fetch_one(db.reader())
    .await?;
    let listed = rows
        .into_iter()
        .map(|row| RehearsalSummary {
            submitted_at: row.submitted_at,
            version: row.version,
            duration_secs: row.duration_secs,
            timed: row.timed != 0,
            rating: row.rating,
            ticked: u32::try_from(row.ticked).unwrap_or(0),
            rubric_total: u32::try_from(row.rubric_total).unwrap_or(0),
            // Notes are short and optional; rendered when read.
            notes_html: if row.notes_md.is_empty() {
                String::new()
            } else {
                crate::markdown::render_learner(&row.notes_md)
            },
            question: row.question_slug.zip(row.question_title),
        })
        .collect();
    Ok((listed, u32::try_from(total).unwrap_or(u32::MAX)))
}

pub async fn record_rehearsal(
    db: &Db,
    new: &NewRehearsal<'_>,
    schedule: impl FnOnce(Option<Memory>) -> Result<Scheduled, SchedulerError>,
) -> Result<Rehearsed, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        current_version: i64,
        stability: Option<f64>,
        difficulty: Option<f64>,
        last_review_at: Option<Timestamp>,
    }
    let mut tx = db.writer().begin().await?;
    // Two rehearsals at once schedule from the memory each leaves, never both from one.
    lock_story(&mut tx, new.user, new.story).await?;
    let story: Option<Row> = sqlx::query_as(
        "SELECT s.current_version, m.stability, m.difficulty, m.last_review_at
         FROM stories s LEFT JOIN story_review_states m ON m.story_id = s.id
         WHERE s.id = $1 AND s.user_id = $2",
    )
    .bind(new.story)
    .bind(new.user)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(story) = story else {
        tx.rollback().await?;
        return Ok(Rehearsed::NotFound);
    };
    #[expect(
        clippy::cast_possible_truncation,
        reason = "FSRS works in f32; the column holds what it wrote"
    )]
    let memory = match (story.stability, story.difficulty, story.last_review_at) {
        (Some(stability), Some(difficulty), Some(last_review_at)) => Some(Memory {
            stability: stability as f32,
            difficulty: difficulty as f32,
            last_review_at,
        }),
        _ => None,
    };
    let next = schedule(memory)?;
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO story_rehearsals (user_id, story_id, version, question_slug, client_token,
                                       notes_md, timed, started_at, submitted_at, duration_secs,
                                       rating, rubric_total, due_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (user_id, client_token) DO NOTHING
         RETURNING id",
    )
    .bind(new.user)
    .bind(new.story)
    .bind(story.current_version)
    .bind(new.question)
    .bind(new.key)
    .bind(new.notes.as_str())
    .bind(i64::from(new.timed))
    .bind(new.started_at)
    .bind(new.submitted_at)
    .bind((new.submitted_at - new.started_at).max(0))
    .bind(new.rating)
    .bind(i64::try_from(STORY_RUBRIC.len()).unwrap_or(0))
    .bind(next.due_at)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = inserted else {
        tx.rollback().await?;
        return Ok(Rehearsed::AlreadyStored);
    };
    if !new.ticked.is_empty() {
        QueryBuilder::<DB>::new(
            "INSERT INTO story_rehearsal_ticks (rehearsal_id, position, item) ",
        )
        .push_values(new.ticked, |mut row, (position, item)| {
            row.push_bind(id)
                .push_bind(i64::try_from(*position).unwrap_or(i64::MAX))
                .push_bind(item);
        })
        .build()
        .execute(&mut *tx)
        .await?;
    }
    let lapse = i64::from(new.rating == Rating::Again);
    sqlx::query(
        "INSERT INTO story_review_states (story_id, user_id, stability, difficulty,
                                          last_review_at, due_at, reviews, lapses)
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7)
         ON CONFLICT (story_id) DO UPDATE SET
             stability = excluded.stability,
             difficulty = excluded.difficulty,
             last_review_at = excluded.last_review_at,
             due_at = excluded.due_at,
             reviews = story_review_states.reviews + 1,
             lapses = story_review_states.lapses + excluded.lapses",
    )
    .bind(new.story)
    .bind(new.user)
    .bind(f64::from(next.memory.stability))
    .bind(f64::from(next.memory.difficulty))
    .bind(next.memory.last_review_at)
    .bind(next.due_at)
    .bind(lapse)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Rehearsed::Scheduled {
        due_at: next.due_at,
    })
}

pub async fn queue_items(db: &Db, user: UserId) -> Result<Vec<StoryQueueItem>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: StoryId,
        title: String,
        kind: StoryKind,
        due_at: Option<Timestamp>,
        last_rating: Option<Rating>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT s.id, v.title, s.kind, m.due_at,
                (SELECT r.rating FROM story_rehearsals r WHERE r.story_id = s.id
                 ORDER BY r.submitted_at DESC, r.id DESC LIMIT 1) AS last_rating
         FROM stories s
         JOIN story_versions v ON v.story_id = s.id AND v.version = s.current_version
         LEFT JOIN story_review_states m ON m.story_id = s.id
         WHERE s.user_id = $1
         ORDER BY s.created_at, s.id",
    )
    .bind(user)
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| StoryQueueItem {
            id: row.id,
            title: row.title,
            kind: row.kind,
            due_at: row.due_at,
            last_rating: row.last_rating,
        })
        .collect())
}

pub async fn offers(
    db: &Db,
    user: UserId,
    slug: &QuestionSlug,
) -> Result<Vec<StoryOffer>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: StoryId,
        title: String,
        kind: StoryKind,
    }
    // The kinds each concept calls for, as `StoryKind::concept` says.
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT s.id, v.title, s.kind
         FROM stories s
         JOIN story_versions v ON v.story_id = s.id AND v.version = s.current_version
         JOIN questions q ON q.slug = $2 AND q.level = 4
         WHERE s.user_id = $1
           AND (EXISTS (SELECT 1 FROM story_concepts sc
                        JOIN question_concepts qc ON qc.concept = sc.concept
                        WHERE sc.story_id = s.id AND qc.question_slug = q.slug)
                OR EXISTS (SELECT 1 FROM question_concepts qc
                           WHERE qc.question_slug = q.slug
                             AND ((qc.concept = 'cap'
                                   AND s.kind IN ('consistency', 'availability'))
                               OR (qc.concept = 'performance-scalability'
                                   AND s.kind = 'performance'))))
         ORDER BY s.updated_at DESC, s.id DESC",
    )
    .bind(user)
    .bind(slug)
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| StoryOffer {
            id: row.id,
            title: row.title,
            kind: row.kind,
        })
        .collect())
}

pub async fn readiness(db: &Db, user: UserId) -> Result<Vec<KindReadiness>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: StoryId,
        title: String,
        kind: StoryKind,
        last_rehearsed: Option<Timestamp>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT s.id, v.title, s.kind,
                (SELECT MAX(r.submitted_at) FROM story_rehearsals r WHERE r.story_id = s.id)
                    AS last_rehearsed
         FROM stories s
         JOIN story_versions v ON v.story_id = s.id AND v.version = s.current_version
         WHERE s.user_id = $1
         ORDER BY s.updated_at DESC, s.id DESC",
    )
    .bind(user)
    .fetch_all(db.reader())
    .await?;
    Ok(StoryKind::GUIDE
        .into_iter()
        .map(|kind| {
            let of_kind = || rows.iter().filter(move |r| r.kind == kind);
            let best = of_kind()
                .filter(|r| r.last_rehearsed.is_some())
                .max_by_key(|r| r.last_rehearsed)
                .or_else(|| of_kind().next());
            KindReadiness {
                kind,
                rehearsed: best.is_some_and(|r| r.last_rehearsed.is_some()),
                story: best.map(|r| (r.id, r.title.clone())),
            }
        })
        .collect())
}

pub async fn export(db: &Db, user: UserId) -> Result<Vec<StoryExport>, DbError> {
    #[derive(sqlx::FromRow)]
    struct StoryRow {
        id: StoryId,
        kind: StoryKind,
        created_at: Timestamp,
        stability: Option<f64>,
        difficulty: Option<f64>,
        due_at: Option<Timestamp>,
    }
    #[derive(sqlx::FromRow)]
    struct Version {
        story_id: StoryId,
        #[sqlx(flatten)]
        row: VersionRow,
    }
    #[derive(sqlx::FromRow)]
    struct Rehearsal {
        id: i64,
        story_id: StoryId,
        version: i64,
        question_slug: Option<String>,
        notes_md: String,
        timed: i64,
        started_at: Timestamp,
        submitted_at: Timestamp,
        duration_secs: i64,
        rating: Rating,
        rubric_total: i64,
        due_at: Timestamp,
    }
    #[derive(sqlx::FromRow)]
    struct Tick {
        rehearsal_id: i64,
        item: String,
    }
    let mut tx = super::begin_read(db).await?;
    let stories: Vec<StoryRow> = sqlx::query_as(
        "SELECT s.id, s.kind, s.created_at, m.stability, m.difficulty, m.due_at
         FROM stories s LEFT JOIN story_review_states m ON m.story_id = s.id
         WHERE s.user_id = $1 ORDER BY s.id",
    )
    .bind(user)
    .fetch_all(&mut *tx)
    .await?;
    let versions: Vec<Version> = sqlx::query_as(&format!(
        "SELECT story_id, {VERSION_COLUMNS} FROM story_versions
         WHERE story_id IN (SELECT id FROM stories WHERE user_id = $1)
         ORDER BY story_id, version"
    ))
    .bind(user)
    .fetch_all(&mut *tx)
    .await?;
    let rehearsals: Vec<Rehearsal> = sqlx::query_as(
        "SELECT id, story_id, version, question_slug, notes_md, timed, started_at, submitted_at,
                duration_secs, rating, rubric_total, due_at
         FROM story_rehearsals WHERE user_id = $1 ORDER BY story_id, submitted_at, id",
    )
    .bind(user)
    .fetch_all(&mut *tx)
    .await?;
    let ticks: Vec<Tick> = sqlx::query_as(
        "SELECT t.rehearsal_id, t.item FROM story_rehearsal_ticks t
         JOIN story_rehearsals r ON r.id = t.rehearsal_id
         WHERE r.user_id = $1 ORDER BY t.rehearsal_id, t.position",
    )
    .bind(user)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let mut concepts = concepts_of(db, user).await?;
    let mut ticked: HashMap<i64, Vec<String>> = HashMap::new();
    for tick in ticks {
        ticked.entry(tick.rehearsal_id).or_default().push(tick.item);
    }
    let mut by_story: HashMap<StoryId, StoryExport> = stories
        .into_iter()
        .map(|s| {
            (
                s.id,
                StoryExport {
                    id: s.id.0,
                    kind: s.kind,
                    concepts: concepts.remove(&s.id).unwrap_or_default(),
                    created_at: s.created_at,
                    versions: Vec::new(),
                    rehearsals: Vec::new(),
                    stability_days: s.stability,
                    difficulty: s.difficulty,
                    due_at: s.due_at,
                },
            )
        })
        .collect();
    for Version { story_id, row } in versions {
        if let Some(story) = by_story.get_mut(&story_id) {
            let [situation, options, decision, result, lessons] = row.parts_md().map(str::to_owned);
            story.versions.push(StoryVersionExport {
                version: row.version,
                title: row.title,
                situation_markdown: situation,
                options_markdown: options,
                decision_markdown: decision,
                result_markdown: result,
                lessons_markdown: lessons,
                saved_at: row.saved_at,
            });
        }
    }
    for r in rehearsals {
        if let Some(story) = by_story.get_mut(&r.story_id) {
            story.rehearsals.push(RehearsalExport {
                version: r.version,
                question: r.question_slug,
                notes_markdown: r.notes_md,
                timed: r.timed != 0,
                started_at: r.started_at,
                submitted_at: r.submitted_at,
                duration_secs: r.duration_secs,
                rating: r.rating,
                rubric_ticked: ticked.remove(&r.id).unwrap_or_default(),
                rubric_total: u32::try_from(r.rubric_total).unwrap_or(0),
                due_at: r.due_at,
            });
        }
    }
    let mut stories: Vec<(StoryId, StoryExport)> = by_story.into_iter().collect();
    stories.sort_by_key(|(id, _)| id.0);
    Ok(stories.into_iter().map(|(_, s)| s).collect())
}
