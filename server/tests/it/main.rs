//! Integration tests: the real server over HTTP, one fresh SQLite file per test.
//! One test binary (not one per file) links once and shares the helpers.

mod accounts;
mod common;
mod fuzz;
mod injection;
mod page_cache;
mod pages;
mod practice;
mod progress;
mod search;
mod security;
mod sets;
mod startup;
mod stories;
