//! A question page: the prompt, with the rubric and the strong answer behind a Reveal control.
//!
//! Reveal is a disclosure button inside a GET form. Without JavaScript the form reloads the
//! page with `?reveal=1`, which the server renders open; once hydrated, the same button toggles
//! the answer in place and keeps `aria-expanded` true to what is shown.

use crate::api::get_question;
use crate::components::concepts::ConceptTags;
use crate::components::notice::{ErrorNotice, Loading};
use crate::domain::QuestionDetail;
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

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
        slug,
        title,
        level,
        concepts,
        prompt_html,
        rubric,
        answer_html,
        key_terms,
    } = question;
    let query = use_query_map();
    let revealed = RwSignal::new(query.read_untracked().get_str("reveal") == Some("1"));
    let toggle = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        revealed.update(|open| *open = !*open);
    };
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
            <section class="reveal" aria-label="Strong answer and rubric">
                <form
                    class="reveal-toggle"
                    method="get"
                    action=format!("{}#strong-answer", slug.href())
                    on:submit=toggle
                >
                    {move || (!revealed.get()).then(|| view! { <input type="hidden" name="reveal" value="1"/> })}
                    <button type="submit" aria-expanded=move || revealed.get().to_string() aria-controls="strong-answer">
                        {move || if revealed.get() { "Hide the strong answer" } else { "Reveal the strong answer" }}
                    </button>
                </form>
                <div id="strong-answer" class="reveal-body" hidden=move || !revealed.get()>
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
            </section>
            <p class="back"><a href="/">"← All questions"</a></p>
        </article>
    }
}
