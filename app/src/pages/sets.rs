//! Practice sets: `/sets` lists mine and the ones I joined, creates one and imports one;
//! `/sets/ID` is a set's page, `/sets/ID/answers/ATTEMPT` an answer shared with it, and
//! `/join/TOKEN` what a share link shows before joining.
//!
//! Every control is a form that works as a plain post. Importing is a file upload to the
//! server's own route, which answers with a redirect either way: to the new set, or back
//! here with the error in the URL (as a code, like the server functions' errors).

pub mod answer;
pub mod detail;
pub mod join;
pub mod story;

use crate::api::sets::{CreateSet, load_my_sets};
use crate::components::form::{ErrorSlot, Field, FormError, last_error};
use crate::components::notice::{ErrorNotice, Loading};
use crate::components::post::PostInPlace;
use crate::domain::sets::{MySets, SetSummary};
use crate::domain::{SetDescription, SetTitle};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SetsPage() -> impl IntoView {
    let sets = Resource::new(|| (), |()| load_my_sets());
    view! {
        <Title text="Practice sets"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match sets.await {
                    Ok(Some(sets)) => view! { <SetsView sets/> }.into_any(),
                    Ok(None) => view! {
                        <section class="sets">
                            <h1>"Practice sets"</h1>
                            <p>
                                "A practice set is a list of questions to do by a day, shared "
                                "with your study partners by link. "
                                <A href="/sign-in?next=/sets">"Sign in"</A>
                                " or "
                                <A href="/sign-up?next=/sets">"create an account"</A>
                                " to make one."
                            </p>
                        </section>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The import error the server's upload route put in the URL, if any.
fn import_error() -> Option<AppError> {
    let query = use_query_map();
    let raw = query.read_untracked().get("import_error")?;
    // Decoded as the server functions' errors are; anything that does not decode (a URL
    // edited by hand) shows nothing rather than a message about the connection.
    use leptos::server_fn::error::FromServerFnError as _;
    match AppError::de(raw.into_bytes().into()) {
        AppError::Transport(_) => None,
        error => Some(error),
    }
}

#[component]
fn SetsView(sets: MySets) -> impl IntoView {
    let create = ServerAction::<CreateSet>::new();
    let create_error = last_error(create);
    let query = use_query_map();
    let notice = move || {
        let query = query.read();
        let message = if query.get_str("deleted") == Some("1") {
            "The set was deleted."
        } else if query.get_str("left") == Some("1") {
            "You left the set. Your answers shared with it were taken back."
        } else {
            return None;
        };
        Some(view! { <p class="notice notice-success" role="status">{message}</p> })
    };
    let import_message = import_error().and_then(|e| {
        e.message_for("set_file")
            .or_else(|| e.form_message().map(str::to_owned))
    });
    let MySets { owned, joined } = sets;
    view! {
        <section class="sets">
            <h1>"Practice sets"</h1>
            {notice}
            <h2 id="my-sets">"My sets"</h2>
            <SetList sets=owned empty="You have not made a set yet. Start one below."/>
            <h2 id="joined-sets">"Sets I joined"</h2>
            <SetList
                sets=joined
                empty="None yet. When a study partner sends you a set's link, open it to join."
            />

            <h2 id="new-set">"New set"</h2>
            <PostInPlace>
            <ActionForm action=create attr:aria-labelledby="new-set" attr:class="set-form">
                <Field
                    form="new-set"
                    name="title"
                    label="Title"
                    autocomplete="off"
                    maxlength=SetTitle::MAX
                    error=create_error
                />
                <DescriptionField form="new-set" value=String::new() error=create_error/>
                <Field
                    form="new-set"
                    name="due_on"
                    label="Due date (optional)"
                    kind="date"
                    autocomplete="off"
                    required=false
                    error=create_error
                />
                <FormError error=create_error/>
                <button type="submit" class="button primary">
                    "Create the set"
                </button>
            </ActionForm>
            </PostInPlace>

            <h2 id="import-set">"Import a set"</h2>
            <form
                method="post"
                action="/import-set"
                enctype="multipart/form-data"
                class="set-form"
                aria-labelledby="import-set"
            >
                <div class="field">
                    <label for="import-file">"Set file (.md)"</label>
                    <input
                        id="import-file"
                        name="set_file"
                        type="file"
                        accept=".md,text/markdown,text/plain"
                        required=true
                        aria-describedby=if import_message.is_some() {
                            "import-hint import-error"
                        } else {
                            "import-hint"
                        }
                        aria-invalid=import_message.is_some().then_some("true")
                    />
                    <p class="field-hint" id="import-hint">
                        "A file exported from a set’s page. The new set is yours to edit."
                    </p>
                    {import_message
                        .map(|m| view! { <p class="field-error" id="import-error" role="alert">{m}</p> })}
                </div>
                <button type="submit" class="button">"Import"</button>
            </form>
        </section>
    }
}

#[component]
fn SetList(sets: Vec<SetSummary>, empty: &'static str) -> impl IntoView {
    if sets.is_empty() {
        return view! { <p>{empty}</p> }.into_any();
    }
    view! {
        <ul class="set-list">
            {sets
                .into_iter()
                .map(|set| {
                    let count = match set.questions {
                        1 => "1 question".to_owned(),
                        n => format!("{n} questions"),
                    };
                    let due = set.due_on.map(|d| format!(" · due {}", d.long())).unwrap_or_default();
                    view! {
                        <li>
                            <A href=set.id.href()>{set.title}</A>
                            <span class="set-meta">{format!(" by {} · {count}{due}", set.owner)}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// The description textarea, shared by the new-set and edit forms.
#[component]
pub(crate) fn DescriptionField(
    form: &'static str,
    value: String,
    error: crate::components::form::LastError,
) -> impl IntoView {
    let id = format!("{form}-description");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let message = Signal::derive(move || error.get().and_then(|e| e.message_for("description")));
    view! {
        <div class="field">
            <label for=id.clone()>"Description (optional)"</label>
            <textarea
                id=id
                name="description"
                rows=4
                maxlength=SetDescription::MAX
                aria-describedby=format!("{hint_id} {error_id}")
                aria-invalid=move || message.get().is_some().then_some("true")
            >
                // tachys does not escape a textarea's children: a description holding
                // `</textarea>` would otherwise end the element and become markup.
                {crate::raw_text::for_raw_text_element(&value).into_owned()}
            </textarea>
            <p class="field-hint" id=hint_id>"Markdown: what to focus on, and why these questions."</p>
            <ErrorSlot id=error_id name="description" message/>
        </div>
    }
}

/// A form's message for one named field, under the control it is about (an [`ErrorSlot`]).
#[component]
pub(crate) fn FieldMessage(
    error: crate::components::form::LastError,
    name: &'static str,
    id: String,
) -> impl IntoView {
    let message = Signal::derive(move || error.get().and_then(|e| e.message_for(name)));
    view! { <ErrorSlot id name message/> }
}
