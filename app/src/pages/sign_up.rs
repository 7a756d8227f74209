//! Create an account.

use crate::api::account::SignUp;
use crate::components::browser_zone::BrowserTimeZoneField;
use crate::components::form::{
    Field, FormError, PasswordStrength, ReturnField, last_error, return_path,
};
use crate::components::post::PostInPlace;
use crate::domain::{Password, ReturnPath, Username};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

const USERNAME_HINT: &str = "3 to 32 characters: letters, digits, “_”, “-” and “.”.";
const PASSWORD_HINT: &str =
    "At least 8 characters; 15 or more is better. Spaces, accents and emoji are all fine.";

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let error = last_error(action);
    // The page that sent the learner here, to return to afterwards.
    let next = return_path();
    let other = ReturnPath::link("/sign-in", next.as_ref());
    view! {
        <Title text="Create your account"/>
        <section class="auth">
            <h1>"Create your account"</h1>
            <p>"An account keeps your attempts, ratings and review schedule across devices."</p>
            // With JavaScript the form posts in place, so a refused post keeps what was typed.
            <PostInPlace>
            <ActionForm action>
                <ReturnField next/>
                <BrowserTimeZoneField/>
                <PasswordStrength form=String::from("sign-up")>
                <Field
                    form="sign-up"
                    name="username"
                    label="Username"
                    autocomplete="username"
                    hint=USERNAME_HINT
                    maxlength=Username::MAX
                    error
                />
                <Field
                    form="sign-up"
                    name="password"
                    label="Password"
                    kind="password"
                    autocomplete="new-password"
                    hint=PASSWORD_HINT
                    maxlength=Password::MAX
                    error
                />
                </PasswordStrength>
                <FormError error/>
                <button type="submit" class="button primary">
                    "Create account"
                </button>
            </ActionForm>
            </PostInPlace>
            <p>"Already have an account? " <A href=other>"Sign in"</A></p>
        </section>
    }
}
