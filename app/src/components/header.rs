//! The site header: the name and the main navigation.

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
                    <li><A href="/study-guide">"Study guide"</A></li>
                </ul>
            </nav>
        </header>
    }
}
