//! Integration tests: the real server over HTTP, one fresh database per test: a SQLite file,
//! or with `REHEARSE_TEST_POSTGRES` set, a PostgreSQL database (`./scripts/test` runs both).
//! One test binary (not one per file) links once and shares the helpers.

mod accounts;
mod common;
mod copy;
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
mod two_servers;
