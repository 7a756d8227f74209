//! Questions, their concepts, rubric items and key terms.

use super::{Db, DbError};
use crate::content::QuestionDoc;
use crate::domain::{Concept, DrillStep, Level, QuestionDetail, QuestionSlug, QuestionSummary};
use sqlx::{QueryBuilder, Sqlite, Transaction};
use std::collections::{BTreeMap, HashSet};

/// What a bank synchronisation did: how many questions it wrote and how many it retired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SyncReport {
    pub loaded: usize,
    pub retired: usize,
}

/// Makes the stored bank match `questions`, in one transaction: new and changed questions are
/// written, questions no longer in `content/` are retired (never deleted: attempts will point
/// at them). Running it twice with the same input changes nothing the second time.
pub async fn sync_bank(db: &Db, questions: &[QuestionDoc]) -> Result<SyncReport, DbError> {
    let mut tx = db.writer().begin().await?;
    for question in questions {
        upsert_question(&mut tx, question).await?;
    }
    let present: HashSet<&str> = questions.iter().map(|q| q.slug.as_str()).collect();
    let active: Vec<String> =
        sqlx::query_scalar("SELECT slug FROM questions WHERE retired_at IS NULL")
            .fetch_all(&mut *tx)
            .await?;
    let mut retired = 0;
    for slug in active.iter().filter(|s| !present.contains(s.as_str())) {
        sqlx::query("UPDATE questions SET retired_at = CURRENT_TIMESTAMP WHERE slug = $1")
            .bind(slug)
            .execute(&mut *tx)
            .await?;
        retired += 1;
    }
    super::search::index_questions(&mut tx, questions).await?;
    tx.commit().await?;
    Ok(SyncReport {
        loaded: questions.len(),
        retired,
    })
}

async fn upsert_question(tx: &mut Transaction<'_, Sqlite>, q: &QuestionDoc) -> Result<(), DbError> {
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

/// The active bank in study order, optionally narrowed to one level and/or one concept.
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

/// One question with everything its page shows, retired or not (attempts at a retired
/// question stay readable), or `None` if there never was such a question.
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

/// Which of `slugs` name a question in the bank (retired ones included), in one query.
pub async fn known_slugs(db: &Db, slugs: &[QuestionSlug]) -> Result<HashSet<String>, DbError> {
    if slugs.is_empty() {
        return Ok(HashSet::new());
    }
    let mut query = QueryBuilder::<Sqlite>::new("SELECT slug FROM questions WHERE slug IN (");
    let mut list = query.separated(", ");
    for slug in slugs {
        list.push_bind(slug.as_str());
    }
    query.push(")");
    let found: Vec<String> = query.build_query_scalar().fetch_all(db.reader()).await?;
    Ok(found.into_iter().collect())
}

/// Number of questions that are not retired.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content;
    use std::path::Path;

    async fn fresh_db(dir: &tempfile::TempDir) -> Db {
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let db = Db::connect(&url).await.expect("connect");
        db.migrate().await.expect("migrate");
        db
    }

    fn seed_questions() -> Vec<QuestionDoc> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
        // The nine seed questions (orders 1 to 9): a fixed bank, whatever content grows to.
        content::load(&dir)
            .expect("seed content")
            .questions
            .into_iter()
            .filter(|q| q.order <= 9)
            .collect()
    }

    #[tokio::test]
    async fn sync_is_idempotent() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = fresh_db(&dir).await;
        let questions = seed_questions();
        let first = sync_bank(&db, &questions).await.expect("first sync");
        let before = list_questions(&db, None, None).await.expect("list");
        let second = sync_bank(&db, &questions).await.expect("second sync");
        let after = list_questions(&db, None, None).await.expect("list");
        assert_eq!(
            first,
            SyncReport {
                loaded: 9,
                retired: 0
            }
        );
        assert_eq!(second, first);
        assert_eq!(before, after);
        assert_eq!(count_active(&db).await.expect("count"), 9);
    }

    #[tokio::test]
    async fn removed_questions_are_retired_and_come_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = fresh_db(&dir).await;
        let questions = seed_questions();
        sync_bank(&db, &questions).await.expect("sync");
        let report = sync_bank(&db, &questions[1..])
            .await
            .expect("sync without the first");
        assert_eq!(report.retired, 1);
        let retired = find_question(&db, &questions[0].slug)
            .await
            .expect("find")
            .expect("a retired question keeps its page");
        assert!(retired.retired);
        assert_eq!(
            list_questions(&db, None, None).await.expect("list").len(),
            questions.len() - 1,
            "but leaves the bank"
        );
        sync_bank(&db, &questions).await.expect("sync again");
        assert!(
            !find_question(&db, &questions[0].slug)
                .await
                .expect("find")
                .expect("back")
                .retired
        );
    }

    #[tokio::test]
    async fn filters_by_level_and_concept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = fresh_db(&dir).await;
        sync_bank(&db, &seed_questions()).await.expect("sync");
        let level1 = list_questions(&db, Some(Level::Conceptual), None)
            .await
            .expect("list");
        assert_eq!(level1.len(), 3);
        assert!(level1.iter().all(|q| q.level == Level::Conceptual));
        let cap = list_questions(&db, None, Some(Concept::Cap))
            .await
            .expect("list");
        assert!(!cap.is_empty() && cap.iter().all(|q| q.concepts.contains(&Concept::Cap)));
        let both = list_questions(&db, Some(Level::Conceptual), Some(Concept::Cap))
            .await
            .expect("list");
        assert_eq!(
            both.iter().map(|q| q.title.as_str()).collect::<Vec<_>>(),
            ["CAP in Practice"]
        );
    }

    #[tokio::test]
    async fn detail_keeps_rubric_and_key_term_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = fresh_db(&dir).await;
        let questions = seed_questions();
        sync_bank(&db, &questions).await.expect("sync");
        let q = &questions[2];
        let detail = find_question(&db, &q.slug)
            .await
            .expect("find")
            .expect("exists");
        assert_eq!(detail.rubric, q.rubric);
        assert_eq!(detail.key_terms, q.key_terms);
        assert_eq!(detail.answer_html, q.answer_html);
    }

    #[tokio::test]
    async fn drill_steps_and_further_reading_are_stored_and_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = fresh_db(&dir).await;
        let mut questions = seed_questions();
        let step = |n: usize| content::StepDoc {
            title: format!("Look {n}"),
            situation_html: format!("<p>You see {n}.</p>"),
            reveal_html: format!("<p>Check {n}.</p>"),
        };
        questions[0].steps = vec![step(1), step(2), step(3)];
        sync_bank(&db, &questions).await.expect("sync");
        let detail = find_question(&db, &questions[0].slug)
            .await
            .expect("find")
            .expect("exists");
        assert_eq!(detail.reading_html, questions[0].reading_html);
        assert!(
            detail.reading_html.contains("https://"),
            "{}",
            detail.reading_html
        );
        let titles: Vec<&str> = detail.steps.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["Look 1", "Look 2", "Look 3"]);
        assert_eq!(detail.steps[1].reveal_html, "<p>Check 2.</p>");

        // An edited drill replaces its steps; a question without steps has none.
        questions[0].steps = vec![step(9), step(8)];
        sync_bank(&db, &questions).await.expect("sync again");
        let detail = find_question(&db, &questions[0].slug)
            .await
            .expect("find")
            .expect("exists");
        let titles: Vec<&str> = detail.steps.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["Look 9", "Look 8"]);
        let other = find_question(&db, &questions[1].slug)
            .await
            .expect("find")
            .expect("exists");
        assert!(other.steps.is_empty());
    }
}
