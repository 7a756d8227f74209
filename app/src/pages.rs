//! One module per page. Pages fetch through server functions in [`crate::api`] and never
//! touch the database.

pub mod bank;
pub mod guide;
pub mod not_found;
pub mod question;
