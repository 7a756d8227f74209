//! The page for paths and questions that do not exist. It answers with status 404.

use leptos::prelude::*;
use leptos_meta::Title;

/// Marks the server response as 404. Does nothing in the browser.
pub fn set_not_found_status() {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    set_not_found_status();
    view! {
        <Title text="Page not found"/>
        <h1>"Page not found"</h1>
        <p>"There is no page at this address. It may have moved, or the link may be mistyped."</p>
        <p><a href="/">"Go to the question bank"</a></p>
    }
}
