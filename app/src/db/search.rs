//! Full-text search over the bank, my answers and my stories, Porter-stemmed, every word
//! required, every stop word searchable. Each engine searches its own way behind these
//! functions: SQLite with FTS5 (`sqlite/search.rs`; the learner indexes are kept in step by
//! triggers, see the learner-search migration), PostgreSQL with `tsvector` columns generated
//! from the rows (`postgres/search.rs` and its baseline migration). Every search of learner
//! text names the learner, so nobody's answers or stories are ever found by anyone else.

use crate::db::{Db, DbError};
use crate::domain::search::{SearchWords, SnippetPart, snippet_parts};
use crate::domain::stories::{StoryId, StoryKind};
use crate::domain::{AttemptId, Concept, Level, QuestionSlug, Timestamp, UserId};

/// Marks around a matched word in a snippet: control characters no stored text contains.
pub(super) const OPEN: char = '\u{2}';
pub(super) const CLOSE: char = '\u{3}';

/// Text of rendered HTML: tags dropped, the entities our renderer writes decoded.
pub(super) fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A question found, best first.
pub struct FoundQuestion {
    pub slug: QuestionSlug,
    pub title: String,
    pub level: Level,
    pub snippet: Vec<SnippetPart>,
}

/// One page of the active questions matching `words`, narrowed by level and concept, ranked
/// (a match in the title counts most, then key terms, sub-topics, rubric, prompt, answer and
/// notes), with the number found over every page.
pub async fn search_questions(
    db: &Db,
    words: &SearchWords,
    level: Option<Level>,
    concept: Option<Concept>,
    page: u32,
) -> Result<(Vec<FoundQuestion>, u32), DbError> {
    on_engine!(db, search::search_questions(words, level, concept, page))
}

/// Which slice of the matches to return, best first.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub limit: u32,
    pub offset: u32,
}

impl Window {
    /// Page `page` (from 1) of `size` results.
    pub fn page(page: u32, size: u32) -> Self {
        Self {
            limit: size,
            offset: page.saturating_sub(1).saturating_mul(size),
        }
    }
}

/// One of my answers found, best first.
pub struct FoundAnswer {
    pub id: AttemptId,
    pub slug: QuestionSlug,
    pub question_title: String,
    pub submitted_at: Timestamp,
    pub snippet: Vec<SnippetPart>,
}

/// My answers matching `words`, narrowed by their question's level and concept, newest
/// first, with the number found (counted up to [`ANSWERS_COUNTED`] + 1) and whether more
/// follow the window.
///
/// Newest first, not by relevance as the bank is: a learner's answers to one question share
/// its words, so relevance among them says little, while "what I wrote lately" is what a
/// learner looks for. It is also what keeps a search flat however long the history grows:
/// the index hands over matches in descending id order, so a page reads only as many matches
/// as it shows (plus the count's bounded walk), where ranking would score every match first
/// (half of 100 000 answers for a common word).
pub async fn search_answers(
    db: &Db,
    user: UserId,
    words: &SearchWords,
    level: Option<Level>,
    concept: Option<Concept>,
    window: Window,
) -> Result<(Vec<FoundAnswer>, u32, bool), DbError> {
    on_engine!(
        db,
        search::search_answers(user, words, level, concept, window)
    )
}

/// One of my stories found, best first.
pub struct FoundStory {
    pub id: StoryId,
    pub title: String,
    pub kind: StoryKind,
    pub snippet: Vec<SnippetPart>,
}

/// A question found, as both engines' statements return it: the snippet still marked.
#[derive(sqlx::FromRow)]
pub(super) struct QuestionRow {
    slug: QuestionSlug,
    title: String,
    level: Level,
    snippet: String,
}

impl From<QuestionRow> for FoundQuestion {
    fn from(row: QuestionRow) -> Self {
        Self {
            slug: row.slug,
            title: row.title,
            level: row.level,
            snippet: snippet_parts(&row.snippet, OPEN, CLOSE),
        }
    }
}

/// An answer found, as both engines' statements return it.
#[derive(sqlx::FromRow)]
pub(super) struct AnswerRow {
    id: AttemptId,
    question_slug: QuestionSlug,
    title: String,
    submitted_at: Timestamp,
    snippet: String,
}

impl From<AnswerRow> for FoundAnswer {
    fn from(row: AnswerRow) -> Self {
        Self {
            id: row.id,
            slug: row.question_slug,
            question_title: row.title,
            submitted_at: row.submitted_at,
            snippet: snippet_parts(&row.snippet, OPEN, CLOSE),
        }
    }
}

/// A story found, as both engines' statements return it.
#[derive(sqlx::FromRow)]
pub(super) struct StoryRow {
    id: StoryId,
    title: String,
    kind: StoryKind,
    snippet: String,
}

impl From<StoryRow> for FoundStory {
    fn from(row: StoryRow) -> Self {
        Self {
            id: row.id,
            title: row.title,
            kind: row.kind,
            snippet: snippet_parts(&row.snippet, OPEN, CLOSE),
        }
    }
}

/// My stories whose current version matches `words` (a match in the title counts most),
/// narrowed by concept (tagged, or shown by the story's kind), with the number found.
pub async fn search_stories(
    db: &Db,
    user: UserId,
    words: &SearchWords,
    concept: Option<Concept>,
    window: Window,
) -> Result<(Vec<FoundStory>, u32), DbError> {
    on_engine!(db, search::search_stories(user, words, concept, window))
}
