//! Sign in.

use crate::api::account::SignIn;
use crate::components::browser_zone::BrowserTimeZoneField;
use crate::components::form::{Field, FormError, ReturnField, last_error, return_path};
use crate::components::post::PostInPlace;
use crate::domain::ReturnPath;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let error = last_error(action);
    // The page that sent the learner here, to return to afterwards.
    let next = return_path();
    let other = ReturnPath::link("/sign-up", next.as_ref());
    view! {
        <Title text="Sign in"/>
        <section class="auth">
            <h1>"Sign in"</h1>
            // With JavaScript the form posts in place, so a refused post keeps what was typed.
            <PostInPlace>
            <ActionForm action>
                <ReturnField next/>
                <BrowserTimeZoneField/>
                <Field
                    form="sign-in"
                    name="username"
                    label="Username"
                    autocomplete="username"
                    maxlength=64
                    error
                />
                <Field
                    form="sign-in"
                    name="password"
                    label="Password"
                    kind="password"
                    autocomplete="current-password"
                    error
                />
                <FormError error/>
                <button type="submit" class="button primary">
                    "Sign in"
                </button>
            </ActionForm>
            </PostInPlace>
            <p>"New here? " <A href=other>"Create an account"</A></p>
        </section>
    }
}
