//! What the pages receive about questions: already rendered, already sanitised.

use super::{Concept, Level, PageSlug, QuestionSlug};
use serde::{Deserialize, Serialize};

/// One row of the bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionSummary {
    pub slug: QuestionSlug,
    pub title: String,
    pub level: Level,
    pub concepts: Vec<Concept>,
}

/// Everything a question page shows. The `*_html` fields come from the Markdown pipeline,
/// which sanitises them, so they may be inserted as HTML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionDetail {
    pub slug: QuestionSlug,
    pub title: String,
    pub level: Level,
    pub concepts: Vec<Concept>,
    pub prompt_html: String,
    /// "What they're testing": plain text items, the rubric of the practice loop.
    pub rubric: Vec<String>,
    pub answer_html: String,
    /// The strong answer models the learner's own story ("using your projects").
    pub own_story: bool,
    /// "What an interviewer would push back on": a reviewer's note on the strong answer,
    /// rendered, when it has one.
    pub pushback_html: Option<String>,
    /// "Further reading": links to the public sources that back the strong answer.
    pub reading_html: String,
    /// An incident drill's steps, in order; empty for other questions.
    pub steps: Vec<DrillStep>,
    pub key_terms: Vec<String>,
    /// Removed from `content/`: out of the bank and closed to new attempts, but its page
    /// stays so that attempts at it remain readable.
    pub retired: bool,
}

/// One step of an incident drill: what the learner sees, then (on request) what an
/// experienced engineer checks or decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct DrillStep {
    pub title: String,
    pub situation_html: String,
    pub reveal_html: String,
}

/// A page of prose from `content/pages/`, such as the study guide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct StudyPage {
    pub slug: PageSlug,
    pub title: String,
    pub body_html: String,
}
