//! The question bank: every question grouped by level, filterable by level and concept.
//!
//! The filters are a plain GET form, so they work without JavaScript and every filtered view
//! has a URL that can be shared or bookmarked.

use crate::api::list_questions;
use crate::components::concepts::ConceptTags;
use crate::components::notice::{ErrorNotice, Loading};
use crate::domain::words::counted_len;
use crate::domain::{Concept, Level, QuestionSummary};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The bank's filters as read from the URL. An unknown value is explained next to its control
/// with a fixed sentence (a crafted link must not put words of its choosing on our page) and
/// otherwise ignored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BankFilter {
    pub level: Option<Level>,
    pub concept: Option<Concept>,
    pub level_error: Option<&'static str>,
    pub concept_error: Option<&'static str>,
}

impl BankFilter {
    pub fn parse(level: Option<&str>, concept: Option<&str>) -> Self {
        let mut filter = BankFilter::default();
        if let Some(raw) = level.map(str::trim).filter(|v| !v.is_empty()) {
            match Level::from_param(raw) {
                Some(level) => filter.level = Some(level),
                None => {
                    filter.level_error =
                        Some("The link names a level that does not exist; showing every level.");
                }
            }
        }
        if let Some(raw) = concept.map(str::trim).filter(|v| !v.is_empty()) {
            match Concept::from_slug(raw) {
                Some(concept) => filter.concept = Some(concept),
                None => {
                    filter.concept_error = Some(
                        "The link names a concept that does not exist; showing every concept.",
                    );
                }
            }
        }
        filter
    }

    pub fn is_active(&self) -> bool {
        self.level.is_some() || self.concept.is_some()
    }
}

#[component]
pub fn BankPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let query = query.read();
        BankFilter::parse(query.get_str("level"), query.get_str("concept"))
    });
    let questions = Resource::new(
        move || {
            let f = filter.get();
            (f.level, f.concept)
        },
        |(level, concept)| list_questions(level, concept),
    );

    // Where "Delete my account" lands, so the learner sees that it happened.
    let deleted = move || query.read().get_str("deleted") == Some("1");
    view! {
        <Title text="Question bank"/>
        {move || {
            deleted()
                .then(|| {
                    view! {
                        <p class="notice notice-success" role="status">
                            "Your account and everything stored with it were deleted."
                        </p>
                    }
                })
        }}
        <h1>"Question bank"</h1>
        <p class="lede">
            "Interview questions on the trade-offs senior engineers are asked to explain. "
            "Pick one, answer it out loud, then reveal the strong answer."
        </p>
        <FilterForm filter/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match questions.await {
                    Ok(list) => view! { <BankList questions=list filtered=filter.get_untracked().is_active()/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn FilterForm(filter: Memo<BankFilter>) -> impl IntoView {
    let (levels, concepts) = filter_options();
    view! {
        <form class="filters" method="get" action="/" role="search" aria-label="Filter questions">
            <FilterSelect
                name="level"
                label="Level"
                all_label="All levels"
                options=levels
                selected=Signal::derive(move || filter.with(|f| f.level.map(|l| l.number().to_string())))
                error=Signal::derive(move || filter.with(|f| f.level_error.map(str::to_owned)))
            />
            <FilterSelect
                name="concept"
                label="Concept"
                all_label="All concepts"
                options=concepts
                selected=Signal::derive(move || filter.with(|f| f.concept.map(|c| c.slug().to_owned())))
                error=Signal::derive(move || filter.with(|f| f.concept_error.map(str::to_owned)))
            />
            <div class="filter-actions">
                <button type="submit">"Apply filters"</button>
                <Show when=move || filter.with(BankFilter::is_active)>
                    <a href="/">"Clear filters"</a>
                </Show>
            </div>
        </form>
    }
}

/// A select's options, as (value, text) pairs.
pub(crate) type Options = Vec<(String, String)>;

/// The level and concept filters' options.
pub(crate) fn filter_options() -> (Options, Options) {
    let levels = Level::ALL
        .into_iter()
        .map(|level| (level.number().to_string(), level.heading()))
        .collect();
    let concepts = Concept::ALL
        .into_iter()
        .map(|concept| (concept.slug().to_owned(), concept.label().to_owned()))
        .collect();
    (levels, concepts)
}

/// One labelled filter: a select whose first option means "no filter", with its error, if
/// any, announced and tied to the control.
#[component]
pub(crate) fn FilterSelect(
    name: &'static str,
    label: &'static str,
    all_label: &'static str,
    /// (value, text) pairs.
    options: Vec<(String, String)>,
    selected: Signal<Option<String>>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("filter-{name}");
    let error_id = format!("filter-{name}-error");
    let described_by = error_id.clone();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select
                id=id
                name=name
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=move || error.with(Option::is_some).then(|| described_by.clone())
            >
                <option value="" selected=move || selected.with(Option::is_none)>{all_label}</option>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let this = value.clone();
                        view! {
                            <option
                                value=value
                                selected=move || selected.with(|s| s.as_deref() == Some(this.as_str()))
                            >
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            {move || error.get().map(|msg| view! {
                <p id=error_id.clone() class="field-error" role="alert">{msg}</p>
            })}
        </div>
    }
}

#[component]
fn BankList(questions: Vec<QuestionSummary>, filtered: bool) -> impl IntoView {
    if questions.is_empty() {
        return view! {
            <p class="empty" role="status">
                "No questions match these filters. "
                <a href="/">"Show every question"</a>
            </p>
        }
        .into_any();
    }
    let count = questions.len();
    let summary = if filtered {
        format!(
            "{} match these filters.",
            counted_len(count, "question", "questions")
        )
    } else {
        format!("{count} questions.")
    };
    let groups = Level::ALL
        .into_iter()
        .filter_map(|level| {
            let in_level: Vec<QuestionSummary> = questions
                .iter()
                .filter(|q| q.level == level)
                .cloned()
                .collect();
            (!in_level.is_empty()).then(|| {
                let heading_id = format!("level-{}", level.number());
                let labelled_by = heading_id.clone();
                view! {
                    <section class="level-group" aria-labelledby=labelled_by>
                        <h2 id=heading_id>{level.heading()}</h2>
                        <ol class="question-list">
                            {in_level
                                .into_iter()
                                .map(|q| view! {
                                    <li class="question-item">
                                        <a class="question-link" href=q.slug.href()>{q.title}</a>
                                        <ConceptTags concepts=q.concepts/>
                                    </li>
                                })
                                .collect_view()}
                        </ol>
                    </section>
                }
            })
        })
        .collect_view();
    view! {
        <p class="result-count" role="status">{summary}</p>
        {groups}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_values_mean_no_filter() {
        assert_eq!(
            BankFilter::parse(Some(""), Some(" ")),
            BankFilter::default()
        );
        assert_eq!(BankFilter::parse(None, None), BankFilter::default());
    }

    #[test]
    fn known_values_filter() {
        let f = BankFilter::parse(Some("2"), Some("cap"));
        assert_eq!(f.level, Some(Level::SystemDesign));
        assert_eq!(f.concept, Some(Concept::Cap));
        assert!(f.is_active());
    }

    #[test]
    fn unknown_values_are_explained_without_being_echoed() {
        let f = BankFilter::parse(Some("9"), Some("Call 555-0100"));
        assert_eq!((f.level, f.concept), (None, None));
        assert!(f.level_error.is_some_and(|m| !m.contains('9')));
        assert!(f.concept_error.is_some_and(|m| !m.contains("555")));
    }
}
