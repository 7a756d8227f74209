//! Full-text search. Here, and only here, is the engine's syntax: SQLite FTS5 in the embedded
//! default (`question_search` over the bank, `answer_search` over answers and `story_search`
//! over stories, all porter-stemmed); another engine's full-text search takes its place
//! behind these functions. The learner indexes are kept in step by triggers (see the
//! learner-search migration); every search of them names the learner, so nobody's answers or
//! stories are ever found by anyone else.

use super::{Db, DbError};
use crate::content::{QuestionDoc, SUBTOPICS};
use crate::domain::search::{ANSWERS_COUNTED, PAGE_SIZE, SearchWords, SnippetPart, snippet_parts};
use crate::domain::stories::{StoryId, StoryKind};
use crate::domain::{AttemptId, Concept, Level, QuestionSlug, Timestamp, UserId};
use sqlx::{QueryBuilder, Sqlite, Transaction};

/// Marks around a matched word in a snippet: control characters no stored text contains.
const OPEN: char = '\u{2}';
const CLOSE: char = '\u{3}';

/// Rewrites the search index from the bank being stored, inside its transaction, so search
/// and the bank never disagree.
pub async fn index_questions(
    tx: &mut Transaction<'_, Sqlite>,
    questions: &[QuestionDoc],
) -> Result<(), DbError> {
    sqlx::query("DELETE FROM question_search")
        .execute(&mut **tx)
        .await?;
    if questions.is_empty() {
        return Ok(());
    }
    QueryBuilder::<Sqlite>::new(
        "INSERT INTO question_search
             (slug, title, key_terms, subtopics, rubric, prompt, answer, notes) ",
    )
    .push_values(questions, |mut row, q| {
        let subtopics: Vec<&str> = q
            .subtopics
            .iter()
            .filter_map(|id| SUBTOPICS.iter().find(|(_, sid, _)| sid == id))
            .map(|(_, _, name)| *name)
            .collect();
        row.push_bind(q.slug.as_str().to_owned())
            .push_bind(q.title.clone())
            .push_bind(q.key_terms.join(" · ").replace('|', " "))
            .push_bind(subtopics.join(" · "))
            .push_bind(q.rubric.join("\n"))
            .push_bind(plain_text(&q.prompt_html))
            .push_bind(plain_text(&q.answer_html))
            .push_bind(
                q.pushback_html
                    .as_deref()
                    .map(plain_text)
                    .unwrap_or_default(),
            );
    })
    .build()
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Text of rendered HTML: tags dropped, the entities our renderer writes decoded.
fn plain_text(html: &str) -> String {
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

/// The engine's query for `words`: each word as a quoted term (or its other spellings), all
/// required. The words are letters and digits only, so nothing in them is syntax.
fn match_expression(words: &SearchWords) -> String {
    words
        .words()
        .iter()
        .map(|forms| {
            let terms: Vec<String> = forms.iter().map(|f| format!("\"{f}\"")).collect();
            format!("({})", terms.join(" OR "))
        })
        .collect::<Vec<_>>()
        // FTS5 joins bracketed groups only with an explicit AND.
        .join(" AND ")
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
    #[derive(sqlx::FromRow)]
    struct Row {
        slug: QuestionSlug,
        title: String,
        level: Level,
        snippet: String,
    }
    // Level 0 and concept '' stand for "any": typed values, never NULL parameters.
    let from = "FROM question_search s JOIN questions q ON q.slug = s.slug
         WHERE question_search MATCH $1 AND q.retired_at IS NULL
           AND ($2 = 0 OR q.level = $2)
           AND ($3 = '' OR EXISTS (SELECT 1 FROM question_concepts c
                                   WHERE c.question_slug = q.slug AND c.concept = $3))";
    let expression = match_expression(words);
    let level = level.map_or(0, |l| i64::from(l.number()));
    let concept = concept.map_or("", Concept::slug);
    let mut tx = db.reader().begin().await?;
    let count_sql = format!("SELECT COUNT(*) {from}");
    let total: i64 = sqlx::query_scalar(&count_sql)
        .bind(&expression)
        .bind(level)
        .bind(concept)
        .fetch_one(&mut *tx)
        .await?;
    // Rank every match, but cut snippets only for the page shown: a snippet reads the
    // document's text, and a common word matches most of the bank.
    let page_sql = format!(
        "WITH page AS (
             SELECT s.rowid AS id, q.position,
                    bm25(question_search, 0.0, 10.0, 5.0, 3.0, 2.0, 2.0, 1.0, 1.0) AS score
             {from}
             ORDER BY score, q.position
             LIMIT $4 OFFSET $5
         )
         SELECT q.slug, q.title, q.level,
                snippet(question_search, -1, '{OPEN}', '{CLOSE}', '…', 24) AS snippet
         FROM page
         JOIN question_search ON question_search.rowid = page.id
         JOIN questions q ON q.slug = question_search.slug
         WHERE question_search MATCH $1
         ORDER BY page.score, page.position"
    );
    let rows: Vec<Row> = sqlx::query_as(&page_sql)
        .bind(&expression)
        .bind(level)
        .bind(concept)
        .bind(i64::from(PAGE_SIZE))
        .bind(i64::from(page.saturating_sub(1)) * i64::from(PAGE_SIZE))
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    let found = rows
        .into_iter()
        .map(|row| FoundQuestion {
            slug: row.slug,
            title: row.title,
            level: row.level,
            snippet: snippet_parts(&row.snippet, OPEN, CLOSE),
        })
        .collect();
    Ok((found, u32::try_from(total).unwrap_or(u32::MAX)))
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
    #[derive(sqlx::FromRow)]
    struct Row {
        id: AttemptId,
        question_slug: QuestionSlug,
        title: String,
        submitted_at: Timestamp,
        snippet: String,
    }
    let from = "FROM answer_search s
         JOIN attempts a ON a.id = s.rowid
         JOIN questions q ON q.slug = a.question_slug
         WHERE answer_search MATCH $1 AND a.user_id = $2
           AND ($3 = 0 OR q.level = $3)
           AND ($4 = '' OR EXISTS (SELECT 1 FROM question_concepts c
                                   WHERE c.question_slug = q.slug AND c.concept = $4))";
    let expression = match_expression(words);
    let level = level.map_or(0, |l| i64::from(l.number()));
    let concept = concept.map_or("", Concept::slug);
    let mut tx = db.reader().begin().await?;
    // Ordered by the index's own order, so that the planner walks the index first and joins
    // each match to its attempt; unordered, it walked all of the learner's attempts and
    // looked each up in the index (77 ms against 1 ms for a common word in 100 000).
    let total: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM (SELECT 1 {from} ORDER BY s.rowid DESC LIMIT $5) counted"
    ))
    .bind(&expression)
    .bind(user)
    .bind(level)
    .bind(concept)
    .bind(i64::from(ANSWERS_COUNTED) + 1)
    .fetch_one(&mut *tx)
    .await?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT a.id, a.question_slug, q.title, a.submitted_at,
                snippet(answer_search, 0, '{OPEN}', '{CLOSE}', '…', 24) AS snippet
         {from}
         ORDER BY s.rowid DESC
         LIMIT $5 OFFSET $6"
    ))
    .bind(&expression)
    .bind(user)
    .bind(level)
    .bind(concept)
    // One more than the window: whether another page follows.
    .bind(i64::from(window.limit) + 1)
    .bind(i64::from(window.offset))
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let shown = usize::try_from(window.limit).unwrap_or(usize::MAX);
    let more = rows.len() > shown;
    let found = rows
        .into_iter()
        .take(shown)
        .map(|row| FoundAnswer {
            id: row.id,
            slug: row.question_slug,
            question_title: row.title,
            submitted_at: row.submitted_at,
            snippet: snippet_parts(&row.snippet, OPEN, CLOSE),
        })
        .collect();
    Ok((found, u32::try_from(total).unwrap_or(u32::MAX), more))
}

/// One of my stories found, best first.
pub struct FoundStory {
    pub id: StoryId,
    pub title: String,
    pub kind: StoryKind,
    pub snippet: Vec<SnippetPart>,
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
    #[derive(sqlx::FromRow)]
    struct Row {
        id: StoryId,
        title: String,
        kind: StoryKind,
        snippet: String,
    }
    let from = "FROM story_search s
         JOIN stories st ON st.id = s.rowid
         WHERE story_search MATCH $1 AND st.user_id = $2
           AND ($3 = ''
                OR EXISTS (SELECT 1 FROM story_concepts c
                           WHERE c.story_id = st.id AND c.concept = $3)
                -- A kind shows its concept, as `StoryKind::concept` says (and the offers on
                -- level-4 questions count it).
                OR ($3 = 'cap' AND st.kind IN ('consistency', 'availability'))
                OR ($3 = 'performance-scalability' AND st.kind = 'performance'))";
    let expression = match_expression(words);
    let concept = concept.map_or("", Concept::slug);
    let mut tx = db.reader().begin().await?;
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {from}"))
        .bind(&expression)
        .bind(user)
        .bind(concept)
        .fetch_one(&mut *tx)
        .await?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT st.id, s.title, st.kind,
                snippet(story_search, -1, '{OPEN}', '{CLOSE}', '…', 24) AS snippet
         {from}
         ORDER BY bm25(story_search, 5.0, 1.0), st.updated_at DESC, st.id DESC
         LIMIT $4 OFFSET $5"
    ))
    .bind(&expression)
    .bind(user)
    .bind(concept)
    .bind(i64::from(window.limit))
    .bind(i64::from(window.offset))
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let found = rows
        .into_iter()
        .map(|row| FoundStory {
            id: row.id,
            title: row.title,
            kind: row.kind,
            snippet: snippet_parts(&row.snippet, OPEN, CLOSE),
        })
        .collect();
    Ok((found, u32::try_from(total).unwrap_or(u32::MAX)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const LEARNER_SEARCH_MIGRATION: &str = "20261204000005";

    #[tokio::test]
    async fn answers_stored_before_the_index_existed_are_found_after_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("old.db").display());
        let db = Db::connect(&url).await.expect("connect");
        // The schema as it was before the learner-search migration.
        let migrations = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
        let earlier = dir.path().join("earlier");
        std::fs::create_dir(&earlier).expect("mkdir");
        for entry in std::fs::read_dir(&migrations).expect("migrations") {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if name < LEARNER_SEARCH_MIGRATION {
                std::fs::copy(&path, earlier.join(name)).expect("copy");
            }
        }
        sqlx::migrate::Migrator::new(earlier.as_path())
            .await
            .expect("earlier migrations")
            .run(db.writer())
            .await
            .expect("run earlier");
        for sql in [
            "INSERT INTO users (id, username, username_key, password_hash, created_at, password_changed_at)
             VALUES (7, 'ada', 'ada', 'x', 0, 0), (8, 'eve', 'eve', 'x', 0, 0)",
            "INSERT INTO questions (slug, title, level, position, prompt_html, answer_html)
             VALUES ('q', 'Q', 1, 1, '', '')",
            "INSERT INTO attempts (user_id, question_slug, client_token, answer_md, skipped, timed,
                                   started_at, submitted_at, duration_secs)
             VALUES (7, 'q', 'a', 'Hinted handoff keeps writes during a partition.', 0, 0, 1, 2, 1),
                    (8, 'q', 'b', 'Hinted handoff, said by someone else.', 0, 0, 1, 2, 1)",
        ] {
            sqlx::query(sql).execute(db.writer()).await.expect(sql);
        }
        let before: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, answer_md FROM attempts ORDER BY id")
                .fetch_all(db.reader())
                .await
                .expect("attempts");

        db.migrate().await.expect("the learner-search migration");

        let words = SearchWords::parse("handoff").expect("words");
        let (found, total, _) =
            search_answers(&db, UserId(7), &words, None, None, Window::page(1, 10))
                .await
                .expect("search");
        assert_eq!(total, 1, "only the learner's own");
        assert_eq!(found[0].id, AttemptId(1));
        let after: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, answer_md FROM attempts ORDER BY id")
                .fetch_all(db.reader())
                .await
                .expect("attempts");
        assert_eq!(before, after, "the answers themselves are untouched");
    }
}
