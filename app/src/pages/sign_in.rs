//! Sign in.

use crate::api::account::SignIn;
use crate::components::form::{Field, FormError, last_error};
use crate::components::session::CurrentUser;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    CurrentUser::get().follow(action);
    let error = last_error(action);
    view! {
        <Title text="Sign in"/>
        <section class="auth">
            <h1>"Sign in"</h1>
            <ActionForm action>
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
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    "Sign in"
                </button>
            </ActionForm>
            <p>"New here? " <A href="/sign-up">"Create an account"</A></p>
        </section>
    }
}
