//! Rehearse: the Leptos application shared by the server (feature `ssr`) and the browser
//! bundle (feature `hydrate`).
//!
//! Data flows one way: `content/` → [`content`] loader → SQLite → [`db`] → [`services`] →
//! server functions in [`api`] → components in [`pages`] and [`components`]. Modules marked
//! ssr-only never reach the wasm bundle; the domain types in [`domain`] and the error in
//! [`error`] are compiled for both targets so the browser and the server apply the same rules.

// The dashboard's view is one deeply nested type in a release build (debug builds erase view
// types with `--cfg erase_components`); the default limit of 128 is too low for it.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod domain;
pub mod error;
pub mod pages;
pub mod raw_text;
pub mod shell;

#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod common_passwords;
#[cfg(feature = "ssr")]
pub mod content;
#[cfg(feature = "ssr")]
pub mod csp;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod markdown;
#[cfg(feature = "ssr")]
pub mod password_hashing;
#[cfg(feature = "ssr")]
pub mod scheduler;
#[cfg(feature = "ssr")]
pub mod services;
#[cfg(feature = "ssr")]
pub mod time_zone;

/// Entry point of the browser bundle. Pages are server-rendered documents; only the
/// `#[island]` components in them hydrate (Leptos's loader calls each island's export after
/// this). There is no client-side router and no server-function client: forms post through
/// `components::post`, which follows a redirect with a full page load.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // A panic's message in the console, in debug builds (the browser tests run those). The
    // release bundle goes without it: 0.7 KB of the 100 KB a first visit may download, and a
    // panic there still shows as an error in the console.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // A marker the end-to-end tests wait for instead of sleeping. The loader hydrates the
    // islands right after this returns, within the same task, so by the time a test acts on
    // the page they are live.
    if let Some(body) = leptos::prelude::document().body() {
        // Failing to set a marker attribute is harmless; the page works either way.
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
