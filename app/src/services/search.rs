//! Search over the bank: the query and its filters as the page's GET form sends them, read
//! into words (a query is never passed on as typed) and looked up through `db::search`.

use crate::db::{Db, search};
use crate::domain::search::{QuestionHit, Search, SearchResults, SearchWords};
use crate::domain::{Concept, Level};
use crate::error::{AppError, Context};

/// The search form's fields, as sent.
pub struct SearchForm<'a> {
    pub query: Option<&'a str>,
    pub level: Option<&'a str>,
    pub concept: Option<&'a str>,
    pub page: Option<&'a str>,
}

pub async fn search(db: &Db, form: &SearchForm<'_>) -> Result<Search, AppError> {
    let Some(query) = form.query else {
        return Ok(Search::NotYet);
    };
    let words = match SearchWords::parse(query) {
        Ok(words) => words,
        Err(problem) => return Ok(Search::Refused(problem)),
    };
    // A filter value that names nothing is ignored, as the bank's filters are.
    let level = form.level.and_then(Level::from_param);
    let concept = form.concept.and_then(Concept::from_slug);
    let page = form
        .page
        .and_then(|p| p.trim().parse::<u32>().ok())
        .filter(|&p| p >= 1)
        .unwrap_or(1);
    let (found, total) = search::search_questions(db, &words, level, concept, page)
        .await
        .context("searching the bank")?;
    Ok(Search::Found(SearchResults {
        questions: found
            .into_iter()
            .map(|q| QuestionHit {
                slug: q.slug,
                title: q.title,
                level: q.level,
                snippet: q.snippet,
            })
            .collect(),
        total,
        page,
    }))
}
