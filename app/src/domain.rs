//! Domain types shared by the server and the browser: parsed once, trusted afterwards.
//!
//! Nothing here touches the database or the DOM, so every rule is unit-testable on both
//! targets.

mod account;
mod concept;
pub mod key_terms;
mod level;
mod question;
mod rating;
mod slug;

pub use account::{
    AccountData, Password, PasswordError, SignedInUser, UserId, Username, UsernameError,
};
pub use concept::Concept;
pub use level::Level;
pub use question::{QuestionDetail, QuestionSummary, StudyPage};
pub use rating::{Rating, RatingError};
pub use slug::{PageSlug, QuestionSlug, SlugError};
