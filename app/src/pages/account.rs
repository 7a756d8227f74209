//! The account page: change the password, download my data, delete the account.

use crate::api::account::{ChangePassword, DeleteAccount};
use crate::api::practice::{SetInterviewDate, interview_date};
use crate::api::progress::{SetTimeZone, time_zone};
use crate::components::browser_zone::browser_time_zone;
use crate::components::dom::{set_hidden, set_text};
use crate::components::form::{ErrorSlot, Field, FormError, PasswordStrength, last_error};
use crate::components::notice::{ErrorNotice, Loading};
use crate::components::post::PostInPlace;
use crate::components::session::CurrentUser;
use crate::domain::{Password, SignedInUser};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let user = CurrentUser::get().page_resource();
    let interview = Resource::new(|| (), |()| interview_date());
    let zone = Resource::new(|| (), |()| time_zone());
    view! {
        <Title text="Your account"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match (user.await, interview.await, zone.await) {
                    (Ok(Some(user)), Ok(interview_on), Ok(zones)) => {
                        let (time_zone, choices) = zones
                            .map(|z| (z.current, z.choices))
                            .unwrap_or_default();
                        view! { <AccountView user interview_on time_zone choices/> }.into_any()
                    }
                    (Ok(None), _, _) => view! { <SignedOut/> }.into_any(),
                    (Err(error), _, _) | (_, Err(error), _) | (_, _, Err(error)) => {
                        view! { <ErrorNotice error/> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn SignedOut() -> impl IntoView {
    view! {
        <section class="auth">
            <h1>"Your account"</h1>
            <p>
                <A href="/sign-in?next=/account">"Sign in"</A>
                " to see your account, or "
                <A href="/sign-up?next=/account">"create one"</A>
                "."
            </p>
        </section>
    }
}

#[component]
fn AccountView(
    user: SignedInUser,
    interview_on: Option<String>,
    time_zone: Option<String>,
    choices: Vec<String>,
) -> impl IntoView {
    let set_zone = ServerAction::<SetTimeZone>::new();
    let zone_error = last_error(set_zone);
    let set_interview = ServerAction::<SetInterviewDate>::new();
    let interview_error = last_error(set_interview);
    let change = ServerAction::<ChangePassword>::new();
    let change_error = last_error(change);
    let delete = ServerAction::<DeleteAccount>::new();
    let delete_error = last_error(delete);
    let query = use_query_map();
    let changed = move || query.read().get_str("changed") == Some("1");
    view! {
        <section class="account">
            <h1>"Your account"</h1>
            <p>"Signed in as " <strong>{user.username}</strong> "."</p>

            <h2 id="change-password">"Change password"</h2>
            {move || {
                changed()
                    .then(|| {
                        view! {
                            <p class="notice notice-success" role="status">
                                "Password changed. Every other device was signed out."
                            </p>
                        }
                    })
            }}
            <PostInPlace>
            <ActionForm action=change attr:aria-labelledby="change-password">
                <Field
                    form="change"
                    name="current_password"
                    label="Current password"
                    kind="password"
                    autocomplete="current-password"
                    error=change_error
                />
                <PasswordStrength form=String::from("change")>
                <Field
                    form="change"
                    name="new_password"
                    label="New password"
                    kind="password"
                    autocomplete="new-password"
                    hint="At least 8 characters; 15 or more is better. Other devices will be signed out."
                    maxlength=Password::MAX
                    error=change_error
                />
                </PasswordStrength>
                <FormError error=change_error/>
                <button type="submit" class="button">
                    "Change password"
                </button>
            </ActionForm>
            </PostInPlace>

            <h2 id="interview">"Interview date"</h2>
            <p>
                "As the day approaches, reviews come back sooner, and every question you have "
                "practised comes back at least once before it."
            </p>
            {move || {
                (query.read().get_str("interview") == Some("1"))
                    .then(|| {
                        view! { <p class="notice notice-success" role="status">"Interview date saved."</p> }
                    })
            }}
            <PostInPlace>
            <ActionForm action=set_interview attr:aria-labelledby="interview">
                <Field
                    form="interview"
                    name="interview_on"
                    label="Interview date"
                    kind="date"
                    autocomplete="off"
                    hint="Leave it empty and save to clear the date."
                    value=interview_on.unwrap_or_default()
                    required=false
                    error=interview_error
                />
                <FormError error=interview_error/>
                <button type="submit" class="button">
                    "Save the date"
                </button>
            </ActionForm>
            </PostInPlace>

            <h2 id="time-zone">"Time zone"</h2>
            <p>"Streaks, the calendar and “due today” follow the days where you are."</p>
            {move || {
                (query.read().get_str("time_zone") == Some("1"))
                    .then(|| {
                        view! { <p class="notice notice-success" role="status">"Time zone saved."</p> }
                    })
            }}
            <PostInPlace>
            <ActionForm action=set_zone attr:aria-labelledby="time-zone">
                <div class="field">
                    <label for="time-zone-input">"Time zone"</label>
                    <input
                        id="time-zone-input"
                        name="time_zone"
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        required=true
                        maxlength=64
                        value=time_zone.clone().unwrap_or_else(|| "UTC".to_owned())
                        list="time-zone-names"
                        aria-describedby="time-zone-hint time-zone-error"
                        aria-invalid=move || {
                            zone_error.get().and_then(|e| e.message_for("time_zone")).map(|_| "true")
                        }
                    />
                    <datalist id="time-zone-names">
                        {choices.into_iter().map(|name| view! { <option value=name></option> }).collect_view()}
                    </datalist>
                    <p class="field-hint" id="time-zone-hint">
                        {if time_zone.is_some() {
                            "A name from the time-zone database, such as Europe/Berlin or America/New_York."
                        } else {
                            "Not set yet, so days are UTC days. A name from the time-zone database, such as Europe/Berlin or America/New_York."
                        }}
                    </p>
                    <ErrorSlot
                        id="time-zone-error"
                        name="time_zone"
                        message=Signal::derive(move || {
                            zone_error.get().and_then(|e| e.message_for("time_zone"))
                        })
                    />
                    <UseBrowserZone input=String::from("time-zone-input")/>
                </div>
                <FormError error=zone_error/>
                <button type="submit" class="button">
                    "Save the time zone"
                </button>
            </ActionForm>
            </PostInPlace>

            <h2>"Your data"</h2>
            <p>
                <a href="/api/my_data" download="rehearse-my-data.json" rel="external">
                    "Download all my data (JSON)"
                </a>
            </p>

            <h2 id="delete-account">"Delete account"</h2>
            <p>
                "This deletes your account and everything stored with it, at once and for good."
            </p>
            <PostInPlace>
            <ActionForm action=delete attr:aria-labelledby="delete-account">
                <Field
                    form="delete"
                    name="password"
                    label="Password"
                    kind="password"
                    autocomplete="current-password"
                    hint="Enter your password to confirm."
                    error=delete_error
                />
                <FormError error=delete_error/>
                <button type="submit" class="button danger">
                    "Delete my account"
                </button>
            </ActionForm>
            </PostInPlace>
        </section>
    }
}

/// With JavaScript, offers the browser's time zone in one click: it fills the field named by
/// `input` (server HTML), which the learner then saves. The button stays hidden until the
/// browser has said its zone.
#[island]
fn UseBrowserZone(input: String) -> impl IntoView {
    Effect::new(move |_| {
        if let Some(name) = browser_time_zone() {
            set_text(BUTTON, &format!("Use this browser’s: {name}"));
            set_hidden(BUTTON, false);
        }
    });
    let fill = move |_| {
        if let Some(name) = browser_time_zone() {
            fill_input(&input, &name);
        }
    };
    view! { <button type="button" class="button link" id=BUTTON hidden=true on:click=fill></button> }
}

const BUTTON: &str = "use-browser-zone";

fn fill_input(id: &str, value: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(input) = document()
            .get_element_by_id(id)
            .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            input.set_value(value);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, value);
}
