//! Form fields that explain themselves: a visible label, an optional hint, and the server's
//! message for this field right under it, tied to the input by `aria-describedby` and
//! announced as an alert. The same markup serves JavaScript and plain form posts: without
//! JavaScript the error arrives in the URL the server redirects back to, and the page's
//! action reads it from there.

use crate::domain::ReturnPath;
use crate::error::AppError;
use leptos::prelude::*;

/// The error of the last submission of a form, if any.
pub type LastError = Signal<Option<AppError>>;

pub fn last_error<I, O>(action: ServerAction<I>) -> LastError
where
    I: server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

#[component]
pub fn Field(
    /// The form's id prefix, so two forms on one page can have fields of the same name.
    form: &'static str,
    /// The input's name: the server function's argument, and the key of its errors.
    name: &'static str,
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    autocomplete: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] maxlength: Option<usize>,
    /// The value the input starts with.
    #[prop(optional, into)]
    value: Option<String>,
    #[prop(default = true)] required: bool,
    error: LastError,
) -> impl IntoView {
    let id = format!("{form}-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let message = Signal::derive(move || error.get().and_then(|e| e.message_for(name)));
    let described_by = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                required=required
                maxlength=maxlength
                value=value
                aria-invalid=move || message.get().is_some().then_some("true")
                aria-describedby=described_by
            />
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id>{hint}</p> })}
            <ErrorSlot id=error_id name message/>
        </div>
    }
}

/// Where the server's message for the input named `name` goes: right under it, announced
/// as an alert. It is always on the page, empty and hidden when there is nothing to say, so
/// a form posted by [`PostInPlace`](super::post::PostInPlace) can fill it in place; the
/// input's `aria-describedby` names it either way (a hidden, empty description adds
/// nothing). `name` is empty for the form's own slot ([`FormError`]).
#[component]
pub fn ErrorSlot(
    #[prop(optional, into)] id: Option<String>,
    name: &'static str,
    #[prop(into)] message: Signal<Option<String>>,
    #[prop(default = "field-error")] class: &'static str,
) -> impl IntoView {
    view! {
        <p
            class=class
            id=id
            data-error-for=name
            role="alert"
            hidden=move || message.get().is_none()
        >
            {move || message.get()}
        </p>
    }
}

/// An error that belongs to the whole form (wrong credentials, too many attempts, a server
/// failure), shown above its button. Field errors are left to their fields.
#[component]
pub fn FormError(error: LastError) -> impl IntoView {
    // A form posted without JavaScript lands here after a redirect. A throttled one answers
    // as the throttled call did (429 and when to retry), so a client backs off; any other
    // refusal is a page to read and correct, answered 200 (the in-place poster fetches it
    // to copy its messages).
    #[cfg(feature = "ssr")]
    if let Some(error @ AppError::TooManyAttempts { .. }) = error.get_untracked() {
        error.set_on_page();
    }
    let message = Signal::derive(move || error.get().and_then(|e| e.form_text()));
    view! { <ErrorSlot name="" message class="form-error"/> }
}

/// Where a sign-in or sign-up form returns to: the page named by `?next=`, if it is ours.
pub fn return_path() -> Option<ReturnPath> {
    leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("next")
        .and_then(|next| ReturnPath::parse(&next))
}

/// Carries [`return_path`] through the form post.
#[component]
pub fn ReturnField(next: Option<ReturnPath>) -> impl IntoView {
    next.map(|next| view! { <input type="hidden" name="next" value=next.as_str().to_owned()/> })
}

/// Wraps a form's username and new-password fields and says under them, as the learner
/// types, whether the password will be accepted and how strong it is. The words come from
/// the server's own rule (`password_strength`), asked 300 ms after the last keystroke, so
/// the hint and the submit never disagree. Without JavaScript the rule still applies on
/// submit, with its message next to the field.
///
/// An island around server-rendered fields: their `input` events bubble to its wrapper.
#[island]
pub fn PasswordStrength(form: String, children: Children) -> impl IntoView {
    let said = RwSignal::new(None::<String>);
    let typed = StoredValue::new((0_u32, String::new(), String::new()));
    let on_input = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            let input = event_target::<web_sys::HtmlInputElement>(&ev);
            let (mut generation, mut username, mut password) = typed.get_value();
            match input.name().as_str() {
                "username" => username = input.value(),
                "password" | "new_password" => {
                    password = input.value();
                }
                _ => return,
            }
            generation = generation.wrapping_add(1);
            typed.set_value((generation, username.clone(), password.clone()));
            if password.is_empty() {
                said.set(None);
                return;
            }
            // The page may have moved on (the form was submitted) before the timer fires or
            // the answer arrives: then the hint's state is gone and there is nothing to do.
            let current = move || {
                typed
                    .try_with_value(|(now, ..)| *now == generation)
                    .unwrap_or(false)
            };
            set_timeout(
                move || {
                    if !current() {
                        return;
                    }
                    leptos::task::spawn_local(async move {
                        use crate::components::post::{Posted, post_fields};
                        use leptos::server_fn::ServerFn;
                        let mut fields = vec![("password", password.as_str())];
                        if !username.is_empty() {
                            fields.push(("username", username.as_str()));
                        }
                        let posted =
                            post_fields(crate::api::account::PasswordStrength::PATH, &fields).await;
                        // Only the sentence is read (`PasswordHint::label`), through the
                        // browser's own JSON parser: no decoder of our types in the bundle.
                        let label = match posted {
                            Posted::Value(json) => js_sys::JSON::parse(&json)
                                .and_then(|hint| js_sys::Reflect::get(&hint, &"label".into()))
                                .ok()
                                .and_then(|label| label.as_string()),
                            _ => None,
                        };
                        if current() {
                            let _ = said.try_set(label);
                        }
                    });
                },
                std::time::Duration::from_millis(300),
            );
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, typed, said);
    };
    view! {
        <div class="password-strength" on:input=on_input>
            {children()}
            <p class="field-hint strength" id=format!("{form}-strength") aria-live="polite">
                {move || said.get()}
            </p>
        </div>
    }
}
