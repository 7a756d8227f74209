//! The bank's search index, `question_search`: the same rows on both engines (each indexes
//! them its own way; see the engines' search modules).

use super::DB;
use crate::content::{QuestionDoc, SUBTOPICS};
use crate::db::DbError;
use crate::db::search::plain_text;
use sqlx::{QueryBuilder, Transaction};

/// Rewrites the search index from the bank being stored, inside its transaction, so search
/// and the bank never disagree.
pub async fn index_questions(
    tx: &mut Transaction<'_, DB>,
    questions: &[QuestionDoc],
) -> Result<(), DbError> {
    sqlx::query("DELETE FROM question_search")
        .execute(&mut **tx)
        .await?;
    if questions.is_empty() {
        return Ok(());
    }
    QueryBuilder::<DB>::new(
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
