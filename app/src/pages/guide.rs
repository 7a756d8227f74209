//! The study guide: how to prepare, from the seed document.

use crate::api::get_page;
use crate::components::notice::{ErrorNotice, Loading};
use crate::pages::not_found::NotFound;
use crate::pages::stories::Readiness;
use leptos::prelude::*;
use leptos_meta::Title;

/// Listed in `content::REQUIRED_PAGES`, so start-up guarantees the page exists.
pub const GUIDE_SLUG: &str = "study-guide";

#[component]
pub fn GuidePage() -> impl IntoView {
    let page = Resource::new(|| (), |_| get_page(GUIDE_SLUG.to_owned()));
    // A signed-out visitor's guide is the same for everyone (and cached); a learner's shows
    // which of the guide's three stories they have ready.
    let ready = Resource::new(|| (), |()| crate::api::stories::story_readiness());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                // Readiness is an aside: if it cannot be read, the guide shows without it.
                let ready = ready.await.ok().flatten();
                match page.await {
                    Ok(Some(page)) => view! {
                        <Title text=page.title.clone()/>
                        <article class="guide">
                            <p class="eyebrow">"Study guide"</p>
                            <h1>{page.title}</h1>
                            {ready.map(|ready| view! { <Readiness ready/> })}
                            <div class="prose" inner_html=page.body_html></div>
                        </article>
                    }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
