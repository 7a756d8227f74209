//! The site header: the name, the main navigation, and who is signed in.

use crate::api::account::SignOut;
use crate::components::session::CurrentUser;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <header class="site-header">
            <a class="brand" href="/">"Rehearse"</a>
            <nav aria-label="Main">
                <ul>
                    <li><A href="/" exact=true>"Question bank"</A></li>
                    <li><A href="/review">"Review"</A></li>
                    <li><A href="/progress">"Progress"</A></li>
                    <li><A href="/sets">"Sets"</A></li>
                    <StoriesLink/>
                    <li><A href="/study-guide">"Study guide"</A></li>
                    <li><A href="/search">"Search"</A></li>
                </ul>
            </nav>
            // A plain GET form: Enter searches, with or without JavaScript. The `/` key
            // focuses it from anywhere (`assets/islands.js`, so it works before the bundle).
            <form class="header-search" role="search" action="/search" method="get" aria-label="Site search">
                <label for="header-q" class="visually-hidden">"Search Rehearse"</label>
                <input
                    type="search"
                    id="header-q"
                    name="q"
                    maxlength=crate::domain::search::QUERY_MAX.to_string()
                    placeholder="Search ( / )"
                    autocomplete="off"
                    aria-keyshortcuts="/"
                />
            </form>
            <AccountMenu/>
        </header>
    }
}

/// The story bank is a signed-in learner's own, so its link shows only to them.
#[component]
fn StoriesLink() -> impl IntoView {
    let current = CurrentUser::get();
    view! {
        <Transition>
            {move || Suspend::new(async move {
                current
                    .user
                    .await
                    .ok()
                    .flatten()
                    .map(|_| view! { <li><A href="/stories">"Stories"</A></li> })
            })}
        </Transition>
    }
}

#[component]
fn AccountMenu() -> impl IntoView {
    let current = CurrentUser::get();
    let sign_out = ServerAction::<SignOut>::new();
    view! {
        <div class="account-menu">
            <Transition>
                {move || Suspend::new(async move {
                    // A failure to read the session shows as signed out; the pages that need
                    // an account say what went wrong.
                    match current.user.await {
                        Ok(Some(user)) => view! {
                            <span class="signed-in-as">
                                "Signed in as " <A href="/account">{user.username}</A>
                            </span>
                            <ActionForm action=sign_out>
                                <button type="submit" class="button link">"Sign out"</button>
                            </ActionForm>
                        }
                        .into_any(),
                        _ => view! {
                            <A href="/sign-in">"Sign in"</A>
                            <A href="/sign-up" attr:class="button primary">"Sign up"</A>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
