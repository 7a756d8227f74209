//! The answer form: a labelled textarea, an optional timer and preview, and two ways to
//! reveal: submit what I wrote, or skip writing (for an answer given out loud).
//!
//! The form itself is rendered on the server and works as a plain post. Three small islands
//! add to it: the timer, the preview, and [`AnswerForm`], which stamps how long the answer
//! took and posts it in place, so a refused or failed post keeps the answer in the box.
//! They share what they must through the form's elements (by id), not through signals: each
//! island hydrates on its own.

use super::timer::AnswerTimer;
#[cfg(feature = "hydrate")]
use super::timer::clock_ms;
#[cfg(feature = "hydrate")]
use crate::api::practice::PreviewAnswer;
use crate::api::practice::SubmitAnswer;
use crate::components::form::{ErrorSlot, FormError};
use crate::components::posted::PostedError;
use crate::components::shortcuts::ShortcutHint;
use crate::domain::AnswerText;
use crate::domain::Timestamp;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The ids the islands find each other's elements by.
pub(crate) const FORM_ID: &str = "answer-form";
pub(crate) const ANSWER_ID: &str = "answer";
pub(crate) const TIMED_ID: &str = "answer-timed";
pub(crate) const ELAPSED_ID: &str = "answer-elapsed";
/// The form's attribute holding when the learner began (milliseconds of the browser's
/// clock): the first keystroke or the timer's start, whichever came first.
#[cfg(feature = "hydrate")]
const STARTED: &str = "data-started";

#[component]
pub fn AnswerPanel(slug: String, token: String, opened_at: Timestamp) -> impl IntoView {
    let error = PostedError::of_this_request().error_for(SubmitAnswer::PATH);
    let answer_error = error.as_ref().and_then(|e| e.message_for("answer"));
    let invalid = answer_error.is_some().then_some("true");
    let error = Signal::stored(error);
    view! {
        <section class="practice" aria-labelledby="practice-heading">
            <h2 id="practice-heading">"Rehearse your answer"</h2>
            <p class="hint">
                "Write it as you would say it: clarify, state the trade-off, argue both sides, "
                "recommend, then say how you would monitor it. Submitting reveals the strong answer."
            </p>
            <AnswerTimer>
                <p class="field-hint">
                    "Walk the five steps of the answer framework in 80 seconds: clarify (5 s), \
                     state the trade-off (10 s), argue both sides (30 s), recommend (20 s), \
                     monitoring (15 s)."
                </p>
            </AnswerTimer>
            <AnswerForm>
                <form
                    id=FORM_ID
                    action=SubmitAnswer::PATH
                    method="post"
                    class="answer-form"
                    aria-labelledby="practice-heading"
                >
                    <input type="hidden" name="slug" value=slug/>
                    <input type="hidden" name="token" value=token/>
                    <input type="hidden" name="opened_at" value=opened_at.secs()/>
                    <input type="hidden" name="elapsed_ms" id=ELAPSED_ID value=""/>
                    <input type="hidden" name="timed" id=TIMED_ID value="0"/>
                    <div class="field">
                        <label for=ANSWER_ID>"Your answer"</label>
                        <textarea
                            id=ANSWER_ID
                            name="answer"
                            rows="12"
                            required=true
                            maxlength=AnswerText::MAX
                            aria-describedby="answer-hint answer-error"
                            aria-invalid=invalid
                        ></textarea>
                        <p class="field-hint" id="answer-hint">
                            "Markdown works: lists, **bold**, `code`. Up to 20 000 characters."
                        </p>
                        <ErrorSlot id="answer-error" name="answer" message=answer_error/>
                    </div>
                    <MarkdownPreview/>
                    <FormError error/>
                    <div class="actions">
                        <button
                            type="submit"
                            id="answer-submit"
                            class="button primary"
                            name="skip"
                            value="0"
                        >
                            "Submit and reveal"
                        </button>
                        <button
                            type="submit"
                            class="button secondary"
                            name="skip"
                            value="1"
                            formnovalidate=true
                            data-shortcut="reveal"
                        >
                            "Skip writing and reveal"
                        </button>
                    </div>
                </form>
            </AnswerForm>
            <ShortcutHint/>
        </section>
    }
}

/// Around the answer form: notes when the learner began, and on submit writes how long the
/// answer took into the form before posting it in place.
#[island]
pub(crate) fn AnswerForm(children: Children) -> impl IntoView {
    let on_input = move |_: leptos::ev::Event| mark_started();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let document = document();
            let started = document
                .get_element_by_id(FORM_ID)
                .and_then(|form| form.get_attribute(STARTED))
                .and_then(|at| at.parse::<i64>().ok());
            if let (Some(start), Some(input)) = (
                started,
                document
                    .get_element_by_id(ELAPSED_ID)
                    .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok()),
            ) {
                input.set_value(&(now_ms() - start).max(0).to_string());
            }
        }
        crate::components::post::submit_in_place(ev);
    };
    view! { <div class="answer-form-wrap" on:input=on_input on:submit=on_submit>{children()}</div> }
}

/// The browser's clock in whole milliseconds. Integers, not floats: formatting and parsing
/// an `f64` here cost 12.7 KB of the compressed bundle.
#[cfg(feature = "hydrate")]
fn now_ms() -> i64 {
    #[expect(
        clippy::cast_possible_truncation,
        reason = "milliseconds since 1970 fit"
    )]
    let ms = clock_ms() as i64;
    ms
}

/// Notes on the form that the learner has begun, unless they already had.
pub(super) fn mark_started() {
    #[cfg(feature = "hydrate")]
    if let Some(form) = document().get_element_by_id(FORM_ID)
        && !form.has_attribute(STARTED)
    {
        let _ = form.set_attribute(STARTED, &now_ms().to_string());
    }
}

/// Shows the answer as it will be stored: the server renders the Markdown, so the preview
/// and the saved answer never differ. Hidden until the page has hydrated: it needs
/// JavaScript. A failed preview leaves the last one in place.
#[island]
fn MarkdownPreview() -> impl IntoView {
    Effect::new(move |_| crate::components::dom::set_hidden("answer-preview-box", false));
    let html = RwSignal::new(None::<String>);
    let show = move |_| {
        #[cfg(feature = "hydrate")]
        {
            use crate::components::post::{Posted, post_fields};
            use wasm_bindgen::JsCast;
            let Some(answer) = document()
                .get_element_by_id(ANSWER_ID)
                .and_then(|el| el.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            else {
                return;
            };
            leptos::task::spawn_local(async move {
                let answer = answer.value();
                // The value is a JSON string; the browser's own parser reads it.
                if let Posted::Value(json) =
                    post_fields(PreviewAnswer::PATH, &[("answer", &answer)]).await
                    && let Some(rendered) =
                        js_sys::JSON::parse(&json).ok().and_then(|v| v.as_string())
                {
                    html.set(Some(rendered));
                }
            });
        }
    };
    view! {
        <div class="preview" id="answer-preview-box" hidden=true>
            <button type="button" class="button link" aria-controls="answer-preview" on:click=show>
                "Preview"
            </button>
            <div id="answer-preview" class="preview-body" aria-live="polite">
                {move || {
                    html.get()
                        .map(|html| {
                            view! {
                                <h3 class="preview-heading">"Preview"</h3>
                                <div class="prose" inner_html=html></div>
                            }
                        })
                }}
            </div>
        </div>
    }
}
