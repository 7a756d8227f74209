//! The Rehearse server: settings, start-up and the HTTP stack around the Leptos app.
//! `main.rs` only wires these together, so tests can start the real server on port 0.

pub mod errors;
pub mod page_cache;
pub mod pages;
pub mod security;
pub mod sets;
pub mod settings;
pub mod startup;
pub mod telemetry;
