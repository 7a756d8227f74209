//! The practice loop's types: an answer as written, the token that makes a submission
//! idempotent, and what the pages receive about attempts and the review queue.

use super::{Concept, Date, Level, QuestionSlug, Rating};
use crate::domain::Timestamp;
use serde::{Deserialize, Serialize};

/// An answer as the learner wrote it. Line endings are normalised to `\n` (a browser posts a
/// textarea with `\r\n`), so the limit counts what the learner sees, and the text may be empty
/// only when the learner chose to skip writing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerText(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum AnswerError {
    #[error(
        "Write your answer first, or choose “Skip writing” to go straight to the strong answer."
    )]
    Empty,
    #[error(
        "Your answer is over 20 000 characters. Shorten it: an interview answer takes minutes, not pages."
    )]
    TooLong,
}

impl AnswerText {
    /// The most characters an answer may have.
    pub const MAX: usize = 20_000;

    /// An answer with something in it.
    pub fn parse(raw: &str) -> Result<Self, AnswerError> {
        let text = Self::normalise(raw)?;
        if text.trim().is_empty() {
            return Err(AnswerError::Empty);
        }
        Ok(Self(text))
    }

    /// What a "skip writing" submission stores: whatever was typed (possibly nothing), so a
    /// learner who wrote a little and then skipped loses nothing.
    pub fn parse_skipped(raw: &str) -> Result<Self, AnswerError> {
        let text = Self::normalise(raw)?;
        if text.trim().is_empty() {
            return Ok(Self(String::new()));
        }
        Ok(Self(text))
    }

    fn normalise(raw: &str) -> Result<String, AnswerError> {
        let text = crate::domain::learner_text(raw);
        if text.chars().count() > Self::MAX {
            return Err(AnswerError::TooLong);
        }
        Ok(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The id of an attempt. It names an object; every lookup also checks the owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AttemptId(pub i64);

/// The one-use token of an answer form: URL-safe, drawn by the server from a cryptographic
/// source when it renders the form. Submitting the same token twice stores one attempt.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AttemptToken(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the answer form's token is malformed")]
pub struct TokenError;

impl AttemptToken {
    pub fn parse(value: &str) -> Result<Self, TokenError> {
        let ok = (16..=64).contains(&value.len())
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if ok {
            Ok(Self(value.to_owned()))
        } else {
            Err(TokenError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for AttemptToken {
    type Error = TokenError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<AttemptToken> for String {
    fn from(token: AttemptToken) -> String {
        token.0
    }
}

/// One line of "your past attempts".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptSummary {
    pub id: AttemptId,
    pub submitted_at: Timestamp,
    pub skipped: bool,
    pub timed: bool,
    pub duration_secs: i64,
    /// `None` until the learner has graded it.
    pub rating: Option<Rating>,
}

/// A page of my attempts at one question, newest first. The question page shows one page at a
/// time, so its cost stays the same however long a learner's history grows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptPage {
    pub attempts: Vec<AttemptSummary>,
    /// Set when older attempts follow: the last one shown, where the next page starts.
    pub older_than: Option<AttemptId>,
    /// This page starts below the newest attempts (the learner followed "Older attempts").
    pub after_newest: bool,
}

impl AttemptPage {
    /// How many attempts one page lists.
    pub const SIZE: usize = 20;
}

/// What the answer form needs: a fresh token, the time it was drawn, and my history here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerForm {
    pub token: AttemptToken,
    /// Server time when the form was rendered: without JavaScript, the attempt's start.
    pub opened_at: Timestamp,
    pub now: Timestamp,
    pub attempts: AttemptPage,
    /// When the scheduler next wants this question, if it has been graded before.
    pub due_at: Option<Timestamp>,
    /// My stories that fit this question, offered to rehearse instead of writing from
    /// scratch: only on a level-4 question.
    pub story_offers: Vec<super::stories::StoryOffer>,
}

/// A key term of the question and whether the answer used it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyTermUse {
    pub term: String,
    pub used: bool,
}

/// The learner's grade of an attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grade {
    pub rating: Rating,
    pub suggested: Rating,
    /// The rubric items ticked, as they read when ticked.
    pub ticked: Vec<String>,
    pub rubric_total: u32,
    pub graded_at: Timestamp,
    /// When the scheduler said the question should come back.
    pub due_at: Timestamp,
}

/// One attempt in full, for its owner only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptDetail {
    pub id: AttemptId,
    pub slug: QuestionSlug,
    /// The answer through the safe Markdown pipeline; empty when skipped.
    pub answer_html: String,
    pub skipped: bool,
    pub timed: bool,
    pub started_at: Timestamp,
    pub submitted_at: Timestamp,
    pub duration_secs: i64,
    pub key_terms: Vec<KeyTermUse>,
    pub grade: Option<Grade>,
    /// The learner's local day on which the grade's review falls due.
    pub due_on: Option<Date>,
    /// Scores from peers in the sets I shared this answer with, oldest first.
    pub peer_reviews: Vec<super::sets::PeerReview>,
    pub now: Timestamp,
    /// A page of my other attempts at the question, newest first.
    pub attempts: AttemptPage,
}

/// What a question page shows of the practice loop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Practice {
    /// Nobody is signed in: the page invites them to.
    SignedOut,
    /// Ready for a new answer.
    Answer(AnswerForm),
    /// One of my attempts, to grade or to read.
    Attempt(Box<AttemptDetail>),
    /// The attempt asked for is not one of mine at this question.
    NoSuchAttempt,
}

/// One question on the review page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub slug: QuestionSlug,
    pub title: String,
    pub level: Level,
    pub concepts: Vec<Concept>,
    /// `None` for a question never graded.
    pub due_at: Option<Timestamp>,
    pub last_rating: Option<Rating>,
}

/// The review page: due first (oldest due first), then new in the bank's order, then later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewQueue {
    pub now: Timestamp,
    /// The learner's local day at `now`.
    pub today: Date,
    pub interview_on: Option<Date>,
    pub due: Vec<QueueItem>,
    pub new: Vec<QueueItem>,
    pub later: Vec<QueueItem>,
    /// My stories, sorted the same way: due today, never rehearsed, and later.
    pub stories_due: Vec<super::stories::StoryQueueItem>,
    pub stories_new: Vec<super::stories::StoryQueueItem>,
    pub stories_later: Vec<super::stories::StoryQueueItem>,
}

/// An attempt as "download my data" gives it: everything stored, Markdown as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttemptExport {
    pub question: String,
    pub answer_markdown: String,
    pub skipped: bool,
    pub timed: bool,
    pub started_at: Timestamp,
    pub submitted_at: Timestamp,
    pub duration_secs: i64,
    pub rating: Option<Rating>,
    pub suggested_rating: Option<Rating>,
    pub rubric_ticked: Vec<String>,
    pub rubric_total: Option<u32>,
    pub key_terms_used: Vec<String>,
    pub key_terms_missed: Vec<String>,
    pub graded_at: Option<Timestamp>,
    pub due_at: Option<Timestamp>,
}

/// The scheduler's memory of one question, exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewStateExport {
    pub question: String,
    pub stability_days: f64,
    pub difficulty: f64,
    pub last_review_at: Timestamp,
    pub due_at: Timestamp,
    pub reviews: i64,
    pub lapses: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_need_text_unless_skipped() {
        assert_eq!(AnswerText::parse("  \n\t "), Err(AnswerError::Empty));
        assert_eq!(
            AnswerText::parse_skipped("  \n ").map(|a| a.is_empty()),
            Ok(true)
        );
        assert_eq!(
            AnswerText::parse_skipped("a start").map(|a| a.as_str().to_owned()),
            Ok("a start".to_owned()),
            "text typed before skipping is kept"
        );
    }

    #[test]
    fn the_limit_counts_characters_after_line_endings_are_normalised() {
        let at_limit = "é".repeat(AnswerText::MAX);
        assert!(
            AnswerText::parse(&at_limit).is_ok(),
            "characters, not bytes"
        );
        assert_eq!(
            AnswerText::parse(&"x".repeat(AnswerText::MAX + 1)),
            Err(AnswerError::TooLong)
        );
        // A browser posts 10 000 lines as 10 000 CRLF pairs: 20 000 characters on the wire.
        let lines = "a\r\n".repeat(AnswerText::MAX / 2);
        let parsed = AnswerText::parse(&lines).expect("within the limit once normalised");
        assert!(!parsed.as_str().contains('\r'));
        assert_eq!(
            AnswerText::parse_skipped(&"x".repeat(AnswerText::MAX + 1)),
            Err(AnswerError::TooLong)
        );
    }

    #[test]
    fn tokens_are_url_safe_and_of_sane_length() {
        assert!(AttemptToken::parse("abcdefghijklmnop_-AB12").is_ok());
        assert_eq!(AttemptToken::parse("short"), Err(TokenError));
        assert_eq!(AttemptToken::parse(&"a".repeat(65)), Err(TokenError));
        assert_eq!(AttemptToken::parse("abcdefghijklmnop/+=="), Err(TokenError));
    }
}
