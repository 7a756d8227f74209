//! The service layer: what Rehearse does, between the server functions in [`crate::api`] and
//! the SQL in [`crate::db`] (server only).
//!
//! `api → services → db`: a server function reads the session, calls one service function and
//! turns its answer into a redirect or a value; a service parses the raw form values into
//! domain types, applies the rules (who may do what, what a valid answer or set is, what the
//! scheduler says) and calls the `db` functions it needs; `db` only stores and loads. Services
//! never import one another: what two of them share (the learner's time zone, random tokens)
//! lives in [`shared`], and `db` imports no service.
//!
//! Services take what a learner typed as the raw strings the form posts, not domain types built
//! by the server function: parsing is where a value is refused, and only the service knows
//! which field to blame and how to say it (a password judged against the username, a due date
//! against the learner's own today). So a refused request gets its message next to the field,
//! and stores nothing. Ids from the URL and the clock's `now` arrive typed.

pub mod auth;
pub mod bank;
pub mod practice;
pub mod progress;
pub mod search;
pub mod sets;
pub mod shared;
pub mod stories;
