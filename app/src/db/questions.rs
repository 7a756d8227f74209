//! Questions, their concepts, rubric items and key terms.

use crate::db::{Db, DbError};
use crate::domain::{Concept, Level, QuestionDetail, QuestionSlug, QuestionSummary};
use std::collections::HashSet;

/// What a bank synchronisation did: how many questions it wrote and how many it retired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SyncReport {
    pub loaded: usize,
    pub retired: usize,
}

/// The active bank in study order, optionally narrowed to one level and/or one concept.
pub async fn list_questions(
    db: &Db,
    level: Option<Level>,
    concept: Option<Concept>,
) -> Result<Vec<QuestionSummary>, DbError> {
    on_engine!(db, questions::list_questions(level, concept))
}

/// One question with everything its page shows, retired or not (attempts at a retired
/// question stay readable), or `None` if there never was such a question.
pub async fn find_question(
    db: &Db,
    slug: &QuestionSlug,
) -> Result<Option<QuestionDetail>, DbError> {
    on_engine!(db, questions::find_question(slug))
}

/// Which of `slugs` name a question in the bank (retired ones included), in one query.
pub async fn known_slugs(db: &Db, slugs: &[QuestionSlug]) -> Result<HashSet<String>, DbError> {
    on_engine!(db, questions::known_slugs(slugs))
}

/// Number of questions that are not retired.
pub async fn count_active(db: &Db) -> Result<i64, DbError> {
    on_engine!(db, questions::count_active())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{self, QuestionDoc};
    use std::path::Path;

    async fn fresh_db(dir: &tempfile::TempDir) -> Db {
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let db = Db::connect(&url).await.expect("connect");
        db.migrate().await.expect("migrate");
        db
    }

    /// Syncs a bank of `questions` alone, as start-up syncs `content/`.
    async fn sync_bank(db: &Db, questions: &[QuestionDoc]) -> Result<SyncReport, DbError> {
        let bank = content::Bank {
            questions: questions.to_vec(),
            pages: Vec::new(),
            version: format!("{} questions", questions.len()),
        };
        crate::db::content::sync(db, &bank).await
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
