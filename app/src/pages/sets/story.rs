//! `/sets/ID/stories/STORY`: a story its author shared with the set, as it reads now.
//! Members score it with the story rubric and may leave a comment; the author sees the
//! reviews. A story not shared with this set is a 404 for everyone, its author included
//! (their own story page is where they read it).

use super::FieldMessage;
use super::answer::ReviewList;
use crate::api::sets::{ReviewStory, load_shared_story};
use crate::components::form::ErrorSlot;
use crate::components::notice::{ErrorNotice, Loading};
use crate::components::post::PostInPlace;
use crate::components::posted::PostedError;
use crate::domain::ReviewComment;
use crate::domain::sets::SharedStoryPage;
use crate::domain::stories::{StoryId, StoryPart};
use crate::domain::{SetId, calendar};
use crate::error::AppError;
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn SharedStoryRoute() -> impl IntoView {
    let params = use_params_map();
    let page = Resource::new(
        move || {
            let params = params.read();
            (
                params.get("id").unwrap_or_default(),
                params.get("story").unwrap_or_default(),
            )
        },
        |(set, story)| load_shared_story(set, story),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(Some(page)) => view! { <StoryView page/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(AppError::Unauthorized) => {
                        let next = format!(
                            "/sets/{}/stories/{}",
                            params.read_untracked().get("id").unwrap_or_default(),
                            params.read_untracked().get("story").unwrap_or_default()
                        );
                        view! {
                            <section class="set">
                                <h1>"Shared story"</h1>
                                <p><a href=format!("/sign-in?next={next}")>"Sign in"</a> " to see it."</p>
                            </section>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StoryView(page: SharedStoryPage) -> impl IntoView {
    let SharedStoryPage {
        set,
        set_title,
        story,
        author,
        is_author,
        kind,
        version,
        rubric,
        reviews,
        can_review,
        now,
    } = page;
    let query = use_query_map();
    let reviewed = (query.read_untracked().get_str("reviewed") == Some("1")).then(
        || view! { <p class="notice notice-success" role="status">"Review saved. Thank you."</p> },
    );
    let who = if is_author { "you".to_owned() } else { author };
    let parts: Vec<_> = StoryPart::ALL
        .into_iter()
        .zip(version.parts_html)
        .filter(|(_, html)| !html.is_empty())
        .map(|(part, html)| {
            view! {
                <h2>{part.label()}</h2>
                <div class="prose" inner_html=html></div>
            }
        })
        .collect();
    let own = is_author.then(|| {
        view! { <p><a href=story.href()>"Your story’s own page"</a> " has its versions and rehearsals."</p> }
    });
    view! {
        <Title text=format!("Shared story: {}", version.title)/>
        <section class="set shared-answer">
            <p class="breadcrumb"><a href=set.href()>{set_title}</a></p>
            <h1>{version.title.clone()}</h1>
            <p class="set-meta">
                {format!(
                    "{} · a story by {who}, version {} as shared, written {}",
                    kind.label(),
                    version.version,
                    calendar::relative(version.saved_at, now)
                )}
            </p>
            {own}
            {parts}
            <h2 id="reviews">"Peer scores"</h2>
            {reviewed}
            <ReviewList reviews/>
            {can_review.then(|| view! { <StoryReviewForm set story rubric/> })}
        </section>
    }
    .into_any()
}

#[component]
fn StoryReviewForm(set: SetId, story: StoryId, rubric: Vec<String>) -> impl IntoView {
    let error = PostedError::of_this_request().error_for(ReviewStory::PATH);
    let form_message = match &error {
        // Written here, not taken from the error: a crafted URL cannot choose it.
        Some(AppError::Conflict(_)) => {
            Some("You have already reviewed this story; your first review stands.".to_owned())
        }
        other => other.as_ref().and_then(AppError::form_text),
    };
    let error = Signal::stored(error);
    view! {
        <PostInPlace>
            <form
                action=ReviewStory::PATH
                method="post"
                class="grade-form"
                aria-labelledby="review-heading"
            >
                <h3 id="review-heading">"Score this story"</h3>
                <input type="hidden" name="set" value=set.0/>
                <input type="hidden" name="story" value=story.0/>
                <fieldset aria-describedby="review-ticked-error">
                    <legend>"Tick what the story shows"</legend>
                    {rubric
                        .into_iter()
                        .enumerate()
                        .map(|(i, item)| {
                            let id = format!("review-item-{i}");
                            view! {
                                <div class="check">
                                    <input id=id.clone() type="checkbox" name="ticked[]" value=i/>
                                    <label for=id>{item}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <FieldMessage error name="ticked" id="review-ticked-error".to_owned()/>
                <div class="field">
                    <label for="review-comment">"Comment (optional)"</label>
                    <textarea
                        id="review-comment"
                        name="comment"
                        rows=3
                        maxlength=ReviewComment::MAX
                        aria-describedby="review-comment-hint review-comment-error"
                    ></textarea>
                    <p class="field-hint" id="review-comment-hint">
                        "What would make it land harder, in a sentence or two."
                    </p>
                    <FieldMessage error name="comment" id="review-comment-error".to_owned()/>
                </div>
                <ErrorSlot name="" class="form-error" message=form_message/>
                <button type="submit" class="button primary">"Save my review"</button>
            </form>
        </PostInPlace>
    }
}
