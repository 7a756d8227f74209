//! The Rehearse server: settings, start-up and the HTTP stack around the Leptos app.
//! `main.rs` only wires these together, so tests can start the real server on port 0.

// The app's page views are deeply nested types in a release build, and this crate is where
// the router's handlers are instantiated with them (as in `app`, whose limit is the same).
#![recursion_limit = "256"]

pub mod copy_database;
pub mod errors;
pub mod page_cache;
pub mod pages;
pub mod security;
pub mod sets;
pub mod settings;
pub mod startup;
pub mod telemetry;
