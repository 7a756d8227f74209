//! Search over the bank and, for a signed-in learner, over their own answers and stories:
//! the query and its filters as the page's GET form sends them, read into words (a query is
//! never passed on as typed) and looked up through `db::search`. A learner's groups are
//! searched with their own id only: nobody else's answers or stories can be found.

use crate::db::Db;
use crate::db::search::{self, Window};
use crate::domain::search::{
    AnswerHit, Group, Hits, PAGE_SIZE, PREVIEW_SIZE, QuestionHit, Search, SearchResults,
    SearchWords, StoryHit,
};
use crate::domain::{Concept, Level, UserId};
use crate::error::{AppError, Context};

/// The search form's fields, as sent.
pub struct SearchForm<'a> {
    pub query: Option<&'a str>,
    pub level: Option<&'a str>,
    pub concept: Option<&'a str>,
    pub page: Option<&'a str>,
    /// `answers` or `stories` to page through one of my groups.
    pub group: Option<&'a str>,
}

pub async fn search(
    db: &Db,
    learner: Option<UserId>,
    form: &SearchForm<'_>,
) -> Result<Search, AppError> {
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
    // Without an account there are no groups of mine to show.
    let group = match learner {
        Some(_) => Group::from_param(form.group),
        None => Group::All,
    };
    let (questions, total) = if group == Group::All {
        let (found, total) = search::search_questions(db, &words, level, concept, page)
            .await
            .context("searching the bank")?;
        let hits = found
            .into_iter()
            .map(|q| QuestionHit {
                slug: q.slug,
                title: q.title,
                level: q.level,
                snippet: q.snippet,
            })
            .collect();
        (hits, total)
    } else {
        (Vec::new(), 0)
    };
    // My groups: the best few beside the first page of questions, or a page of one group.
    let window = |shown: Group| match group {
        Group::All if page == 1 => Some(Window::page(1, PREVIEW_SIZE)),
        Group::All => None,
        g if g == shown => Some(Window::page(page, PAGE_SIZE)),
        _ => None,
    };
    let mut answers = None;
    let mut stories = None;
    if let Some(user) = learner {
        if let Some(window) = window(Group::Answers) {
            let (found, total, more) =
                search::search_answers(db, user, &words, level, concept, window)
                    .await
                    .context("searching answers")?;
            answers = Some(Hits {
                hits: found
                    .into_iter()
                    .map(|a| AnswerHit {
                        id: a.id,
                        slug: a.slug,
                        question_title: a.question_title,
                        submitted_at: a.submitted_at,
                        snippet: a.snippet,
                    })
                    .collect(),
                total,
                more,
            });
        }
        // Stories sit with level 4 (behavioural and technical): another level finds none.
        let stories_fit = level.is_none_or(|l| l == Level::BehavioralTechnical);
        if let Some(window) = window(Group::Stories).filter(|_| stories_fit) {
            let (found, total) = search::search_stories(db, user, &words, concept, window)
                .await
                .context("searching stories")?;
            let more = window.offset.saturating_add(window.limit) < total;
            stories = Some(Hits {
                more,
                hits: found
                    .into_iter()
                    .map(|s| StoryHit {
                        id: s.id,
                        title: s.title,
                        kind: s.kind,
                        snippet: s.snippet,
                    })
                    .collect(),
                total,
            });
        }
    }
    Ok(Search::Found(SearchResults {
        group,
        questions,
        total,
        page,
        answers,
        stories,
    }))
}
