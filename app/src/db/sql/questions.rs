//! The SQL behind [`crate::db::questions`], compiled once for each engine (see [`crate::db`]).

use super::{DB, Db};
use crate::content::QuestionDoc;
use crate::db::DbError;
use crate::db::questions::SyncReport;
use crate::domain::{Concept, DrillStep, Level, QuestionDetail, QuestionSlug, QuestionSummary};
use sqlx::{QueryBuilder, Transaction};
use std::collections::{BTreeMap, HashSet};

/// Makes the stored bank match `questions`, inside the content sync's transaction.
pub(super) async fn store_bank(
    tx: &mut Transaction<'_, DB>,
    questions: &[QuestionDoc],
) -> Result<SyncReport, DbError> {
    for question in questions {
        upsert_question(tx, question).await?;
    }
    let present: HashSet<&str> = questions.iter().map(|q| q.slug.as_str()).collect();
    let active: Vec<String> =
        sqlx::query_scalar("SELECT slug FROM questions WHERE retired_at IS NULL")
            .fetch_all(&mut **tx)
            .await?;
    let mut retired = 0;
    for slug in active.iter().filter(|s| !present.contains(s.as_str())) {
        sqlx::query("UPDATE questions SET retired_at = CURRENT_TIMESTAMP WHERE slug = $1")
            .bind(slug)
            .execute(&mut **tx)
            .await?;
        retired += 1;
    }
    super::question_index::index_questions(tx, questions).await?;
    Ok(SyncReport {
        loaded: questions.len(),
        retired,
    })
}

async fn upsert_question(tx: &mut Transaction<'_, DB>, q: &QuestionDoc) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO questions (slug, title, level, position, prompt_html, answer_html,
                                reading_html, retired_at, pushback_html, own_story)
         VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $9)
         ON CONFLICT (slug) DO UPDATE SET
             title = excluded.title,
             level = excluded.level,
             position = excluded.position,
             prompt_html = excluded.prompt_html,
             answer_html = excluded.answer_html,
             reading_html = excluded.reading_html,
             retired_at = NULL,
             pushback_html = excluded.pushback_html,
             own_story = excluded.own_story",
    )
    .bind(q.slug.as_str())
    .bind(&q.title)
    .bind(i64::from(q.level.number()))
    .bind(i64::from(q.order))
    .bind(&q.prompt_html)
    .bind(&q.answer_html)
    .bind(&q.reading_html)
    .bind(q.pushback_html.as_deref())
    .bind(i64::from(q.own_story))
    .execute(&mut **tx)
    .await?;

    // The child rows are content, not learner data: replacing them wholesale is safe.
    for table in [
        "question_concepts",
        "rubric_items",
        "key_terms",
        "question_steps",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE question_slug = $1"))
            .bind(q.slug.as_str())
            .execute(&mut **tx)
            .await?;
    }
    for concept in &q.concepts {
        sqlx::query("INSERT INTO question_concepts (question_slug, concept) VALUES ($1, $2)")
            .bind(q.slug.as_str())
            .bind(concept.slug())
            .execute(&mut **tx)
            .await?;
    }
    for (position, text) in q.rubric.iter().enumerate() {
        sqlx::query("INSERT INTO rubric_items (question_slug, position, text) VALUES ($1, $2, $3)")
            .bind(q.slug.as_str())
            .bind(position_value(position))
            .bind(text)
            .execute(&mut **tx)
            .await?;
    }
    for (position, step) in q.steps.iter().enumerate() {
        sqlx::query(
            "INSERT INTO question_steps (question_slug, position, title, situation_html, reveal_html)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(q.slug.as_str())
        .bind(position_value(position))
        .bind(&step.title)
        .bind(&step.situation_html)
        .bind(&step.reveal_html)
        .execute(&mut **tx)
        .await?;
    }
    for (position, term) in q.key_terms.iter().enumerate() {
        sqlx::query("INSERT INTO key_terms (question_slug, position, term) VALUES ($1, $2, $3)")
            .bind(q.slug.as_str())
            .bind(position_value(position))
            .bind(term)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

fn position_value(position: usize) -> i64 {
    i64::try_from(position).unwrap_or(i64::MAX)
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    slug: QuestionSlug,
    title: String,
    level: Level,
}

#[derive(sqlx::FromRow)]
struct DetailRow {
    slug: QuestionSlug,
    title: String,
    level: Level,
    prompt_html: String,
    answer_html: String,
    reading_html: String,
    retired: bool,
    pushback_html: Option<String>,
    own_story: i64,
}

pub async fn list_questions(
    db: &Db,
    level: Option<Level>,
    concept: Option<Concept>,
) -> Result<Vec<QuestionSummary>, DbError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(
        "SELECT q.slug, q.title, q.level
         FROM questions q
         WHERE q.retired_at IS NULL
           AND ($1 IS NULL OR q.level = $1)
           AND ($2 IS NULL OR EXISTS (
                SELECT 1 FROM question_concepts c
                WHERE c.question_slug = q.slug AND c.concept = $2))
         ORDER BY q.level, q.position",
    )
    .bind(level)
    .bind(concept.map(Concept::slug))
    .fetch_all(db.reader())
    .await?;

    let mut concepts = concepts_by_question(db).await?;
    Ok(rows
        .into_iter()
        .map(|row| QuestionSummary {
            concepts: concepts.remove(row.slug.as_str()).unwrap_or_default(),
            slug: row.slug,
            title: row.title,
            level: row.level,
        })
        .collect())
}

pub async fn find_question(
    db: &Db,
    slug: &QuestionSlug,
) -> Result<Option<QuestionDetail>, DbError> {
    let row: Option<DetailRow> = sqlx::query_as(
        "SELECT slug, title, level, prompt_html, answer_html, reading_html,
                retired_at IS NOT NULL AS retired, pushback_html, own_story
         FROM questions WHERE slug = $1",
    )
    .bind(slug.as_str())
    .fetch_optional(db.reader())
    .await?;
    let Some(row) = row else { return Ok(None) };

    let concepts: Vec<String> = sqlx::query_scalar(
        "SELECT concept FROM question_concepts WHERE question_slug = $1 ORDER BY concept",
    )
    .bind(slug.as_str())
    .fetch_all(db.reader())
    .await?;
    let rubric: Vec<String> = sqlx::query_scalar(
        "SELECT text FROM rubric_items WHERE question_slug = $1 ORDER BY position",
    )
    .bind(slug.as_str())
    .fetch_all(db.reader())
    .await?;
    let key_terms: Vec<String> =
        sqlx::query_scalar("SELECT term FROM key_terms WHERE question_slug = $1 ORDER BY position")
            .bind(slug.as_str())
            .fetch_all(db.reader())
            .await?;

    let steps: Vec<DrillStep> = sqlx::query_as(
        "SELECT title, situation_html, reveal_html FROM question_steps
         WHERE question_slug = $1 ORDER BY position",
    )
    .bind(slug.as_str())
    .fetch_all(db.reader())
    .await?;

    Ok(Some(QuestionDetail {
        slug: row.slug,
        title: row.title,
        level: row.level,
        concepts: concepts
            .into_iter()
            .filter_map(|c| Concept::from_slug(&c))
            .collect(),
        prompt_html: row.prompt_html,
        rubric,
        answer_html: row.answer_html,
        reading_html: row.reading_html,
        pushback_html: row.pushback_html,
        own_story: row.own_story != 0,
        steps,
        key_terms,
        retired: row.retired,
    }))
}

pub async fn known_slugs(db: &Db, slugs: &[QuestionSlug]) -> Result<HashSet<String>, DbError> {
    if slugs.is_empty() {
        return Ok(HashSet::new());
    }
    let mut query = QueryBuilder::<DB>::new("SELECT slug FROM questions WHERE slug IN (");
    let mut list = query.separated(", ");
    for slug in slugs {
        list.push_bind(slug.as_str());
    }
    query.push(")");
    let found: Vec<String> = query.build_query_scalar().fetch_all(db.reader()).await?;
    Ok(found.into_iter().collect())
}

pub async fn count_active(db: &Db) -> Result<i64, DbError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM questions WHERE retired_at IS NULL")
            .fetch_one(db.reader())
            .await?,
    )
}

pub(super) async fn concepts_by_question(
    db: &Db,
) -> Result<BTreeMap<String, Vec<Concept>>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Tagged {
        question_slug: String,
        concept: String,
    }
    let pairs: Vec<Tagged> = sqlx::query_as(
        "SELECT question_slug, concept FROM question_concepts ORDER BY question_slug, concept",
    )
    .fetch_all(db.reader())
    .await?;
    let mut map: BTreeMap<String, Vec<Concept>> = BTreeMap::new();
    for pair in pairs {
        // A concept this build does not know (written by a newer one) is skipped, not fatal.
        if let Some(concept) = Concept::from_slug(&pair.concept) {
            map.entry(pair.question_slug).or_default().push(concept);
        }
    }
    Ok(map)
}
