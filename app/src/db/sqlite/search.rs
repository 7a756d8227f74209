//! SQLite's full-text search (FTS5) behind [`crate::db::search`].

use super::Db;
use crate::db::DbError;
use crate::db::search::{
    AnswerRow, CLOSE, FoundAnswer, FoundQuestion, FoundStory, OPEN, QuestionRow, StoryRow, Window,
};
use crate::domain::search::{ANSWERS_COUNTED, PAGE_SIZE, SearchWords};
use crate::domain::{Concept, Level, UserId};

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

pub async fn search_questions(
    db: &Db,
    words: &SearchWords,
    level: Option<Level>,
    concept: Option<Concept>,
    page: u32,
) -> Result<(Vec<FoundQuestion>, u32), DbError> {
    // Level 0 and concept '' stand for "any": typed values, never NULL parameters.
    let from = "FROM question_search s JOIN questions q ON q.slug = s.slug
         WHERE question_search MATCH $1 AND q.retired_at IS NULL
           AND ($2 = 0 OR q.level = $2)
           AND ($3 = '' OR EXISTS (SELECT 1 FROM question_concepts c
                                   WHERE c.question_slug = q.slug AND c.concept = $3))";
    let expression = match_expression(words);
    let level = level.map_or(0, |l| i64::from(l.number()));
    let concept = concept.map_or("", Concept::slug);
    let mut tx = super::begin_read(db).await?;
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
    let rows: Vec<QuestionRow> = sqlx::query_as(&page_sql)
        .bind(&expression)
        .bind(level)
        .bind(concept)
        .bind(i64::from(PAGE_SIZE))
        .bind(i64::from(page.saturating_sub(1)) * i64::from(PAGE_SIZE))
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    let found = rows.into_iter().map(FoundQuestion::from).collect();
    Ok((found, u32::try_from(total).unwrap_or(u32::MAX)))
}

pub async fn search_answers(
    db: &Db,
    user: UserId,
    words: &SearchWords,
    level: Option<Level>,
    concept: Option<Concept>,
    window: Window,
) -> Result<(Vec<FoundAnswer>, u32, bool), DbError> {
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
    let mut tx = super::begin_read(db).await?;
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
    let rows: Vec<AnswerRow> = sqlx::query_as(&format!(
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
        .map(FoundAnswer::from)
        .collect();
    Ok((found, u32::try_from(total).unwrap_or(u32::MAX), more))
}

pub async fn search_stories(
    db: &Db,
    user: UserId,
    words: &SearchWords,
    concept: Option<Concept>,
    window: Window,
) -> Result<(Vec<FoundStory>, u32), DbError> {
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
    let mut tx = super::begin_read(db).await?;
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {from}"))
        .bind(&expression)
        .bind(user)
        .bind(concept)
        .fetch_one(&mut *tx)
        .await?;
    let rows: Vec<StoryRow> = sqlx::query_as(&format!(
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
    let found = rows.into_iter().map(FoundStory::from).collect();
    Ok((found, u32::try_from(total).unwrap_or(u32::MAX)))
}
