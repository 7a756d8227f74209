//! A set's page, for its members: the questions to practise (the owner adds, removes and
//! reorders them), the peer table of those who opted in, answers shared for review, and for
//! the owner the share link, the details form and deletion.
//!
//! Every form is a plain post whose redirect loads the page anew, with JavaScript or without:
//! the page is server HTML, and only the copy-link button is an island. After a move the
//! redirect names the moved question (`?moved=slug&direction=up`), and the [`Arrival`] island
//! puts focus back on its button and announces the move.

use super::{DescriptionField, FieldMessage};
use crate::api::sets::{
    AddToSet, CopySet, DeleteSet, LeaveSet, MoveInSet, RemoveFromSet, RevokeLink, ShareAnswer,
    ShareProgress, ShareSet, ShareStory, UpdateSet, load_set,
};
use crate::components::arrival::Arrival;
use crate::components::form::{Field, FormError, LastError, last_error};
use crate::components::notice::{ErrorNotice, Loading};
use crate::components::post::PostInPlace;
use crate::domain::Timestamp;
use crate::domain::sets::ListVersion;
use crate::domain::sets::{PeerRow, SetLoad, SetPage, SetQuestion};
use crate::domain::{SetTitle, calendar};
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The page's actions. On the server each reads the error a refused post came back with.
#[derive(Clone, Copy)]
struct Actions {
    add: ServerAction<AddToSet>,
    remove: ServerAction<RemoveFromSet>,
    reorder: ServerAction<MoveInSet>,
    update: ServerAction<UpdateSet>,
    share: ServerAction<ShareSet>,
    revoke: ServerAction<RevokeLink>,
    progress: ServerAction<ShareProgress>,
    answer: ServerAction<ShareAnswer>,
    story: ServerAction<ShareStory>,
}

impl Actions {
    fn new() -> Self {
        Self {
            add: ServerAction::new(),
            remove: ServerAction::new(),
            reorder: ServerAction::new(),
            update: ServerAction::new(),
            share: ServerAction::new(),
            revoke: ServerAction::new(),
            progress: ServerAction::new(),
            answer: ServerAction::new(),
            story: ServerAction::new(),
        }
    }
}

#[component]
pub fn SetDetailPage() -> impl IntoView {
    let params = use_params_map();
    let actions = Actions::new();
    let set = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        load_set,
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match set.await {
                    Ok(SetLoad::Found(page)) => view! { <SetView page=*page actions/> }.into_any(),
                    Ok(SetLoad::NotFound) => view! { <NotFound/> }.into_any(),
                    Ok(SetLoad::SignedOut) => {
                        let next = format!("/sets/{}", params.read_untracked().get("id").unwrap_or_default());
                        view! {
                            <Title text="Practice set"/>
                            <section class="set">
                                <h1>"Practice set"</h1>
                                <p>
                                    <a href=format!("/sign-in?next={next}")>"Sign in"</a>
                                    " to see this set."
                                </p>
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

fn status_notice() -> impl IntoView {
    let query = use_query_map();
    move || {
        let query = query.read();
        let message = [
            ("created", "Set created. Add questions to it below."),
            (
                "joined",
                "You joined the set. Its questions count toward your own progress.",
            ),
            ("copied", "This is your copy: change it as you like."),
            ("imported", "Set imported. It is yours to edit."),
            ("saved", "Details saved."),
            (
                "revoked",
                "The link is revoked: it no longer opens this set.",
            ),
        ]
        .into_iter()
        .find(|(key, _)| query.get_str(key) == Some("1"))
        .map(|(_, message)| message)?;
        Some(view! { <p class="notice notice-success" role="status">{message}</p> })
    }
}

#[component]
fn SetView(page: SetPage, actions: Actions) -> impl IntoView {
    let SetPage {
        id,
        title,
        description_md,
        description_html,
        due_on,
        owner,
        is_owner,
        share_token,
        list_version,
        questions,
        addable,
        members,
        shares_progress,
        peers,
        shared_answers,
        shareable,
        shared_stories,
        shareable_stories,
        now,
        today,
    } = page;
    let arrival = after_a_move(&questions);
    let count = match questions.len() {
        1 => "1 question".to_owned(),
        n => format!("{n} questions"),
    };
    let members_text = match members {
        1 => "1 member".to_owned(),
        n => format!("{n} members"),
    };
    let due_text = due_on.map(|d| {
        let days = today.days_until(d);
        let when = match days {
            d if d < 0 => "passed".to_owned(),
            0 => "today".to_owned(),
            1 => "tomorrow".to_owned(),
            n => format!("in {n} days"),
        };
        format!(" · due {} ({when})", d.long())
    });
    let meta = format!(
        "By {owner} · {count} · {members_text}{}",
        due_text.unwrap_or_default()
    );
    let question_titles: Vec<String> = questions.iter().map(|q| q.title.clone()).collect();
    view! {
        <Title text=title.clone()/>
        <section class="set">
            <p class="breadcrumb"><A href="/sets">"Practice sets"</A></p>
            <h1>{title.clone()}</h1>
            {status_notice()}
            <p class="set-meta">{meta}</p>
            <div class="prose" inner_html=description_html></div>

            <h2 id="questions">"Questions"</h2>
            {arrival}
            <QuestionList id questions is_owner list_version actions/>
            {is_owner.then(|| view! { <AddQuestion id addable action=actions.add/> })}

            <h2 id="progress">"Progress"</h2>
            <ProgressTable peers question_titles/>
            <ShareProgressForm id shares_progress action=actions.progress/>

            <h2 id="answers">"Answers shared for review"</h2>
            {if shared_answers.is_empty() {
                view! { <p>"No answers shared yet. Share one of yours below and the others can score it with the rubric."</p> }.into_any()
            } else {
                view! {
                    <ul class="shared-answers">
                        {shared_answers
                            .into_iter()
                            .map(|a| {
                                let reviews = match a.reviews {
                                    0 => "no reviews yet".to_owned(),
                                    1 => "1 review".to_owned(),
                                    n => format!("{n} reviews"),
                                };
                                let who = if a.mine { "you".to_owned() } else { a.author };
                                view! {
                                    <li>
                                        <A href=format!("{}/answers/{}", id.href(), a.attempt.0)>
                                            {a.question_title}
                                        </A>
                                        {format!(" by {who}, {} · {reviews}", calendar::relative(a.submitted_at, now))}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
            <ShareAnswerForm id shareable now action=actions.answer/>

            <h2 id="stories">"Stories shared for review"</h2>
            {if shared_stories.is_empty() {
                view! { <p>"No stories shared yet. Share one of yours below and the others can score it with the story rubric."</p> }.into_any()
            } else {
                view! {
                    <ul class="shared-answers">
                        {shared_stories
                            .into_iter()
                            .map(|s| {
                                let reviews = match s.reviews {
                                    0 => "no reviews yet".to_owned(),
                                    1 => "1 review".to_owned(),
                                    n => format!("{n} reviews"),
                                };
                                let who = if s.mine { "you".to_owned() } else { s.author };
                                view! {
                                    <li>
                                        <A href=format!("{}/stories/{}", id.href(), s.story.0)>{s.title}</A>
                                        {format!(
                                            " · {} · by {who}, shared {} · {reviews}",
                                            s.kind.short(),
                                            calendar::relative(s.shared_at, now)
                                        )}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
            <ShareStoryForm id shareable=shareable_stories action=actions.story/>

            {is_owner
                .then(|| {
                    view! {
                        <ShareLink id token=share_token share=actions.share revoke=actions.revoke/>
                        <EditDetails id title description_md due_on action=actions.update/>
                    }
                })}
            <MoreActions id is_owner/>
        </section>
    }
    .into_any()
}

#[component]
fn QuestionList(
    id: crate::domain::SetId,
    questions: Vec<SetQuestion>,
    is_owner: bool,
    list_version: ListVersion,
    actions: Actions,
) -> impl IntoView {
    let move_error = last_error(actions.reorder);
    let remove_error = last_error(actions.remove);
    if questions.is_empty() {
        let text = if is_owner {
            "No questions yet. Add some from the bank below."
        } else {
            "No questions yet."
        };
        return view! { <p>{text}</p> }.into_any();
    }
    let last = questions.len() - 1;
    view! {
        <FieldMessage error=move_error name="question" id="move-error".to_owned()/>
        <FormError error=move_error/>
        <FieldMessage error=remove_error name="question" id="remove-error".to_owned()/>
        <FormError error=remove_error/>
        <ol class="set-questions">
            {questions
                .into_iter()
                .enumerate()
                .map(|(index, q)| {
                    let mine = match (q.my_attempts, q.my_last_rating) {
                        (0, _) => "Not tried yet".to_owned(),
                        (_, Some(rating)) => format!("Your last grade: {}", rating.label()),
                        (_, None) => "Answered, not graded yet".to_owned(),
                    };
                    let retired = q.retired.then(|| view! { <span class="tag">"left the bank"</span> });
                    let controls = is_owner.then(|| {
                        let slug = q.slug.as_str().to_owned();
                        let name = q.title.clone();
                        view! {
                            <div class="set-controls">
                                <MoveButton id slug=slug.clone() name=name.clone() direction="up" version=list_version disabled=index == 0 action=actions.reorder/>
                                <MoveButton id slug=slug.clone() name=name.clone() direction="down" version=list_version disabled=index == last action=actions.reorder/>
                                <ActionForm action=actions.remove>
                                    <input type="hidden" name="set" value=id.0/>
                                    <input type="hidden" name="question" value=slug/>
                                    <button type="submit" class="button link" aria-label=format!("Remove “{name}”")>
                                        "Remove"
                                    </button>
                                </ActionForm>
                            </div>
                        }
                    });
                    view! {
                        <li>
                            <A href=q.slug.href()>{q.title}</A>
                            " "
                            <span class="tag">{q.level.label()}</span>
                            {retired}
                            <span class="set-mine">{mine}</span>
                            {controls}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn MoveButton(
    id: crate::domain::SetId,
    slug: String,
    name: String,
    direction: &'static str,
    version: ListVersion,
    disabled: bool,
    action: ServerAction<MoveInSet>,
) -> impl IntoView {
    // The accessible name starts with the visible text, so speech control finds it.
    let (text, label) = if direction == "up" {
        ("Move up", format!("Move up “{name}”"))
    } else {
        ("Move down", format!("Move down “{name}”"))
    };
    let button_id = move_button_id(direction, &slug);
    view! {
        <ActionForm action>
            <input type="hidden" name="set" value=id.0/>
            <input type="hidden" name="question" value=slug/>
            <input type="hidden" name="direction" value=direction/>
            <input type="hidden" name="version" value=version.0/>
            <button
                type="submit"
                class="button link"
                id=button_id
                aria-label=label
                disabled=disabled
            >
                {text}
            </button>
        </ActionForm>
    }
}

fn move_button_id(direction: &str, slug: &str) -> String {
    format!("move-{direction}-{slug}")
}

/// After a move the page loads again with `?moved=slug&direction=up|down`: focus goes back
/// to the moved question's button (or its other one, at the top or bottom), so the keyboard
/// user keeps their place, and the move is announced. The words name the question by its
/// title in this set, so the URL chooses nothing that is said.
fn after_a_move(questions: &[SetQuestion]) -> Option<impl IntoView + use<>> {
    // A refused post comes back to the page's URL, `moved` and all: the news then is the
    // error, not the earlier move.
    if use_context::<ServerActionError>().is_some() {
        return None;
    }
    let query = use_query_map();
    let query = query.read_untracked();
    let slug = query.get_str("moved")?;
    let direction = match query.get_str("direction")? {
        "up" => "up",
        "down" => "down",
        _ => return None,
    };
    let moved = questions.iter().find(|q| q.slug.as_str() == slug)?;
    let other = if direction == "up" { "down" } else { "up" };
    let focus = format!(
        "{} {}",
        move_button_id(direction, moved.slug.as_str()),
        move_button_id(other, moved.slug.as_str())
    );
    let announce = format!("Moved “{}” {direction}.", moved.title);
    Some(view! { <Arrival focus announce/> })
}

#[component]
fn AddQuestion(
    id: crate::domain::SetId,
    addable: Vec<crate::domain::sets::QuestionChoice>,
    action: ServerAction<AddToSet>,
) -> impl IntoView {
    let error = last_error(action);
    if addable.is_empty() {
        return view! { <p>"Every question in the bank is in this set."</p> }.into_any();
    }
    view! {
        <ActionForm action attr:class="inline-form">
            <input type="hidden" name="set" value=id.0/>
            <div class="field">
                <label for="add-question">"Add a question"</label>
                <select
                    id="add-question"
                    name="question"
                    aria-describedby=move || {
                        error.get().and_then(|e| e.message_for("question")).map(|_| "add-question-error")
                    }
                    aria-invalid=move || error.get().and_then(|e| e.message_for("question")).map(|_| "true")
                >
                    {addable
                        .into_iter()
                        .map(|q| view! { <option value=q.slug.as_str().to_owned()>{q.title}</option> })
                        .collect_view()}
                </select>
                <FieldMessage error name="question" id="add-question-error".to_owned()/>
            </div>
            <FormError error/>
            <button type="submit" class="button">"Add"</button>
        </ActionForm>
    }
    .into_any()
}

#[component]
fn ProgressTable(peers: Vec<PeerRow>, question_titles: Vec<String>) -> impl IntoView {
    if peers.is_empty() {
        return view! {
            <p>"Nobody shares their progress with this set yet. Members who opt in appear here."</p>
        }
        .into_any();
    }
    view! {
        <div class="table-frame" tabindex="0" role="region" aria-label="Progress of members who share it">
            <table class="peer-table">
                <caption>"Latest grade on each question, for members who share their progress"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Member"</th>
                        {question_titles
                            .into_iter()
                            .map(|t| view! { <th scope="col">{t}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {peers
                        .into_iter()
                        .map(|row| {
                            let name = if row.is_me { format!("{} (you)", row.username) } else { row.username };
                            view! {
                                <tr>
                                    <th scope="row">{name}</th>
                                    {row
                                        .cells
                                        .into_iter()
                                        .map(|cell| {
                                            let text = match (cell.attempts, cell.last_rating) {
                                                (0, _) => "not yet".to_owned(),
                                                (_, Some(r)) => r.label().to_owned(),
                                                (_, None) => "answered".to_owned(),
                                            };
                                            view! { <td>{text}</td> }
                                        })
                                        .collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn ShareProgressForm(
    id: crate::domain::SetId,
    shares_progress: bool,
    action: ServerAction<ShareProgress>,
) -> impl IntoView {
    let error = last_error(action);
    view! {
        <ActionForm action attr:class="inline-form">
            <input type="hidden" name="set" value=id.0/>
            <div class="check">
                <input id="share-progress" type="checkbox" name="share" value="1" checked=shares_progress/>
                <label for="share-progress">
                    "Show my grades on this set’s questions to its members (never my answers)"
                </label>
            </div>
            <FormError error/>
            <button type="submit" class="button">"Save my choice"</button>
        </ActionForm>
    }
}

#[component]
fn ShareAnswerForm(
    id: crate::domain::SetId,
    shareable: Vec<crate::domain::sets::ShareableAttempt>,
    now: Timestamp,
    action: ServerAction<ShareAnswer>,
) -> impl IntoView {
    let error = last_error(action);
    if shareable.is_empty() {
        return view! {
            <p>"Answer one of the set’s questions and you can share that answer here for review."</p>
        }
        .into_any();
    }
    view! {
        <ActionForm action attr:class="inline-form">
            <input type="hidden" name="set" value=id.0/>
            <div class="field">
                <label for="share-attempt">"Share one of my answers"</label>
                <select
                    id="share-attempt"
                    name="attempt"
                    aria-describedby=move || {
                        if error.get().and_then(|e| e.message_for("attempt")).is_some() {
                            "share-attempt-hint share-attempt-error"
                        } else {
                            "share-attempt-hint"
                        }
                    }
                >
                    {shareable
                        .into_iter()
                        .map(|a| {
                            let grade = a.rating.map(|r| format!(", graded {}", r.label())).unwrap_or_default();
                            let text = format!("{} ({}{grade})", a.question_title, calendar::relative(a.submitted_at, now));
                            view! { <option value=a.attempt.0>{text}</option> }
                        })
                        .collect_view()}
                </select>
                <p class="field-hint" id="share-attempt-hint">
                    "The set’s members will see this answer and can score it with the rubric."
                </p>
                <FieldMessage error name="attempt" id="share-attempt-error".to_owned()/>
            </div>
            <FormError error/>
            <button type="submit" class="button">"Share for review"</button>
        </ActionForm>
    }
    .into_any()
}

#[component]
fn ShareStoryForm(
    id: crate::domain::SetId,
    shareable: Vec<crate::domain::sets::StoryChoice>,
    action: ServerAction<ShareStory>,
) -> impl IntoView {
    let error = last_error(action);
    if shareable.is_empty() {
        return view! {
            <p>
                "Write a story in " <A href="/stories">"your story bank"</A>
                " and you can share it here for review."
            </p>
        }
        .into_any();
    }
    view! {
        <ActionForm action attr:class="inline-form">
            <input type="hidden" name="set" value=id.0/>
            <div class="field">
                <label for="share-story">"Share one of my stories"</label>
                <select
                    id="share-story"
                    name="story"
                    aria-describedby=move || {
                        if error.get().and_then(|e| e.message_for("story")).is_some() {
                            "share-story-hint share-story-error"
                        } else {
                            "share-story-hint"
                        }
                    }
                >
                    {shareable
                        .into_iter()
                        .map(|s| view! { <option value=s.story.0>{s.title}</option> })
                        .collect_view()}
                </select>
                <p class="field-hint" id="share-story-hint">
                    "Members read the story as it is now and score it with the story rubric. Later edits stay yours until you share it again."
                </p>
                <FieldMessage error name="story" id="share-story-error".to_owned()/>
            </div>
            <FormError error/>
            <button type="submit" class="button">"Share the story for review"</button>
        </ActionForm>
    }
    .into_any()
}

#[component]
fn ShareLink(
    id: crate::domain::SetId,
    token: Option<crate::domain::ShareToken>,
    share: ServerAction<ShareSet>,
    revoke: ServerAction<RevokeLink>,
) -> impl IntoView {
    let share_error = last_error(share);
    let revoke_error = last_error(revoke);
    let body = match token {
        None => view! {
            <p>"The set is not shared. Create a link and send it to your study partners: anyone with it can see the set and join."</p>
            <ActionForm action=share>
                <input type="hidden" name="set" value=id.0/>
                <FormError error=share_error/>
                <button type="submit" class="button primary">"Create a share link"</button>
            </ActionForm>
        }
        .into_any(),
        Some(token) => {
            let href = token.href();
            let text = href.clone();
            view! {
                <p>
                    "Anyone with this link can see the set and join it: "
                    <a href=href id="share-link" class="share-link">{text}</a>
                </p>
                <CopyLink href=token.href()/>
                <p class="field-hint">"Send it to your study partners. Revoke it and it stops working at once; members stay."</p>
                <div class="button-row">
                    <ActionForm action=revoke>
                        <input type="hidden" name="set" value=id.0/>
                        <FormError error=revoke_error/>
                        <button type="submit" class="button danger">"Revoke the link"</button>
                    </ActionForm>
                    <ActionForm action=share>
                        <input type="hidden" name="set" value=id.0/>
                        <FormError error=share_error/>
                        <button type="submit" class="button">"Replace with a new link"</button>
                    </ActionForm>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <h2 id="share">"Share link"</h2>
        {body}
    }
}

/// With JavaScript, a button that copies the share link's full address. Without, the link
/// itself is there to copy (its address is what the browser's "copy link" gives), and the
/// button stays hidden. The button and its status line are server HTML; the island shows
/// the one and writes the other.
#[component]
fn CopyLink(href: String) -> impl IntoView {
    view! {
        <CopyButton>
            <button type="button" class="button" id="copy-link" data-href=href hidden=true>
                "Copy the link"
            </button>
            <span class="copy-status" id="copy-status" role="status"></span>
        </CopyButton>
    }
}

#[island]
fn CopyButton(children: Children) -> impl IntoView {
    Effect::new(move |_| crate::components::dom::set_hidden("copy-link", false));
    let copy = move |ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(button) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("#copy-link").ok().flatten())
            else {
                return;
            };
            let window = window();
            let url = format!(
                "{}{}",
                window.location().origin().unwrap_or_default(),
                button.get_attribute("data-href").unwrap_or_default()
            );
            let promise = window.navigator().clipboard().write_text(&url);
            leptos::task::spawn_local(async move {
                let done = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                if let Some(status) = document().get_element_by_id("copy-status") {
                    status.set_text_content(Some(if done {
                        "Link copied."
                    } else {
                        "The browser did not allow copying: copy the link above instead."
                    }));
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! { <div class="copy-link" on:click=copy>{children()}</div> }
}

#[component]
fn EditDetails(
    id: crate::domain::SetId,
    title: String,
    description_md: String,
    due_on: Option<crate::domain::Date>,
    action: ServerAction<UpdateSet>,
) -> impl IntoView {
    let error: LastError = last_error(action);
    view! {
        <h2 id="details">"Details"</h2>
        <PostInPlace>
        <ActionForm action attr:aria-labelledby="details" attr:class="set-form">
            <input type="hidden" name="set" value=id.0/>
            <Field
                form="details"
                name="title"
                label="Title"
                autocomplete="off"
                maxlength=SetTitle::MAX
                value=title
                error
            />
            <DescriptionField form="details" value=description_md error/>
            <Field
                form="details"
                name="due_on"
                label="Due date (optional)"
                kind="date"
                autocomplete="off"
                value=due_on.map(|d| d.to_string()).unwrap_or_default()
                required=false
                error
            />
            <FormError error/>
            <button type="submit" class="button">
                "Save details"
            </button>
        </ActionForm>
        </PostInPlace>
    }
}

/// Export, copy, and leave (a member) or delete (the owner).
#[component]
fn MoreActions(id: crate::domain::SetId, is_owner: bool) -> impl IntoView {
    let copy = ServerAction::<CopySet>::new();
    let copy_error = last_error(copy);
    let leave = ServerAction::<LeaveSet>::new();
    let leave_error = last_error(leave);
    let delete = ServerAction::<DeleteSet>::new();
    let delete_error = last_error(delete);
    let last = if is_owner {
        view! {
            <ActionForm action=delete>
                <input type="hidden" name="set" value=id.0/>
                <p>"Deleting the set removes it for every member. Their own attempts stay theirs."</p>
                <div class="check">
                    <input
                        id="delete-confirm"
                        type="checkbox"
                        name="confirm"
                        value="1"
                        required=true
                        aria-describedby=move || {
                            delete_error
                                .get()
                                .and_then(|e| e.message_for("confirm"))
                                .map(|_| "delete-confirm-error")
                        }
                    />
                    <label for="delete-confirm">"I understand: delete it for everyone"</label>
                </div>
                <FieldMessage error=delete_error name="confirm" id="delete-confirm-error".to_owned()/>
                <FormError error=delete_error/>
                <button type="submit" class="button danger">"Delete the set"</button>
            </ActionForm>
        }
        .into_any()
    } else {
        view! {
            <ActionForm action=leave>
                <input type="hidden" name="set" value=id.0/>
                <FormError error=leave_error/>
                <button type="submit" class="button danger">"Leave the set"</button>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <h2 id="more">"Export, copy"</h2>
        <div class="button-row">
            <a class="button" href=format!("{}/export", id.href()) download="" rel="external">
                "Export as Markdown"
            </a>
            <ActionForm action=copy>
                <input type="hidden" name="set" value=id.0/>
                <FormError error=copy_error/>
                <button type="submit" class="button">"Copy into a new set of mine"</button>
            </ActionForm>
        </div>
        {last}
    }
}
