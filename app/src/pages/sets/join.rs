//! `/join/TOKEN`: what a share link shows. Anyone holding a live link sees the set; signed
//! in, they can join it or copy it; signed out, signing in or up brings them back here. An
//! unknown or revoked link is a 404 that says what may have happened.

use crate::api::sets::{CopySet, JoinSet, load_shared_set};
use crate::components::form::{FormError, last_error};
use crate::components::notice::{ErrorNotice, Loading};
use crate::domain::sets::{SharedSet, Viewer};
use crate::domain::words::{counted, counted_len};
use crate::pages::not_found::set_not_found_status;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn JoinPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let set = Resource::new(token, load_shared_set);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match set.await {
                    Ok(Some(set)) => view! { <SharedView set token=token()/> }.into_any(),
                    Ok(None) => view! { <DeadLink/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DeadLink() -> impl IntoView {
    set_not_found_status();
    view! {
        <Title text="This link does not open a set"/>
        <section class="set">
            <h1>"This link does not open a set"</h1>
            <p>
                "Its owner may have revoked it or replaced it with a new one, or the link may "
                "have been cut short when it was copied. Ask whoever sent it for the current link."
            </p>
            <p>
                "If you joined the set before, it is still in "
                <a href="/sets">"your sets"</a>
                "."
            </p>
        </section>
    }
}

/// A join or copy refused because the link stopped working after the page loaded says so;
/// any other error is the form's usual message.
#[component]
fn LinkGone(error: crate::components::form::LastError) -> impl IntoView {
    move || {
        match error.get() {
        Some(crate::error::AppError::NotFound(_)) => Some(
            view! {
                <p class="form-error" role="alert">
                    "This link no longer opens the set: its owner revoked or replaced it. Ask them for the current link."
                </p>
            }
            .into_any(),
        ),
        Some(_) => Some(view! { <FormError error/> }.into_any()),
        None => None,
    }
    }
}

#[component]
fn SharedView(set: SharedSet, token: String) -> impl IntoView {
    let join = ServerAction::<JoinSet>::new();
    let join_error = last_error(join);
    let copy = ServerAction::<CopySet>::new();
    let copy_error = last_error(copy);
    let SharedSet {
        title,
        description_html,
        owner,
        due_on,
        questions,
        members,
        viewer,
    } = set;
    let here = format!("/join/{token}");
    let token_for_join = token.clone();
    let meta = format!(
        "Shared by {owner} · {} · {}{}",
        counted_len(questions.len(), "question", "questions"),
        counted(i64::from(members), "member", "members"),
        due_on
            .map(|d| format!(" · due {}", d.long()))
            .unwrap_or_default()
    );
    let actions = match viewer {
        Viewer::SignedOut => view! {
            <p class="notice" role="note">
                <a href=format!("/sign-up?next={here}")>"Create an account"</a>
                " or "
                <a href=format!("/sign-in?next={here}")>"sign in"</a>
                " to join this set or copy it. You will come back to this page."
            </p>
        }
        .into_any(),
        Viewer::Member(id) => view! {
            <p class="notice" role="note">
                "You are in this set. " <A href=id.href()>"Open it"</A> "."
            </p>
        }
        .into_any(),
        Viewer::Visitor => view! {
            <div class="button-row">
                <ActionForm action=join>
                    <input type="hidden" name="token" value=token_for_join/>
                    <LinkGone error=join_error/>
                    <button type="submit" class="button primary">"Join the set"</button>
                </ActionForm>
                <ActionForm action=copy>
                    <input type="hidden" name="token" value=token/>
                    <LinkGone error=copy_error/>
                    <button type="submit" class="button">"Copy it into a set of my own"</button>
                </ActionForm>
            </div>
            <p class="field-hint">
                "Joining puts the set in your list; your attempts count toward your own progress, and "
                "nobody sees them unless you choose to share. A copy is yours to edit."
            </p>
        }
        .into_any(),
    };
    view! {
        <Title text=title.clone()/>
        <section class="set">
            <h1>{title}</h1>
            <p class="set-meta">{meta}</p>
            <div class="prose" inner_html=description_html></div>
            {actions}
            <h2>"Questions"</h2>
            <ol class="set-questions">
                {questions
                    .into_iter()
                    .map(|q| view! { <li><A href=q.slug.href()>{q.title}</A></li> })
                    .collect_view()}
            </ol>
        </section>
    }
}
