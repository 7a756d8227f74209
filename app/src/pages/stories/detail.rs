//! A story's page: the version asked for (the current one by default), its versions, its
//! rehearsals, and the links to rehearse and edit it, with deletion at the foot.

use super::SignInForStories;
use crate::api::stories::{DeleteStory, load_story};
use crate::components::concepts::ConceptTags;
use crate::components::form::{ErrorSlot, FormError};
use crate::components::notice::{ErrorNotice, Loading};
use crate::components::post::PostInPlace;
use crate::components::posted::PostedError;
use crate::domain::calendar;
use crate::domain::stories::{RehearsalSummary, StoryLoad, StoryPage, StoryPart};
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn StoryDetailPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let story = Resource::new(
        move || {
            (
                params.read().get("id").unwrap_or_default(),
                query.read().get("version"),
            )
        },
        |(id, version)| load_story(id, version),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match story.await {
                    Ok(StoryLoad::Found(page)) => view! { <StoryView page=*page/> }.into_any(),
                    Ok(StoryLoad::NotFound) => view! { <NotFound/> }.into_any(),
                    Ok(StoryLoad::SignedOut) => {
                        let next = format!(
                            "/stories/{}",
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
fn StoryView(page: StoryPage) -> impl IntoView {
    let query = use_query_map();
    let StoryPage {
        id,
        kind,
        concepts,
        current_version,
        shown,
        versions,
        rehearsals,
        rehearsal_count,
        peer_reviews,
        due_at,
        now,
    } = page;
    let notice = {
        let query = query.read_untracked();
        match (query.get_str("saved"), query.get_str("rehearsed")) {
            (Some("1"), _) if current_version > 1 => Some(format!(
                "Saved as version {current_version}. The text it replaced is kept under Versions."
            )),
            (Some("1"), _) => {
                Some("Saved. Rehearse it next: a story improves each time it is told.".to_owned())
            }
            (Some("same"), _) => {
                Some("Saved. The text did not change, so no new version was made.".to_owned())
            }
            (_, Some("1")) => Some(match due_at {
                Some(at) => format!(
                    "Rehearsal saved. The story comes back for review {}.",
                    calendar::relative(at, now)
                ),
                None => "Rehearsal saved.".to_owned(),
            }),
            _ => None,
        }
    };
    let old_version = (shown.version != current_version).then(|| {
        view! {
            <p class="notice" role="note">
                {format!(
                    "You are reading version {} of {current_version}, saved {}. ",
                    shown.version,
                    calendar::date_time(shown.saved_at)
                )}
                <a href=id.href()>"Read the current version"</a>
            </p>
        }
    });
    let due = match due_at {
        Some(at) => {
            let word = if at <= now {
                "Due for review"
            } else {
                "Back for review"
            };
            format!(
                "{word} {} · {}",
                calendar::relative(at, now),
                calendar::date_time(at)
            )
        }
        None => "Not rehearsed yet".to_owned(),
    };
    let written: Vec<_> = StoryPart::ALL
        .into_iter()
        .zip(shown.parts_html)
        .filter(|(_, html)| !html.is_empty())
        .collect();
    let body = if written.is_empty() {
        view! {
            <p class="muted">
                "Nothing written in the parts yet. " <a href=id.edit_href()>"Edit the story"</a>
                " to add the situation, the trade-off, the decision, the result and what you "
                "monitored."
            </p>
        }
        .into_any()
    } else {
        written
            .into_iter()
            .map(|(part, html)| {
                view! {
                    <section class="story-part">
                        <h2>{part.label()}</h2>
                        <div class="prose" inner_html=html></div>
                    </section>
                }
            })
            .collect_view()
            .into_any()
    };
    let version_list = (versions.len() > 1).then(|| {
        view! {
            <section aria-labelledby="versions-heading">
                <h2 id="versions-heading">{format!("Versions ({})", versions.len())}</h2>
                <ol class="story-versions" reversed=true>
                    {versions
                        .into_iter()
                        .map(|(version, title, saved_at)| {
                            let label = format!(
                                "Version {version}: {title} · {}",
                                calendar::date_time(saved_at)
                            );
                            let href = if version == current_version {
                                id.href()
                            } else {
                                format!("{}?version={version}", id.href())
                            };
                            let current = (version == shown.version).then_some("page");
                            view! { <li><a href=href aria-current=current>{label}</a></li> }
                        })
                        .collect_view()}
                </ol>
            </section>
        }
    });
    view! {
        <Title text=shown.title.clone()/>
        <article class="story">
            <p class="eyebrow"><a href="/stories">"Your stories"</a> " · " {kind.label()}</p>
            <h1>{shown.title}</h1>
            {notice.map(|message| view! { <p class="notice notice-success" role="status">{message}</p> })}
            {old_version}
            <p class="story-facts">{due}</p>
            <ConceptTags concepts/>
            <p class="actions">
                <a class="button primary" href=id.rehearse_href()>"Rehearse it"</a>
                <a class="button secondary" href=id.edit_href()>"Edit"</a>
            </p>
            {body}
            <Rehearsals rehearsals count=rehearsal_count now/>
            {(!peer_reviews.is_empty()).then(|| view! {
                <section aria-labelledby="story-reviews-heading">
                    <h2 id="story-reviews-heading">"Peer scores from your sets"</h2>
                    <crate::pages::sets::answer::ReviewList reviews=peer_reviews/>
                </section>
            })}
            {version_list}
            <DeleteStoryForm id=id.0/>
        </article>
    }
    .into_any()
}

#[component]
fn Rehearsals(
    rehearsals: Vec<RehearsalSummary>,
    count: u32,
    now: crate::domain::Timestamp,
) -> impl IntoView {
    let shown = (rehearsals.len() < usize::try_from(count).unwrap_or(usize::MAX)).then(|| {
        view! { <p class="muted">{format!("The latest {} are listed.", rehearsals.len())}</p> }
    });
    view! {
        <section id="rehearsals" aria-labelledby="rehearsals-heading">
            <h2 id="rehearsals-heading">{format!("Rehearsals ({count})")}</h2>
            {shown}
            {if rehearsals.is_empty() {
                view! { <p class="muted">"Tell it against the clock and grade it with the story rubric."</p> }
                    .into_any()
            } else {
                view! {
                    <ol class="rehearsals" reversed=true>
                        {rehearsals
                            .into_iter()
                            .map(|r| {
                                let timing = if r.timed { "timed, " } else { "" };
                                let facts = format!(
                                    "{} · {} · {timing}{} · {} of {} rubric points · version {}",
                                    calendar::relative(r.submitted_at, now),
                                    r.rating.label(),
                                    calendar::duration(r.duration_secs),
                                    r.ticked,
                                    r.rubric_total,
                                    r.version,
                                );
                                let question = r.question.map(|(slug, title)| view! {
                                    " · for " <a href=slug.href()>{title}</a>
                                });
                                let notes = (!r.notes_html.is_empty()).then(|| view! {
                                    <div class="prose rehearsal-notes" inner_html=r.notes_html></div>
                                });
                                view! { <li><span>{facts}</span>{question}{notes}</li> }
                            })
                            .collect_view()}
                    </ol>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn DeleteStoryForm(id: i64) -> impl IntoView {
    let error = PostedError::of_this_request().error_for(DeleteStory::PATH);
    let confirm_error = error.as_ref().and_then(|e| e.message_for("confirm"));
    let invalid = confirm_error.is_some().then_some("true");
    view! {
        <section class="danger" aria-labelledby="delete-story-heading">
            <h2 id="delete-story-heading">"Delete the story"</h2>
            <PostInPlace>
                <form action=DeleteStory::PATH method="post" aria-labelledby="delete-story-heading">
                    <input type="hidden" name="story" value=id/>
                    <div class="check">
                        <input
                            type="checkbox"
                            id="delete-story-confirm"
                            name="confirm"
                            value="1"
                            aria-invalid=invalid
                            aria-describedby="delete-story-confirm-error"
                        />
                        <label for="delete-story-confirm">
                            "Delete this story, every version and every rehearsal of it"
                        </label>
                    </div>
                    <ErrorSlot id="delete-story-confirm-error" name="confirm" message=confirm_error/>
                    <FormError error=Signal::stored(error)/>
                    <button type="submit" class="button danger">"Delete the story"</button>
                </form>
            </PostInPlace>
        </section>
    }
}
