//! PostgreSQL's full-text search behind [`crate::db::search`]: `tsvector` columns generated
//! from the rows (`attempts.search_vector`, `story_versions.search_vector`,
//! `question_search.search_vector`) in the `rehearse_english` configuration, which stems as
//! FTS5's `porter` does and keeps stop words (see the baseline migration).
//!
//! The ranking stands in for FTS5's bm25 column weights with `ts_rank_cd` over weighted
//! vectors (title A, key terms B, sub-topics, rubric and prompt C, answer and notes D); the
//! snippet, for FTS5's `snippet(…, -1, …)`, is cut from the column that matches the most of
//! the words, earlier columns first on a tie, by `rehearse_snippet`.

use super::Db;
use crate::db::DbError;
use crate::db::search::{
    AnswerRow, FoundAnswer, FoundQuestion, FoundStory, QuestionRow, StoryRow, Window,
};
use crate::domain::search::{ANSWERS_COUNTED, PAGE_SIZE, SearchWords};
use crate::domain::{Concept, Level, UserId};

/// The `to_tsquery` text for `words`: each word's spellings OR-ed in brackets, the brackets
/// AND-ed, `(linearisable | linearizable) & (quorum)`. The words are letters and digits only,
/// so nothing in them is syntax, and each is stemmed by `to_tsquery`. The statements below
/// swap " & " for " | " (to mark every word in a snippet) and split on it (to count the words
/// a column matches): keep these separators.
fn tsquery_text(words: &SearchWords) -> String {
    words
        .words()
        .iter()
        .map(|forms| format!("({})", forms.join(" | ")))
        .collect::<Vec<_>>()
        .join(" & ")
}

/// The snippet of the column (of `columns`, a `VALUES` list of `(n, text)`) that matches the
/// most of the words in `$1`, earlier columns first on a tie, every matched word marked.
fn best_snippet(columns: &str) -> String {
    format!(
        "(SELECT rehearse_snippet(c.body, to_tsquery('rehearse_english', replace($1, ' & ', ' | ')))
          FROM (VALUES {columns}) AS c (n, body)
          ORDER BY (SELECT COUNT(*) FROM unnest(string_to_array($1, ' & ')) AS g (word)
                    WHERE to_tsvector('rehearse_english', rehearse_search_text(c.body))
                          @@ to_tsquery('rehearse_english', g.word)) DESC,
                   c.n
          LIMIT 1)"
    )
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
         WHERE s.search_vector @@ to_tsquery('rehearse_english', $1) AND q.retired_at IS NULL
           AND ($2 = 0 OR q.level = $2)
           AND ($3 = '' OR EXISTS (SELECT 1 FROM question_concepts c
                                   WHERE c.question_slug = q.slug AND c.concept = $3))";
    let query = tsquery_text(words);
    let level = level.map_or(0, |l| i64::from(l.number()));
    let concept = concept.map_or("", Concept::slug);
    let mut tx = super::begin_read(db).await?;
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {from}"))
        .bind(&query)
        .bind(level)
        .bind(concept)
        .fetch_one(&mut *tx)
        .await?;
    // Rank every match, but cut snippets only for the page shown.
    let snippet = best_snippet(
        "(1, s.title), (2, s.key_terms), (3, s.subtopics), (4, s.rubric), (5, s.prompt), \
         (6, s.answer), (7, s.notes)",
    );
    let rows: Vec<QuestionRow> = sqlx::query_as(&format!(
        "SELECT page.slug, page.title, page.level, {snippet} AS snippet
         FROM (
             SELECT q.slug, q.title, q.level, q.position,
                    ts_rank_cd('{{0.1, 0.25, 0.5, 1.0}}', s.search_vector,
                               to_tsquery('rehearse_english', $1), 2) AS score
             {from}
             ORDER BY score DESC, q.position
             LIMIT $4 OFFSET $5
         ) page
         JOIN question_search s ON s.slug = page.slug
         ORDER BY page.score DESC, page.position"
    ))
    .bind(&query)
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
    let from = "FROM attempts a
         JOIN questions q ON q.slug = a.question_slug
         WHERE a.search_vector @@ to_tsquery('rehearse_english', $1) AND a.user_id = $2
           AND ($3 = 0 OR q.level = $3)
           AND ($4 = '' OR EXISTS (SELECT 1 FROM question_concepts c
                                   WHERE c.question_slug = q.slug AND c.concept = $4))";
    let query = tsquery_text(words);
    let level = level.map_or(0, |l| i64::from(l.number()));
    let concept = concept.map_or("", Concept::slug);
    let mut tx = super::begin_read(db).await?;
    // Newest first, walking the attempts' key backwards: a page reads as many matches as it
    // shows, and the count stops after ANSWERS_COUNTED + 1.
    let total: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM (SELECT 1 {from} ORDER BY a.id DESC LIMIT $5) counted"
    ))
    .bind(&query)
    .bind(user)
    .bind(level)
    .bind(concept)
    .bind(i64::from(ANSWERS_COUNTED) + 1)
    .fetch_one(&mut *tx)
    .await?;
    let rows: Vec<AnswerRow> = sqlx::query_as(&format!(
        "SELECT page.id, page.question_slug, page.title, page.submitted_at,
                rehearse_snippet(page.answer_md,
                                 to_tsquery('rehearse_english', replace($1, ' & ', ' | ')))
                    AS snippet
         FROM (
             SELECT a.id, a.question_slug, q.title, a.submitted_at, a.answer_md
             {from}
             ORDER BY a.id DESC
             LIMIT $5 OFFSET $6
         ) page
         ORDER BY page.id DESC"
    ))
    .bind(&query)
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
    // A story is searched at its current version, the one its page shows.
    let from = "FROM story_versions v
         JOIN stories st ON st.id = v.story_id AND v.version = st.current_version
         WHERE v.search_vector @@ to_tsquery('rehearse_english', $1) AND st.user_id = $2
           AND ($3 = ''
                OR EXISTS (SELECT 1 FROM story_concepts c
                           WHERE c.story_id = st.id AND c.concept = $3)
                -- A kind shows its concept, as `StoryKind::concept` says.
                OR ($3 = 'cap' AND st.kind IN ('consistency', 'availability'))
                OR ($3 = 'performance-scalability' AND st.kind = 'performance'))";
    let query = tsquery_text(words);
    let concept = concept.map_or("", Concept::slug);
    let mut tx = super::begin_read(db).await?;
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {from}"))
        .bind(&query)
        .bind(user)
        .bind(concept)
        .fetch_one(&mut *tx)
        .await?;
    let snippet = best_snippet("(1, page.title), (2, page.body)");
    let rows: Vec<StoryRow> = sqlx::query_as(&format!(
        "SELECT page.id, page.title, page.kind, {snippet} AS snippet
         FROM (
             SELECT st.id, v.title, st.kind, st.updated_at,
                    v.situation_md || E'\\n' || v.options_md || E'\\n' || v.decision_md
                        || E'\\n' || v.result_md || E'\\n' || v.lessons_md AS body,
                    ts_rank_cd('{{0, 0, 0.2, 1.0}}', v.search_vector,
                               to_tsquery('rehearse_english', $1), 2) AS score
             {from}
             ORDER BY score DESC, st.updated_at DESC, st.id DESC
             LIMIT $4 OFFSET $5
         ) page
         ORDER BY page.score DESC, page.updated_at DESC, page.id DESC"
    ))
    .bind(&query)
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
