//! The answer form: a labelled textarea, an optional timer and preview, and two ways to
//! reveal: submit what I wrote, or skip writing (for an answer given out loud).

use super::timer::{AnswerTimer, clock_ms};
use crate::api::practice::{PreviewAnswer, SubmitAnswer};
use crate::components::form::{FormError, last_error};
use crate::components::posted::PostedError;
use crate::components::shortcuts::ShortcutHint;
use crate::domain::AnswerText;
use leptos::html;
use leptos::prelude::*;

/// The whole answer form is one island: the timer, the preview and the submit stamp all
/// follow what the learner types. Its props are what the form posts back (the question, the
/// form's token, when it was drawn) and the error of a plain post that came back refused.
#[island]
pub fn AnswerPanel(
    slug: String,
    token: String,
    opened_at: i64,
    posted: PostedError,
) -> impl IntoView {
    posted.provide();
    let submit = ServerAction::<SubmitAnswer>::new();
    let error = last_error(submit);
    let answer_error = Signal::derive(move || error.get().and_then(|e| e.message_for("answer")));
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    // When the learner began: the first keystroke or the timer's start, whichever is first.
    let started = RwSignal::new(None::<f64>);
    let timer_started = RwSignal::new(None::<f64>);
    Effect::new(move |_| {
        if let Some(at) = timer_started.get()
            && started.get_untracked().is_none()
        {
            started.set(Some(at));
        }
    });
    let elapsed_input = NodeRef::<html::Input>::new();
    let textarea = NodeRef::<html::Textarea>::new();
    let submit_button = NodeRef::<html::Button>::new();
    // Written straight into the hidden input when a submit button is pressed, before the
    // form is read: a reactive attribute could update after the submit.
    let stamp = move |_| {
        if let (Some(input), Some(start)) = (elapsed_input.get_untracked(), started.get_untracked())
        {
            #[expect(
                clippy::cast_possible_truncation,
                reason = "milliseconds of one attempt"
            )]
            let ms = (clock_ms() - start).max(0.0).round() as i64;
            input.set_value(&ms.to_string());
        }
    };
    let on_input = move |_| {
        if started.get_untracked().is_none() {
            started.set(Some(clock_ms()));
        }
    };
    // Ctrl+Enter (Cmd+Enter on a Mac) submits, through the button, so the same stamp runs.
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            if let Some(button) = submit_button.get_untracked() {
                button.click();
            }
        }
    };
    let preview = ServerAction::<PreviewAnswer>::new();
    let show_preview = move |_| {
        if let Some(textarea) = textarea.get_untracked() {
            preview.dispatch(PreviewAnswer {
                answer: textarea.value(),
            });
        }
    };
    let preview_html = move || preview.value().get().and_then(Result::ok);
    let described_by = move || {
        if answer_error.get().is_some() {
            "answer-hint answer-error"
        } else {
            "answer-hint"
        }
    };
    view! {
        <section class="practice" aria-labelledby="practice-heading">
            <h2 id="practice-heading">"Rehearse your answer"</h2>
            <p class="hint">
                "Write it as you would say it: clarify, state the trade-off, argue both sides, "
                "recommend, then say how you would monitor it. Submitting reveals the strong answer."
            </p>
            <AnswerTimer timer_started hydrated=hydrated.into() answer=textarea/>
            <ActionForm action=submit attr:class="answer-form" attr:aria-labelledby="practice-heading">
                <input type="hidden" name="slug" value=slug/>
                <input type="hidden" name="token" value=token/>
                <input type="hidden" name="opened_at" value=opened_at/>
                <input type="hidden" name="elapsed_ms" value="" node_ref=elapsed_input/>
                <input
                    type="hidden"
                    name="timed"
                    value=move || if timer_started.get().is_some() { "1" } else { "0" }
                />
                <div class="field">
                    <label for="answer">"Your answer"</label>
                    <textarea
                        id="answer"
                        name="answer"
                        rows="12"
                        required=true
                        maxlength=AnswerText::MAX
                        aria-describedby=described_by
                        aria-invalid=move || answer_error.get().is_some().then_some("true")
                        node_ref=textarea
                        on:input=on_input
                        on:keydown=on_keydown
                    ></textarea>
                    <p class="field-hint" id="answer-hint">
                        "Markdown works: lists, **bold**, `code`. Up to 20 000 characters."
                    </p>
                    {move || {
                        answer_error
                            .get()
                            .map(|message| {
                                view! {
                                    <p class="field-error" id="answer-error" role="alert">{message}</p>
                                }
                            })
                    }}
                </div>
                <div class="preview" hidden=move || !hydrated.get()>
                    <button
                        type="button"
                        class="button link"
                        aria-controls="answer-preview"
                        on:click=show_preview
                    >
                        "Preview"
                    </button>
                    <div id="answer-preview" class="preview-body" aria-live="polite">
                        {move || {
                            preview_html()
                                .map(|html| {
                                    view! {
                                        <h3 class="preview-heading">"Preview"</h3>
                                        <div class="prose" inner_html=html></div>
                                    }
                                })
                        }}
                    </div>
                </div>
                <FormError error/>
                <div class="actions">
                    <button
                        type="submit"
                        class="button primary"
                        name="skip"
                        value="0"
                        node_ref=submit_button
                        on:click=stamp
                        disabled=move || submit.pending().get()
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
                        on:click=stamp
                        disabled=move || submit.pending().get()
                    >
                        "Skip writing and reveal"
                    </button>
                </div>
            </ActionForm>
            <ShortcutHint/>
        </section>
    }
}
