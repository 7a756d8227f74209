//! The HTML document and the router: which page answers which path.

use crate::components::header::SiteHeader;
use crate::components::session::CurrentUser;
use crate::pages::{
    account::AccountPage,
    bank::BankPage,
    guide::GuidePage,
    help::HelpPage,
    not_found::NotFound,
    progress::{ProgressPage, concept::ConceptPage},
    question::QuestionPage,
    review::ReviewPage,
    search::SearchPage,
    sets::{
        SetsPage, answer::SharedAnswerRoute, detail::SetDetailPage, join::JoinPage,
        story::SharedStoryRoute,
    },
    sign_in::SignInPage,
    sign_up::SignUpPage,
    stories::{
        EditStoryPage, NewStoryPage, StoriesPage, detail::StoryDetailPage,
        rehearse::RehearseStoryPage,
    },
};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{ParamSegment, SsrMode, StaticSegment};

/// The whole document, rendered on the server around [`App`].
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <meta name="description" content="Rehearse system-design interview answers out loud: trade-offs, CAP, latency and scalability."/>
                <AutoReload options=options.clone()/>
                <IslandScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// What `<HydrationScripts islands=true>` would write, with the loader as a file of ours
/// (`assets/islands.js`) instead of an inline script. Leptos's version puts the response's
/// CSP nonce on an inline script and into `crossorigin` (not a valid value there); a file
/// needs neither, so every page is the same bytes for everyone and the policy allows no
/// inline script at all.
#[component]
fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    // As Leptos does for islands: the server render is not a hydration, so resources read
    // outside islands are not serialized into the page.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    // The loader reads the bundle's addresses from these two links. Leptos names the wasm
    // `<name>_bg.wasm` unless the build (cargo-leptos) set LEPTOS_OUTPUT_NAME; hashed file
    // names (`hash-files`) are not used here.
    let pkg = format!("/{}/{}", options.site_pkg_dir, options.output_name);
    let wasm = if option_env!("LEPTOS_OUTPUT_NAME").is_some() {
        format!("{pkg}.wasm")
    } else {
        format!("{pkg}_bg.wasm")
    };
    view! {
        <link rel="modulepreload" href=format!("{pkg}.js")/>
        <link
            rel="preload"
            href=wasm
            r#as="fetch"
            r#type="application/wasm"
            crossorigin="anonymous"
        />
        <script type="module" src="/islands.js"></script>
    }
}

/// The application. Every route renders asynchronously: the server waits for the data and
/// sends a complete page, so pages read and work without JavaScript and a missing question
/// can answer with a real 404 status.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    crate::csp::apply_page_policy();
    CurrentUser::provide();
    view! {
        <Stylesheet id="leptos" href="/pkg/rehearse.css"/>
        // Titles carry learner text (a set's title); leptos_meta writes them unescaped.
        <Title formatter=|text: String| {
            format!("{} · Rehearse", crate::raw_text::for_raw_text_element(&text))
        }/>
        <Router>
            // rel="external" keeps the router from handling the click, so the browser moves
            // keyboard focus to <main>, not just the scroll position.
            <a class="skip-link" href="#main" rel="external">"Skip to content"</a>
            <SiteHeader/>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=StaticSegment("") view=BankPage ssr=SsrMode::Async/>
                    <Route
                        path=(StaticSegment("questions"), ParamSegment("slug"))
                        view=QuestionPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("study-guide") view=GuidePage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("sign-up") view=SignUpPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("sign-in") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("account") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("review") view=ReviewPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("search") view=SearchPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("help") view=HelpPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("progress") view=ProgressPage ssr=SsrMode::Async/>
                    <Route
                        path=(StaticSegment("progress"), ParamSegment("concept"))
                        view=ConceptPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("stories") view=StoriesPage ssr=SsrMode::Async/>
                    <Route
                        path=(StaticSegment("stories"), StaticSegment("new"))
                        view=NewStoryPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("stories"), ParamSegment("id"))
                        view=StoryDetailPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("stories"), ParamSegment("id"), StaticSegment("edit"))
                        view=EditStoryPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(
                            StaticSegment("stories"),
                            ParamSegment("id"),
                            StaticSegment("rehearse"),
                        )
                        view=RehearseStoryPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("sets") view=SetsPage ssr=SsrMode::Async/>
                    <Route
                        path=(StaticSegment("sets"), ParamSegment("id"))
                        view=SetDetailPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(
                            StaticSegment("sets"),
                            ParamSegment("id"),
                            StaticSegment("answers"),
                            ParamSegment("attempt"),
                        )
                        view=SharedAnswerRoute
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(
                            StaticSegment("sets"),
                            ParamSegment("id"),
                            StaticSegment("stories"),
                            ParamSegment("story"),
                        )
                        view=SharedStoryRoute
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("join"), ParamSegment("token"))
                        view=JoinPage
                        ssr=SsrMode::Async
                    />
                </Routes>
            </main>
            <footer class="site-footer">
                <p>"Rehearse: say the trade-off out loud, then check it against a strong answer."</p>
                <p><a href="/help">"Help and keyboard shortcuts"</a></p>
            </footer>
        </Router>
    }
}
