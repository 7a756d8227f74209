//! The story bank: `/stories` lists my stories and which of the study guide's three kinds
//! are ready, `/stories/new` writes one, `/stories/ID` shows one (any version with
//! `?version=N`), `/stories/ID/edit` edits it and `/stories/ID/rehearse` tells it against the
//! clock.
//!
//! Every form is server HTML posted to a server function, with JavaScript (in place, so a
//! refusal keeps what was typed) or without (the redirect carries the refusal back).

pub mod detail;
pub mod rehearse;

use crate::api::stories::{CreateStory, UpdateStory, load_stories, load_story_draft};
use crate::components::concepts::ConceptTags;
use crate::components::form::{ErrorSlot, Field, FormError};
use crate::components::notice::{ErrorNotice, Loading};
use crate::components::post::PostInPlace;
use crate::components::posted::PostedError;
use crate::domain::stories::{
    KindReadiness, StoryDraft, StoryKind, StoryLoad, StoryPart, StorySummary, StoryText, StoryTitle,
};
use crate::domain::{Concept, calendar};
use crate::error::AppError;
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// What a signed-out visitor sees on a story page.
#[component]
pub(crate) fn SignInForStories(next: String) -> impl IntoView {
    view! {
        <Title text="Stories"/>
        <section class="stories">
            <h1>"Your stories"</h1>
            <p>
                "The story bank keeps the stories an interviewer asks for: a time you chose "
                "consistency, a time you chose availability, a performance vs scalability "
                "issue. "
                <a href=format!("/sign-in?next={next}")>"Sign in"</a>
                " or "
                <a href=format!("/sign-up?next={next}")>"create an account"</a>
                " to write yours. They are private to you."
            </p>
        </section>
    }
}

#[component]
pub fn StoriesPage() -> impl IntoView {
    let stories = Resource::new(|| (), |()| load_stories());
    let readiness = Resource::new(|| (), |()| crate::api::stories::story_readiness());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match (stories.await, readiness.await) {
                    (Ok(Some(stories)), Ok(Some(ready))) => {
                        view! { <StoriesView stories ready/> }.into_any()
                    }
                    (Ok(_), Ok(_)) => view! { <SignInForStories next="/stories".to_owned()/> }
                        .into_any(),
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StoriesView(stories: Vec<StorySummary>, ready: Vec<KindReadiness>) -> impl IntoView {
    let query = use_query_map();
    let deleted = query.read_untracked().get_str("deleted") == Some("1");
    view! {
        <Title text="Your stories"/>
        <section class="stories">
            <h1>"Your stories"</h1>
            {deleted.then(|| view! {
                <p class="notice notice-success" role="status">"The story was deleted."</p>
            })}
            <p>
                "Have two or three stories ready, the study guide says. Write each in the "
                "parts an interviewer listens for, rehearse it against two minutes, and it "
                "comes back for review like a question. Only you can see them."
            </p>
            <p><a class="button primary" href="/stories/new">"Write a story"</a></p>
            <Readiness ready/>
            <h2 id="story-list-heading">"All your stories"</h2>
            {if stories.is_empty() {
                view! { <p>"None yet. Start with the kind the study guide asks for first."</p> }
                    .into_any()
            } else {
                view! {
                    <ul class="story-list" aria-labelledby="story-list-heading">
                        {stories.into_iter().map(|story| view! { <StoryItem story/> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
    .into_any()
}

#[component]
fn StoryItem(story: StorySummary) -> impl IntoView {
    let rehearsed = match story.rehearsals {
        0 => "not rehearsed yet".to_owned(),
        1 => "rehearsed once".to_owned(),
        n => format!("rehearsed {n} times"),
    };
    let last = story
        .last_rating
        .map(|r| format!(" · last rated {}", r.label()))
        .unwrap_or_default();
    let due = story
        .due_at
        .map(|at| format!(" · back for review {}", calendar::date_time(at)))
        .unwrap_or_default();
    view! {
        <li>
            <a class="story-title" href=story.id.href()>{story.title}</a>
            <span class="story-facts">
                {format!("{} · {rehearsed}{last}{due}", story.kind.short())}
            </span>
            <ConceptTags concepts=story.concepts/>
        </li>
    }
}

/// The study guide's three stories: which are ready (written and rehearsed), and a link to
/// write or rehearse the rest. Shown on the story list and in the study guide.
#[component]
pub(crate) fn Readiness(ready: Vec<KindReadiness>) -> impl IntoView {
    let count = ready.iter().filter(|r| r.rehearsed).count();
    view! {
        <section class="readiness" aria-labelledby="readiness-heading">
            <h2 id="readiness-heading">
                {format!("The study guide’s three stories: {count} of 3 ready")}
            </h2>
            <ul class="readiness-list">
                {ready
                    .into_iter()
                    .map(|r| {
                        let (state, class, action) = match (&r.story, r.rehearsed) {
                            (Some((id, _)), true) => ("Ready", "ready", view! {
                                <a href=id.rehearse_href()>"Rehearse again"</a>
                            }.into_any()),
                            (Some((id, _)), false) => ("Written, not rehearsed", "written", view! {
                                <a href=id.rehearse_href()>"Rehearse it"</a>
                            }.into_any()),
                            (None, _) => ("Missing", "missing", view! {
                                <a href=format!("/stories/new?kind={}", r.kind.slug())>
                                    "Write one"
                                </a>
                            }.into_any()),
                        };
                        let story = r.story.map(|(id, title)| view! {
                            " · " <a href=id.href()>{title}</a>
                        });
                        view! {
                            <li class=format!("readiness-{class}")>
                                <strong>{r.kind.label()}</strong>
                                ": " {state} {story} " · " {action}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
pub fn NewStoryPage() -> impl IntoView {
    // Only to know whether someone is signed in: the list itself is not shown here.
    let signed_in = Resource::new(|| (), |()| load_stories());
    let query = use_query_map();
    let kind = query
        .read_untracked()
        .get("kind")
        .and_then(|k| StoryKind::from_slug(&k));
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match signed_in.await {
                    Ok(Some(_)) => view! { <NewStoryView kind/> }.into_any(),
                    Ok(None) => view! { <SignInForStories next="/stories/new".to_owned()/> }
                        .into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewStoryView(kind: Option<StoryKind>) -> impl IntoView {
    let error = PostedError::of_this_request().error_for(CreateStory::PATH);
    let draft = StoryDraft {
        id: crate::domain::stories::StoryId(0),
        title: String::new(),
        kind: kind.unwrap_or(StoryKind::Other),
        concepts: kind.and_then(StoryKind::concept).into_iter().collect(),
        parts_md: vec![String::new(); 5],
        version: 0,
    };
    view! {
        <Title text="Write a story"/>
        <section class="story-edit">
            <p class="eyebrow"><a href="/stories">"Your stories"</a></p>
            <h1 id="story-form-heading">"Write a story"</h1>
            <p class="hint">
                "Fill in what you have: every part is optional, and each edit keeps the text "
                "it replaced. Markdown works in every part."
            </p>
            <PostInPlace>
                <form
                    action=CreateStory::PATH
                    method="post"
                    class="story-form"
                    aria-labelledby="story-form-heading"
                >
                    <StoryFields draft kind_chosen=kind.is_some() error=error.clone()/>
                    <FormError error=Signal::stored(error)/>
                    <button type="submit" class="button primary">"Save the story"</button>
                </form>
            </PostInPlace>
        </section>
    }
    .into_any()
}

#[component]
pub fn EditStoryPage() -> impl IntoView {
    let params = use_params_map();
    let draft = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        load_story_draft,
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match draft.await {
                    Ok(StoryLoad::Found(draft)) => view! { <EditStoryView draft=*draft/> }.into_any(),
                    Ok(StoryLoad::NotFound) => view! { <NotFound/> }.into_any(),
                    Ok(StoryLoad::SignedOut) => {
                        let next = format!(
                            "/stories/{}/edit",
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
fn EditStoryView(draft: StoryDraft) -> impl IntoView {
    let error = PostedError::of_this_request().error_for(UpdateStory::PATH);
    let id = draft.id;
    let title = draft.title.clone();
    view! {
        <Title text=format!("Edit: {title}")/>
        <section class="story-edit">
            <p class="eyebrow"><a href=id.href()>{title}</a></p>
            <h1 id="story-form-heading">"Edit the story"</h1>
            <p class="hint">
                {format!(
                    "You are editing version {}. Saving a changed text makes version {}; this \
                     one stays readable on the story’s page.",
                    draft.version,
                    draft.version + 1
                )}
            </p>
            <PostInPlace>
                <form
                    action=UpdateStory::PATH
                    method="post"
                    class="story-form"
                    aria-labelledby="story-form-heading"
                >
                    <input type="hidden" name="story" value=id.0/>
                    <StoryFields draft kind_chosen=true error=error.clone()/>
                    <FormError error=Signal::stored(error)/>
                    <div class="actions">
                        <button type="submit" class="button primary">"Save the story"</button>
                        <a class="button secondary" href=id.href()>"Cancel"</a>
                    </div>
                </form>
            </PostInPlace>
        </section>
    }
    .into_any()
}

/// The story's fields, shared by the new and edit forms. `kind_chosen` pre-selects the
/// draft's kind; a new story without one asks for it.
#[component]
fn StoryFields(draft: StoryDraft, kind_chosen: bool, error: Option<AppError>) -> impl IntoView {
    let message = |name: &'static str| error.as_ref().and_then(|e| e.message_for(name));
    let kind_error = message("kind");
    let concepts_error = message("concepts");
    let kind_invalid = kind_error.is_some().then_some("true");
    let concepts_invalid = concepts_error.is_some().then_some("true");
    let kinds = StoryKind::ALL
        .into_iter()
        .map(|kind| {
            let id = format!("story-kind-{}", kind.slug());
            let checked = kind_chosen && draft.kind == kind;
            view! {
                <div class="choice">
                    <input
                        type="radio"
                        id=id.clone()
                        name="kind"
                        value=kind.slug()
                        checked=checked
                        required=true
                    />
                    <label for=id>{kind.label()}</label>
                </div>
            }
        })
        .collect_view();
    let concepts = Concept::ALL
        .into_iter()
        .map(|concept| {
            let id = format!("story-concept-{}", concept.slug());
            let checked = draft.concepts.contains(&concept);
            view! {
                <div class="check">
                    <input
                        type="checkbox"
                        id=id.clone()
                        name="concepts[]"
                        value=concept.slug()
                        checked=checked
                    />
                    <label for=id>{concept.label()}</label>
                </div>
            }
        })
        .collect_view();
    let parts = StoryPart::ALL
        .into_iter()
        .zip(draft.parts_md)
        .map(|(part, text)| {
            let name = part.name();
            let id = format!("story-{name}");
            let hint_id = format!("{id}-hint");
            let error_id = format!("{id}-error");
            let part_error = message(name);
            let invalid = part_error.is_some().then_some("true");
            view! {
                <div class="field">
                    <label for=id.clone()>{part.label()}</label>
                    <textarea
                        id=id
                        name=name
                        rows=5
                        maxlength=StoryText::MAX
                        aria-describedby=format!("{hint_id} {error_id}")
                        aria-invalid=invalid
                    >
                        // tachys does not escape a textarea's children: a story holding
                        // `</textarea>` would otherwise end the element and become markup.
                        {crate::raw_text::for_raw_text_element(&text).into_owned()}
                    </textarea>
                    <p class="field-hint" id=hint_id>{part.hint()}</p>
                    <ErrorSlot id=error_id name message=part_error/>
                </div>
            }
        })
        .collect_view();
    let error = Signal::stored(error);
    view! {
        <Field
            form="story"
            name="title"
            label="Title"
            autocomplete="off"
            maxlength=StoryTitle::MAX
            value=draft.title
            error
        />
        <fieldset class="choices" aria-invalid=kind_invalid aria-describedby="story-kind-error">
            <legend>"Kind of story"</legend>
            {kinds}
        </fieldset>
        <ErrorSlot id="story-kind-error" name="kind" message=kind_error/>
        <fieldset
            class="choices"
            aria-invalid=concepts_invalid
            aria-describedby="story-concepts-error"
        >
            <legend>"Concepts it shows (optional)"</legend>
            {concepts}
        </fieldset>
        <ErrorSlot id="story-concepts-error" name="concepts" message=concepts_error/>
        {parts}
    }
}
