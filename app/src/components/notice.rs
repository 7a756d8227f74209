//! Error and loading messages, announced to assistive technology.

use crate::error::AppError;
use leptos::prelude::*;

/// Shown where a page's data could not be loaded.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    view! {
        <div class="notice notice-error" role="alert">
            <p>{error.to_string()}</p>
        </div>
    }
}

/// Shown while a page's data loads after client-side navigation.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status">"Loading…"</p> }
}
