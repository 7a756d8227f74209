//! Domain types shared by the server and the browser: parsed once, trusted afterwards.
//!
//! Nothing here touches the database or the DOM, so every rule is unit-testable on both
//! targets.

mod account;
mod concept;
mod level;
mod question;
mod slug;

pub use account::{
    AccountData, Password, PasswordError, SignedInUser, UserId, Username, UsernameError,
};
pub use concept::Concept;
pub use level::Level;
pub use question::{QuestionDetail, QuestionSummary, StudyPage};
pub use slug::{PageSlug, QuestionSlug, SlugError};
