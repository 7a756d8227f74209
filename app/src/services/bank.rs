//! The question bank and the prose pages, as the pages read them. Slugs arrive as typed in a
//! URL: a malformed one names nothing (a 404), never a bad request.

use crate::db::{Db, pages, questions};
use crate::domain::{
    Concept, Level, PageSlug, QuestionDetail, QuestionSlug, QuestionSummary, StudyPage,
};
use crate::error::{AppError, Context};

/// The bank, narrowed by level and concept when given.
pub async fn list(
    db: &Db,
    level: Option<Level>,
    concept: Option<Concept>,
) -> Result<Vec<QuestionSummary>, AppError> {
    questions::list_questions(db, level, concept)
        .await
        .context("listing questions")
}

/// One question by slug, retired or not; `None` when there is no such question.
pub async fn question(db: &Db, slug: &str) -> Result<Option<QuestionDetail>, AppError> {
    let Ok(slug) = QuestionSlug::parse(slug) else {
        return Ok(None);
    };
    questions::find_question(db, &slug)
        .await
        .context("loading a question")
}

/// A prose page by slug; `None` when there is none.
pub async fn page(db: &Db, slug: &str) -> Result<Option<StudyPage>, AppError> {
    let Ok(slug) = PageSlug::parse(slug) else {
        return Ok(None);
    };
    pages::find_page(db, &slug).await.context("loading a page")
}
