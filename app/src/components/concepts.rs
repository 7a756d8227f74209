//! The concept tags of a question, each a link to the bank filtered by that concept.

use crate::domain::Concept;
use leptos::prelude::*;

#[component]
pub fn ConceptTags(concepts: Vec<Concept>) -> impl IntoView {
    view! {
        <ul class="concept-tags" aria-label="Concepts">
            {concepts
                .into_iter()
                .map(|concept| {
                    view! {
                        <li>
                            <a
                                class=format!("tag tag-{}", concept.slug())
                                href=format!("/?concept={}", concept.slug())
                                title=format!("All questions on {}", concept.label())
                            >
                                {concept.label()}
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
