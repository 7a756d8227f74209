//! One module per page. Pages fetch through server functions in [`crate::api`] and never
//! touch the database.

pub mod account;
pub mod bank;
pub mod guide;
pub mod help;
pub mod not_found;
pub mod progress;
pub mod question;
pub mod review;
pub mod search;
pub mod sets;
pub mod sign_in;
pub mod sign_up;
pub mod stories;
