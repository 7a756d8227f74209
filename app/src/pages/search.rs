//! Search the bank (`/search`): a plain GET form, so it works without JavaScript and every
//! search has a URL. What the learner typed reaches the page only as text and as the search
//! field's value; matched words in a snippet are `<mark>` elements around text, never markup
//! taken from the bank or the query.

use crate::api::search;
use crate::components::notice::{ErrorNotice, Loading};
use crate::domain::search::{QUERY_MAX, QuestionHit, Search, SearchResults, SnippetPart};
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
        )
    };
    let results = Resource::new(params, |(q, level, concept, page)| {
        search(q, level, concept, page)
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
    let results = match found {
        Search::Found(results) => {
            Some(view! { <Results results typed=typed.clone() filter=filter.clone()/> })
        }
        _ => None,
    };
    view! {
        <SearchForm typed problem filter/>
        {results}
    }
}

#[component]
fn SearchForm(typed: String, problem: Option<String>, filter: BankFilter) -> impl IntoView {
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
                    aria-describedby="search-q-error"
                />
                <p id="search-q-error" class="field-error" role="alert" hidden=problem.is_none()>
                    {problem.clone()}
                </p>
            </div>
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

#[component]
fn Results(results: SearchResults, typed: String, filter: BankFilter) -> impl IntoView {
    let pages = results.pages();
    let page = results.page;
    let summary = if results.total == 0 {
        "No questions match. Try fewer words, or another spelling.".to_owned()
    } else {
        format!(
            "{} found, page {page} of {pages}.",
            counted(i64::from(results.total), "question", "questions")
        )
    };
    let href = {
        let typed = typed.clone();
        move |to: u32| {
            let mut pairs = vec![("q", typed.clone())];
            if let Some(level) = filter.level {
                pairs.push(("level", level.number().to_string()));
            }
            if let Some(concept) = filter.concept {
                pairs.push(("concept", concept.slug().to_owned()));
            }
            pairs.push(("page", to.to_string()));
            format!("/search?{}", query_string(&pairs))
        }
    };
    let previous =
        (page > 1).then(|| view! { <a href=href(page - 1) rel="prev">"Previous page"</a> });
    let next = (page < pages).then(|| view! { <a href=href(page + 1) rel="next">"Next page"</a> });
    view! {
        <section class="search-results" aria-labelledby="questions-found">
            <h2 id="questions-found">"Questions"</h2>
            <p role="status">{summary}</p>
            <ol class="hits">
                {results.questions.into_iter().map(|hit| view! { <Hit hit/> }).collect_view()}
            </ol>
            {(previous.is_some() || next.is_some())
                .then(|| view! { <nav class="attempt-paging" aria-label="Result pages">{previous} {next}</nav> })}
        </section>
    }
}

#[component]
fn Hit(hit: QuestionHit) -> impl IntoView {
    view! {
        <li>
            <a class="hit-title" href=hit.slug.href()>{hit.title}</a>
            <span class="hit-level">{hit.level.label()}</span>
            <p class="snippet">
                {hit
                    .snippet
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
        </li>
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
