//! Domain types shared by the server and the browser: parsed once, trusted afterwards.
//!
//! Nothing here touches the database or the DOM, so every rule is unit-testable on both
//! targets.

mod account;
pub mod calendar;
mod concept;
pub mod key_terms;
mod level;
mod practice;
pub mod progress;
mod question;
mod rating;
mod return_path;
pub mod search;
pub mod sets;
mod slug;
pub mod stories;
pub mod words;

pub use account::{
    AccountData, Password, PasswordError, PasswordHint, PasswordStrength, SignedInUser, UserId,
    Username, UsernameError,
};
pub use calendar::{Date, DateError, Timestamp};
pub use concept::Concept;
pub use level::Level;
pub use practice::{
    AnswerError, AnswerForm, AnswerText, AttemptDetail, AttemptExport, AttemptId, AttemptPage,
    AttemptSummary, AttemptToken, Grade, KeyTermUse, Practice, QueueItem, ReviewQueue,
    ReviewStateExport, TokenError,
};
pub use question::{DrillStep, QuestionDetail, QuestionSummary, StudyPage};
pub use rating::{Rating, RatingError};
pub use return_path::ReturnPath;
pub use sets::{
    CommentError, DescriptionError, MySets, ReviewComment, SetDescription, SetId, SetTitle,
    SetTitleError, ShareToken,
};
pub use slug::{PageSlug, QuestionSlug, SlugError};
