//! Rehearsing a story: tell it out loud against two minutes (the timer walks the story
//! rubric's order), then tick the rubric and rate it, in one form. The story itself is folded
//! away, to glance at or to tell from memory.

use super::SignInForStories;
use crate::api::stories::{RehearseStory, load_rehearsal};
use crate::components::form::{ErrorSlot, FormError};
use crate::components::notice::{ErrorNotice, Loading};
use crate::components::posted::PostedError;
use crate::domain::Timestamp;
use crate::domain::stories::{RehearsePage, STORY_RUBRIC, StoryLoad, StoryPart, StoryText};
use crate::pages::not_found::NotFound;
use crate::pages::question::answer::{ANSWER_ID, AnswerForm, ELAPSED_ID, FORM_ID, TIMED_ID};
use crate::pages::question::attempt::RubricFields;
use crate::pages::question::timer::StoryTimer;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn RehearseStoryPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new(
        move || {
            (
                params.read().get("id").unwrap_or_default(),
                query.read().get("from"),
            )
        },
        |(id, from)| load_rehearsal(id, from),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(StoryLoad::Found(page)) => view! { <RehearseView page=*page/> }.into_any(),
                    Ok(StoryLoad::NotFound) => view! { <NotFound/> }.into_any(),
                    Ok(StoryLoad::SignedOut) => {
                        let next = format!(
                            "/stories/{}/rehearse",
                            params.read_untracked().get("id").unwrap_or_default()
                        );
                        view! { <SignInForStories next/> }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RehearseView(page: RehearsePage) -> impl IntoView {
    let RehearsePage {
        id,
        kind,
        story,
        token,
        opened_at,
        question,
    } = page;
    let from = question.as_ref().map(|(slug, _)| slug.as_str().to_owned());
    let told_for = question.map(|(slug, title)| {
        view! {
            <p class="notice" role="note">
                "Told as your answer to " <a href=slug.href()>{title}</a> "."
            </p>
        }
    });
    let parts: Vec<_> = StoryPart::ALL
        .into_iter()
        .zip(story.parts_html)
        .filter(|(_, html)| !html.is_empty())
        .map(|(part, html)| {
            view! {
                <h3>{part.label()}</h3>
                <div class="prose" inner_html=html></div>
            }
        })
        .collect();
    let written = if parts.is_empty() {
        view! { <p class="muted">"Nothing written in the parts yet: tell it as you remember it."</p> }
            .into_any()
    } else {
        parts.into_iter().collect_view().into_any()
    };
    // Boxed (`into_any`): the page's static view type is deep enough to pass the compiler's
    // recursion limit in the release build.
    view! {
        <Title text=format!("Rehearse: {}", story.title)/>
        <section class="rehearse">
            <p class="eyebrow"><a href=id.href()>{story.title.clone()}</a> " · " {kind.label()}</p>
            <h1 id="rehearse-heading">"Rehearse your story"</h1>
            {told_for}
            <p class="hint">
                "Say it out loud, as in the interview: about two minutes. Then tick what you "
                "said and rate how it went; the story comes back for review like a question."
            </p>
            <details class="story-glance">
                <summary>"Your story as written (glance at it, or tell it from memory)"</summary>
                {written}
            </details>
            <RehearseForm id=id.0 token=token.as_str().to_owned() from=from.unwrap_or_default() opened_at=opened_at/>
        </section>
    }
    .into_any()
}

/// The timer and the form: notes, the story rubric and the rating, posted in one go.
#[component]
fn RehearseForm(id: i64, token: String, from: String, opened_at: Timestamp) -> impl IntoView {
    let error = PostedError::of_this_request().error_for(RehearseStory::PATH);
    let notes_error = error.as_ref().and_then(|e| e.message_for("notes"));
    let notes_invalid = notes_error.is_some().then_some("true");
    let ticked_error = error.as_ref().and_then(|e| e.message_for("ticked"));
    let rating_error = error.as_ref().and_then(|e| e.message_for("rating"));
    let rubric: Vec<String> = STORY_RUBRIC.iter().map(|item| (*item).to_owned()).collect();
    view! {
            <StoryTimer>
                <p class="field-hint">
                    "Tell the story out loud in two minutes: the constraint (20 s), the \
                     trade-off (25 s), the other side (25 s), the measured result (25 s), what \
                     you monitored (25 s)."
                </p>
            </StoryTimer>
            <AnswerForm>
                <form
                    id=FORM_ID
                    action=RehearseStory::PATH
                    method="post"
                    class="rehearse-form"
                    aria-labelledby="rehearse-heading"
                >
                    <input type="hidden" name="story" value=id/>
                    <input type="hidden" name="token" value=token/>
                    <input type="hidden" name="from" value=from/>
                    <input type="hidden" name="opened_at" value=opened_at.secs()/>
                    <input type="hidden" name="elapsed_ms" id=ELAPSED_ID value=""/>
                    <input type="hidden" name="timed" id=TIMED_ID value="0"/>
                    <div class="field">
                        <label for=ANSWER_ID>"Notes on how it went (optional)"</label>
                        <textarea
                            id=ANSWER_ID
                            name="notes"
                            rows="4"
                            maxlength=StoryText::MAX
                            aria-describedby="notes-hint notes-error"
                            aria-invalid=notes_invalid
                        ></textarea>
                        <p class="field-hint" id="notes-hint">
                            "What you stumbled on, a number you could not recall. Up to 4 000 characters."
                        </p>
                        <ErrorSlot id="notes-error" name="notes" message=notes_error/>
                    </div>
                    <RubricFields
                        rubric
                        legend="The story rubric: tick each point you made"
                        ticked_error
                        rating_error
                    />
                    <FormError error=Signal::stored(error)/>
                    <button type="submit" class="button primary">"Save this rehearsal"</button>
                </form>
            </AnswerForm>
    }
    .into_any()
}
