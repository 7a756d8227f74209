//! Search the bank, and a signed-in learner's own answers and stories (`/search`): a plain GET form, so it works without JavaScript and every
//! search has a URL. What the learner typed reaches the page only as text and as the search
//! field's value; matched words in a snippet are `<mark>` elements around text, never markup
//! taken from the bank or the query.

use crate::api::search;
use crate::components::notice::{ErrorNotice, Loading};
use crate::domain::calendar;
use crate::domain::search::{
    ANSWERS_COUNTED, AnswerHit, Group, Hits, QUERY_MAX, QuestionHit, Search, SearchResults,
    SnippetPart, StoryHit,
};
use crate::domain::words::counted;
use crate::pages::bank::{BankFilter, FilterSelect, filter_options};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        let query = query.read();
        (
            query.get("q"),
            query.get("level"),
            query.get("concept"),
            query.get("page"),
            query.get("group"),
        )
    };
    let results = Resource::new(params, |(q, level, concept, page, group)| {
        search(q, level, concept, page, group)
    });
    let filter = Memo::new(move |_| {
        let query = query.read();
        BankFilter::parse(query.get_str("level"), query.get_str("concept"))
    });
    let typed = move || query.read().get("q").unwrap_or_default();
    view! {
        <Title text="Search"/>
        <h1>"Search"</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(found) => view! { <SearchView found typed=typed() filter=filter.get_untracked()/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SearchView(found: Search, typed: String, filter: BankFilter) -> impl IntoView {
    let problem = match &found {
        Search::Refused(problem) => Some(problem.to_string()),
        _ => None,
    };
    let (group, results) = match found {
        Search::Found(results) => (
            results.group,
            Some(view! { <Results results typed=typed.clone() filter=filter.clone()/> }),
        ),
        _ => (Group::All, None),
    };
    view! {
        <SearchForm typed problem filter group/>
        {results}
    }
}

#[component]
fn SearchForm(
    typed: String,
    problem: Option<String>,
    filter: BankFilter,
    group: Group,
) -> impl IntoView {
    let (levels, concepts) = filter_options();
    let invalid = problem.is_some().then_some("true");
    view! {
        <form class="search-form" method="get" action="/search" role="search" aria-label="Search questions">
            <div class="field">
                <label for="search-q">"Search the bank"</label>
                <input
                    type="search"
                    id="search-q"
                    name="q"
                    value=typed
                    maxlength=QUERY_MAX.to_string()
                    autocomplete="off"
                    aria-invalid=invalid
                    aria-describedby="search-q-hint search-q-error"
                />
                <p id="search-q-hint" class="field-hint">
                    "Signed in, your own answers and stories are searched too: only yours."
                </p>
                <p id="search-q-error" class="field-error" role="alert" hidden=problem.is_none()>
                    {problem.clone()}
                </p>
            </div>
            {group.param().map(|group| view! { <input type="hidden" name="group" value=group/> })}
            <FilterSelect
                name="level"
                label="Level"
                all_label="All levels"
                options=levels
                selected=Signal::stored(filter.level.map(|l| l.number().to_string()))
                error=Signal::stored(None)
            />
            <FilterSelect
                name="concept"
                label="Concept"
                all_label="All concepts"
                options=concepts
                selected=Signal::stored(filter.concept.map(|c| c.slug().to_owned()))
                error=Signal::stored(None)
            />
            <div class="filter-actions">
                <button type="submit">"Search"</button>
            </div>
        </form>
    }
}

/// Links within one search: the same words and filters, another page or group.
#[derive(Clone)]
struct Links {
    typed: String,
    filter: BankFilter,
}

impl Links {
    fn to(&self, group: Group, page: u32) -> String {
        let mut pairs = vec![("q", self.typed.clone())];
        if let Some(level) = self.filter.level {
            pairs.push(("level", level.number().to_string()));
        }
        if let Some(concept) = self.filter.concept {
            pairs.push(("concept", concept.slug().to_owned()));
        }
        if let Some(group) = group.param() {
            pairs.push(("group", group.to_owned()));
        }
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        format!("/search?{}", query_string(&pairs))
    }
}

#[component]
fn Results(results: SearchResults, typed: String, filter: BankFilter) -> impl IntoView {
    let pages = results.pages();
    let page = results.page;
    let group = results.group;
    let links = Links { typed, filter };
    let paging = {
        let previous = (page > 1).then(|| {
            view! { <a href=links.to(group, page - 1) rel="prev">"Previous page"</a> }
        });
        let next = (page < pages)
            .then(|| view! { <a href=links.to(group, page + 1) rel="next">"Next page"</a> });
        (previous.is_some() || next.is_some()).then(|| {
            view! { <nav class="attempt-paging" aria-label="Result pages">{previous} {next}</nav> }
        })
    };
    let SearchResults {
        questions,
        total,
        answers,
        stories,
        ..
    } = results;
    match group {
        Group::All => {
            let summary = if total == 0 {
                "No questions match. Try fewer words, or another spelling.".to_owned()
            } else {
                format!(
                    "{} found, page {page} of {pages}.",
                    counted(i64::from(total), "question", "questions")
                )
            };
            view! {
                <section class="search-results" aria-labelledby="questions-found">
                    <h2 id="questions-found">"Questions"</h2>
                    <p role="status">{summary}</p>
                    <ol class="hits">
                        {questions.into_iter().map(|hit| view! { <Hit hit/> }).collect_view()}
                    </ol>
                    {paging}
                </section>
                {answers.map(|answers| view! { <AnswerGroup answers links=links.clone() preview=true/> })}
                {stories.map(|stories| view! { <StoryGroup stories links=links.clone() preview=true/> })}
            }
            .into_any()
        }
        Group::Answers => view! {
            <p><a href=links.to(Group::All, 1)>"Back to every group"</a></p>
            {answers.map(|answers| view! { <AnswerGroup answers links=links.clone() preview=false/> })}
            {paging}
        }
        .into_any(),
        Group::Stories => view! {
            <p><a href=links.to(Group::All, 1)>"Back to every group"</a></p>
            {stories.map(|stories| view! { <StoryGroup stories links=links.clone() preview=false/> })}
            {paging}
        }
        .into_any(),
    }
}

/// "See all" under a group's best few, when there are more.
fn see_all(
    links: &Links,
    group: Group,
    shown: usize,
    total: u32,
    what: &str,
) -> Option<impl IntoView + use<>> {
    (u32::try_from(shown).unwrap_or(u32::MAX) < total).then(|| {
        let all = if total > ANSWERS_COUNTED {
            format!("All {what}")
        } else {
            format!("All {total} {what}")
        };
        view! { <p><a href=links.to(group, 1)>{all}</a></p> }
    })
}

#[component]
fn AnswerGroup(answers: Hits<AnswerHit>, links: Links, preview: bool) -> impl IntoView {
    let capped = answers.total > ANSWERS_COUNTED;
    let summary = match answers.total {
        0 => "None of your answers match.".to_owned(),
        _ if capped => {
            format!("More than {ANSWERS_COUNTED} answers of yours found, newest first.")
        }
        n => format!(
            "{} found, newest first.",
            counted(i64::from(n), "answer of yours", "answers of yours")
        ),
    };
    let more = preview
        .then(|| {
            see_all(
                &links,
                Group::Answers,
                answers.hits.len(),
                answers.total,
                "matching answers",
            )
        })
        .flatten();
    view! {
        <section class="search-results" aria-labelledby="answers-found">
            <h2 id="answers-found">"My answers"</h2>
            <p role="status">{summary}</p>
            <ol class="hits">
                {answers
                    .hits
                    .into_iter()
                    .map(|hit| {
                        view! {
                            <li>
                                <a
                                    class="hit-title"
                                    href=format!("{}?attempt={}#your-attempt", hit.slug.href(), hit.id.0)
                                >
                                    {hit.question_title}
                                </a>
                                <span class="hit-level">
                                    {format!("Your answer of {}", calendar::date_time(hit.submitted_at))}
                                </span>
                                <Snippet parts=hit.snippet/>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            {more}
        </section>
    }
}

#[component]
fn StoryGroup(stories: Hits<StoryHit>, links: Links, preview: bool) -> impl IntoView {
    let summary = match stories.total {
        0 => "None of your stories match.".to_owned(),
        n => format!(
            "{} found.",
            counted(i64::from(n), "story of yours", "stories of yours")
        ),
    };
    let more = preview
        .then(|| {
            see_all(
                &links,
                Group::Stories,
                stories.hits.len(),
                stories.total,
                "matching stories",
            )
        })
        .flatten();
    view! {
        <section class="search-results" aria-labelledby="stories-found">
            <h2 id="stories-found">"My stories"</h2>
            <p role="status">{summary}</p>
            <ol class="hits">
                {stories
                    .hits
                    .into_iter()
                    .map(|hit| {
                        view! {
                            <li>
                                <a class="hit-title" href=hit.id.href()>{hit.title}</a>
                                <span class="hit-level">{hit.kind.short()}</span>
                                <Snippet parts=hit.snippet/>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            {more}
        </section>
    }
}

#[component]
fn Hit(hit: QuestionHit) -> impl IntoView {
    view! {
        <li>
            <a class="hit-title" href=hit.slug.href()>{hit.title}</a>
            <span class="hit-level">{hit.level.label()}</span>
            <Snippet parts=hit.snippet/>
        </li>
    }
}

/// A snippet as text, its matched words in `<mark>`: never markup from what was found.
#[component]
fn Snippet(parts: Vec<SnippetPart>) -> impl IntoView {
    view! {
        <p class="snippet">
            {parts
                .into_iter()
                .map(|SnippetPart { text, matched }| {
                    if matched {
                        view! { <mark>{text}</mark> }.into_any()
                    } else {
                        text.into_any()
                    }
                })
                .collect_view()}
        </p>
    }
}

/// `name=value` pairs as a URL's query, each percent-encoded (a query is learner text).
fn query_string(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| format!("{name}={}", percent_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_in_a_link_is_percent_encoded() {
        assert_eq!(
            query_string(&[
                ("q", "\"fencing\" <b>&".to_owned()),
                ("page", "2".to_owned())
            ]),
            "q=%22fencing%22%20%3Cb%3E%26&page=2"
        );
        assert_eq!(percent_encode("linéarisable"), "lin%C3%A9arisable");
    }
}
