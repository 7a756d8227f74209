//! The question bank: every question grouped by level, filterable by level and concept.
//!
//! The filters are a plain GET form, so they work without JavaScript and every filtered view
//! has a URL that can be shared or bookmarked.

use crate::api::list_questions;
use crate::components::concepts::ConceptTags;
use crate::components::notice::{ErrorNotice, Loading};
use crate::domain::{Concept, Level, QuestionSummary};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The bank's filters as read from the URL. An unknown value is kept (to explain it next to
/// its control) and otherwise ignored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BankFilter {
    pub level: Option<Level>,
    pub concept: Option<Concept>,
    pub level_error: Option<String>,
    pub concept_error: Option<String>,
}

impl BankFilter {
    pub fn parse(level: Option<&str>, concept: Option<&str>) -> Self {
        let mut filter = BankFilter::default();
        if let Some(raw) = level.map(str::trim).filter(|v| !v.is_empty()) {
            match Level::from_param(raw) {
                Some(level) => filter.level = Some(level),
                None => {
                    filter.level_error = Some(format!(
                        "“{}” is not a level; showing every level.",
                        shorten(raw)
                    ));
                }
            }
        }
        if let Some(raw) = concept.map(str::trim).filter(|v| !v.is_empty()) {
            match Concept::from_slug(raw) {
                Some(concept) => filter.concept = Some(concept),
                None => {
                    filter.concept_error = Some(format!(
                        "“{}” is not a concept; showing every concept.",
                        shorten(raw)
                    ));
                }
            }
        }
        filter
    }

    pub fn is_active(&self) -> bool {
        self.level.is_some() || self.concept.is_some()
    }
}

/// Echoes at most a few dozen characters of a bad value back to the reader.
fn shorten(value: &str) -> String {
    const MAX: usize = 40;
    if value.chars().count() > MAX {
        format!("{}…", value.chars().take(MAX).collect::<String>())
    } else {
        value.to_owned()
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

    view! {
        <Title text="Question bank"/>
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
    let level_error = move || filter.with(|f| f.level_error.clone());
    let concept_error = move || filter.with(|f| f.concept_error.clone());
    view! {
        <form class="filters" method="get" action="/" role="search" aria-label="Filter questions">
            <div class="field">
                <label for="filter-level">"Level"</label>
                <select
                    id="filter-level"
                    name="level"
                    aria-invalid=move || level_error().is_some().then_some("true")
                    aria-describedby=move || level_error().is_some().then_some("filter-level-error")
                >
                    <option value="" selected=move || filter.with(|f| f.level.is_none())>"All levels"</option>
                    {Level::ALL
                        .into_iter()
                        .map(|level| view! {
                            <option
                                value=level.number().to_string()
                                selected=move || filter.with(|f| f.level == Some(level))
                            >
                                {level.heading()}
                            </option>
                        })
                        .collect_view()}
                </select>
                {move || level_error().map(|msg| view! {
                    <p id="filter-level-error" class="field-error" role="alert">{msg}</p>
                })}
            </div>
            <div class="field">
                <label for="filter-concept">"Concept"</label>
                <select
                    id="filter-concept"
                    name="concept"
                    aria-invalid=move || concept_error().is_some().then_some("true")
                    aria-describedby=move || concept_error().is_some().then_some("filter-concept-error")
                >
                    <option value="" selected=move || filter.with(|f| f.concept.is_none())>"All concepts"</option>
                    {Concept::ALL
                        .into_iter()
                        .map(|concept| view! {
                            <option
                                value=concept.slug()
                                selected=move || filter.with(|f| f.concept == Some(concept))
                            >
                                {concept.label()}
                            </option>
                        })
                        .collect_view()}
                </select>
                {move || concept_error().map(|msg| view! {
                    <p id="filter-concept-error" class="field-error" role="alert">{msg}</p>
                })}
            </div>
            <div class="filter-actions">
                <button type="submit">"Apply filters"</button>
                <Show when=move || filter.with(BankFilter::is_active)>
                    <a href="/">"Clear filters"</a>
                </Show>
            </div>
        </form>
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
            "{count} {} match these filters.",
            if count == 1 { "question" } else { "questions" }
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
    fn unknown_values_are_explained_and_ignored() {
        let f = BankFilter::parse(Some("9"), Some("acid"));
        assert_eq!((f.level, f.concept), (None, None));
        assert!(f.level_error.as_deref().is_some_and(|m| m.contains("“9”")));
        assert!(
            f.concept_error
                .as_deref()
                .is_some_and(|m| m.contains("“acid”"))
        );
    }

    #[test]
    fn long_bad_values_are_shortened() {
        let f = BankFilter::parse(Some(&"x".repeat(500)), None);
        assert!(f.level_error.is_some_and(|m| m.chars().count() < 100));
    }
}
