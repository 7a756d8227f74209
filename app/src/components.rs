//! Pieces of UI shared by several pages.

pub mod arrival;
pub mod browser_zone;
pub mod charts;
pub mod concepts;
pub mod dom;
pub mod form;
pub mod header;
pub mod notice;
pub mod post;
pub mod posted;
pub mod session;
pub mod shortcuts;
