//! A question page: the prompt, with the rubric and the strong answer behind a Reveal control.
//!
//! Reveal is a native `<details>` disclosure: it opens by keyboard and by pointer, with or
//! without JavaScript, and assistive technology announces its state.

use crate::api::get_question;
use crate::components::concepts::ConceptTags;
use crate::components::notice::{ErrorNotice, Loading};
use crate::domain::QuestionDetail;
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn QuestionPage() -> impl IntoView {
    let params = use_params_map();
    let question = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        get_question,
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match question.await {
                    Ok(Some(question)) => view! { <QuestionView question/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn QuestionView(question: QuestionDetail) -> impl IntoView {
    let QuestionDetail {
        slug: _,
        title,
        level,
        concepts,
        prompt_html,
        rubric,
        answer_html,
        key_terms,
    } = question;
    view! {
        <Title text=title.clone()/>
        <article class="question">
            <p class="eyebrow">
                <a href=format!("/?level={}", level.number())>{level.heading()}</a>
            </p>
            <h1>{title}</h1>
            <ConceptTags concepts/>
            <section class="prompt" aria-labelledby="prompt-heading">
                <h2 id="prompt-heading" class="visually-hidden">"The question"</h2>
                <blockquote inner_html=prompt_html></blockquote>
            </section>
            <p class="hint">
                "Answer out loud first: clarify, state the trade-off, argue both sides, "
                "recommend, then say how you would monitor it. Then reveal."
            </p>
            <details class="reveal">
                <summary>"Reveal the strong answer"</summary>
                <div class="reveal-body">
                    <section aria-labelledby="testing-heading">
                        <h2 id="testing-heading">"What they’re testing"</h2>
                        <ul class="rubric">
                            {rubric.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}
                        </ul>
                    </section>
                    <section aria-labelledby="answer-heading">
                        <h2 id="answer-heading">"Strong answer"</h2>
                        <div class="prose" inner_html=answer_html></div>
                    </section>
                    <section aria-labelledby="terms-heading">
                        <h2 id="terms-heading">"Key terms"</h2>
                        <ul class="key-terms">
                            {key_terms.into_iter().map(|term| view! { <li>{term}</li> }).collect_view()}
                        </ul>
                    </section>
                </div>
            </details>
            <p class="back"><a href="/">"← All questions"</a></p>
        </article>
    }
}
