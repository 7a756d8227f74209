//! Pieces of UI shared by several pages.

pub mod concepts;
pub mod header;
pub mod notice;
