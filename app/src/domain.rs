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

/// Multi-line learner text (answers, story parts, notes, descriptions, comments) as it is
/// checked and stored: line ends as `\n`, and without the three control characters that no
/// keyboard types and that would break what is stored: NUL (U+0000), which PostgreSQL's text
/// cannot hold, and U+0002 and U+0003, which mark matched words in search snippets. A paste
/// from a binary file can carry them; dropping them changes nothing a learner can see.
pub fn learner_text(raw: &str) -> String {
    raw.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace(['\u{0}', '\u{2}', '\u{3}'], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learner_text_keeps_what_shows_and_drops_what_cannot_be_stored() {
        assert_eq!(learner_text("a\r\nb\rc\n"), "a\nb\nc\n");
        assert_eq!(learner_text("n\u{0}u\u{2}l\u{3}l"), "null");
        let shown = "<script>é\u{202E} \t— 日本";
        assert_eq!(learner_text(shown), shown, "everything else is kept");
    }
}
