//! Practice sets: an ordered list of questions a learner curates and shares by link, and what
//! the set pages receive. The rules for titles, descriptions, share tokens and review comments
//! live here so the browser and the server apply the same ones.

use super::stories::{StoryId, StoryKind, StoryVersion};
use super::{AttemptId, Date, Grade, Level, QuestionSlug, Rating};
use crate::domain::Timestamp;
use serde::{Deserialize, Serialize};

/// The id of a set. It names an object; every lookup also checks who is asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SetId(pub i64);

impl SetId {
    pub fn href(self) -> String {
        format!("/sets/{}", self.0)
    }
}

/// The version of a set's question list: every add, remove and move makes a new one, and a
/// move names the version it was made on, so a move from a stale page is refused rather than
/// applied to a list the learner did not see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ListVersion(pub i64);

/// A set's title: trimmed, one line, 1 to 120 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetTitle(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum SetTitleError {
    #[error("Give the set a title, such as “CAP before Thursday”.")]
    Empty,
    #[error("Keep the title to 120 characters or fewer.")]
    TooLong,
    #[error(
        "Keep the title to one line of visible text: no line breaks, tabs, control characters or direction overrides."
    )]
    Invisible,
}

/// Characters that are not text a reader sees: C0 and C1 controls (NUL, line breaks, tabs)
/// and the bidirectional embeddings, overrides and isolates, which can make a title read
/// differently from what it holds (a name shown backwards, a link text reordered).
pub fn is_hidden_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

impl SetTitle {
    pub const MAX: usize = 120;

    pub fn parse(raw: &str) -> Result<Self, SetTitleError> {
        // A title is one line of visible text: anything else is refused rather than quietly
        // changed, so what is stored is what the learner saw in the field.
        if raw.chars().any(is_hidden_control) {
            return Err(SetTitleError::Invisible);
        }
        let text = raw.trim().to_owned();
        // Only spaces and invisible format characters (zero-width space, joiners, the byte
        // order mark, the soft hyphen) would show as an empty heading and an unnamed link.
        let invisible = |c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
                )
        };
        if text.chars().all(invisible) {
            return Err(SetTitleError::Empty);
        }
        if text.chars().count() > Self::MAX {
            return Err(SetTitleError::TooLong);
        }
        Ok(Self(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A set's description: Markdown, optional, at most 4 000 characters, line endings
/// normalised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetDescription(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum DescriptionError {
    #[error("Keep the description to 4 000 characters or fewer.")]
    TooLong,
}

impl SetDescription {
    pub const MAX: usize = 4_000;

    pub fn parse(raw: &str) -> Result<Self, DescriptionError> {
        let text = crate::domain::learner_text(raw);
        let text = text.trim();
        if text.chars().count() > Self::MAX {
            return Err(DescriptionError::TooLong);
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A peer's comment on a shared answer: optional, at most 1 000 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewComment(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum CommentError {
    #[error("Keep the comment to 1 000 characters or fewer.")]
    TooLong,
}

impl ReviewComment {
    pub const MAX: usize = 1_000;

    pub fn parse(raw: &str) -> Result<Self, CommentError> {
        let text = crate::domain::learner_text(raw);
        let text = text.trim();
        if text.chars().count() > Self::MAX {
            return Err(CommentError::TooLong);
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The secret of a share link: 128 bits, URL-safe base64 without padding (22 characters).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ShareToken(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a share token is 22 URL-safe characters")]
pub struct ShareTokenError;

impl ShareToken {
    /// Characters of a 128-bit token in unpadded base64.
    pub const LEN: usize = 22;

    pub fn parse(value: &str) -> Result<Self, ShareTokenError> {
        let ok = value.len() == Self::LEN
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if ok {
            Ok(Self(value.to_owned()))
        } else {
            Err(ShareTokenError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The path of the share link.
    pub fn href(&self) -> String {
        format!("/join/{}", self.0)
    }
}

impl TryFrom<String> for ShareToken {
    type Error = ShareTokenError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<ShareToken> for String {
    fn from(token: ShareToken) -> String {
        token.0
    }
}

/// Which way a question moves in its set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    Up,
    Down,
}

impl Direction {
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "up" => Some(Direction::Up),
            "down" => Some(Direction::Down),
            _ => None,
        }
    }
}

/// One set in "my sets".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetSummary {
    pub id: SetId,
    pub title: String,
    pub owner: String,
    pub questions: u32,
    pub due_on: Option<Date>,
}

/// The sets page: the sets I own and the sets I joined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MySets {
    pub owned: Vec<SetSummary>,
    pub joined: Vec<SetSummary>,
}

/// A question of a set, with my own record on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetQuestion {
    pub slug: QuestionSlug,
    pub title: String,
    pub level: Level,
    pub retired: bool,
    pub my_attempts: u32,
    pub my_last_rating: Option<Rating>,
}

/// A bank question that can be added to a set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct QuestionChoice {
    pub slug: QuestionSlug,
    pub title: String,
}

/// One member's record on one question of the set, for the peer table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerCell {
    pub attempts: u32,
    pub last_rating: Option<Rating>,
}

/// One member who opted in to share progress with the set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerRow {
    pub username: String,
    pub is_me: bool,
    /// In the order of the set's questions.
    pub cells: Vec<PeerCell>,
}

/// An answer shared with the set for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedAnswerSummary {
    pub attempt: AttemptId,
    pub author: String,
    pub mine: bool,
    pub question_title: String,
    pub submitted_at: Timestamp,
    pub reviews: u32,
}

/// A story shared with the set for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedStorySummary {
    pub story: StoryId,
    pub author: String,
    pub mine: bool,
    pub title: String,
    pub kind: StoryKind,
    pub shared_at: Timestamp,
    pub reviews: u32,
}

/// One of my stories not shared with the set yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct StoryChoice {
    pub story: StoryId,
    pub title: String,
}

/// A shared story's page: the story as it reads now, the story rubric to score it by, and
/// the reviews so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedStoryPage {
    pub set: SetId,
    pub set_title: String,
    pub story: StoryId,
    pub author: String,
    pub is_author: bool,
    pub kind: StoryKind,
    pub version: StoryVersion,
    pub rubric: Vec<String>,
    pub reviews: Vec<PeerReview>,
    /// True when I may still review it (a member, not its author, not reviewed yet).
    pub can_review: bool,
    pub now: Timestamp,
}

/// One of my attempts at a question of the set that I have not shared with it yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ShareableAttempt {
    pub attempt: AttemptId,
    pub question_title: String,
    pub submitted_at: Timestamp,
    pub rating: Option<Rating>,
}

/// Everything a set's page shows to a member (the owner is a member too).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetPage {
    pub id: SetId,
    pub title: String,
    /// The Markdown, for the owner's edit form.
    pub description_md: String,
    pub description_html: String,
    pub due_on: Option<Date>,
    pub owner: String,
    pub is_owner: bool,
    /// The live share link's token; only the owner is told.
    pub share_token: Option<ShareToken>,
    /// The version of the question list this page shows; a move names it.
    pub list_version: ListVersion,
    pub questions: Vec<SetQuestion>,
    /// Bank questions not in the set yet (the owner's "add" list).
    pub addable: Vec<QuestionChoice>,
    pub members: u32,
    pub shares_progress: bool,
    pub peers: Vec<PeerRow>,
    pub shared_answers: Vec<SharedAnswerSummary>,
    pub shareable: Vec<ShareableAttempt>,
    pub shared_stories: Vec<SharedStorySummary>,
    pub shareable_stories: Vec<StoryChoice>,
    pub now: Timestamp,
    /// The learner's local day, for "due in N days".
    pub today: Date,
}

/// What the set page at `/sets/ID` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SetLoad {
    SignedOut,
    /// No such set, or not one of mine: the same answer, so ids reveal nothing.
    NotFound,
    Found(Box<SetPage>),
}

/// Who is looking at a share link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Viewer {
    SignedOut,
    /// Signed in, not in the set yet.
    Visitor,
    /// Already in the set (or its owner).
    Member(SetId),
}

/// What a share link shows before joining.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedSet {
    pub title: String,
    pub description_html: String,
    pub owner: String,
    pub due_on: Option<Date>,
    pub questions: Vec<QuestionChoice>,
    pub members: u32,
    pub viewer: Viewer,
}

/// A peer's review of a shared answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerReview {
    pub reviewer: String,
    pub ticked: Vec<String>,
    pub rubric_total: u32,
    pub comment: String,
    pub created_at: Timestamp,
    /// The set it was given in, for the author's attempt page.
    pub set_title: String,
}

/// A shared answer's page: the answer, the rubric to score it by, and the reviews so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedAnswerPage {
    pub set: SetId,
    pub set_title: String,
    pub attempt: AttemptId,
    pub author: String,
    pub is_author: bool,
    pub slug: QuestionSlug,
    pub question_title: String,
    pub rubric: Vec<String>,
    pub answer_html: String,
    pub skipped: bool,
    pub submitted_at: Timestamp,
    /// The author's own grade: shown to the author beside the peers' scores.
    pub self_grade: Option<Grade>,
    pub reviews: Vec<PeerReview>,
    /// True when I may still review it (a member, not its author, not reviewed yet).
    pub can_review: bool,
    pub now: Timestamp,
}

/// Everything about practice sets in "download my data".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SetsExport {
    /// The sets I own, with their questions in order.
    pub owned: Vec<OwnedSetExport>,
    /// Every set I am a member of (my own included), and whether I share my progress there.
    pub memberships: Vec<MembershipExport>,
    /// My answers shared with a set, by attempt id (the attempts themselves are exported above).
    pub shared_answers: Vec<SharedAnswerExport>,
    /// Reviews I wrote of others' answers.
    pub reviews_given: Vec<ReviewExport>,
    /// Reviews others wrote of my answers.
    pub reviews_received: Vec<ReviewExport>,
    /// My stories shared with a set, by story id (the stories themselves are exported above).
    pub shared_stories: Vec<SharedStoryExport>,
    /// Reviews I wrote of others' stories.
    pub story_reviews_given: Vec<StoryReviewExport>,
    /// Reviews others wrote of my stories.
    pub story_reviews_received: Vec<StoryReviewExport>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SharedStoryExport {
    pub set_id: i64,
    pub story_id: i64,
    /// The version the set's members read.
    pub version: i64,
    pub shared_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryReviewExport {
    pub set_id: i64,
    pub story_id: i64,
    /// The version of the story the reviewer read.
    pub version: i64,
    pub reviewer: String,
    pub ticked: Vec<String>,
    pub rubric_total: u32,
    pub comment: String,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnedSetExport {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub due_on: Option<String>,
    pub shared_by_link: bool,
    pub questions: Vec<String>,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipExport {
    pub set_id: i64,
    pub set_title: String,
    pub joined_at: Timestamp,
    pub shares_progress: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SharedAnswerExport {
    pub set_id: i64,
    pub attempt_id: i64,
    pub shared_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewExport {
    pub set_id: i64,
    pub attempt_id: i64,
    pub reviewer: String,
    pub ticked: Vec<String>,
    pub rubric_total: u32,
    pub comment: String,
    pub created_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_one_trimmed_line_of_bounded_length() {
        assert_eq!(
            SetTitle::parse("  CAP before Thursday ").map(|t| t.0),
            Ok("CAP before Thursday".to_owned())
        );
        assert_eq!(SetTitle::parse("   "), Err(SetTitleError::Empty));
        assert_eq!(
            SetTitle::parse("\u{200B}\u{FEFF} "),
            Err(SetTitleError::Empty)
        );
        assert!(SetTitle::parse(&"é".repeat(120)).is_ok());
        assert_eq!(
            SetTitle::parse(&"é".repeat(121)),
            Err(SetTitleError::TooLong)
        );
    }

    #[test]
    fn titles_refuse_controls_and_direction_overrides() {
        for hidden in [
            "CAP\nbefore Thursday",
            "CAP\r",
            "\tCAP",
            "CAP\u{0}",
            "\u{7}CAP",
            "CAP\u{85}",
            "Invoice \u{202E}fdp.exe",
            "\u{2066}CAP\u{2069}",
            "\u{202A}CAP",
        ] {
            assert_eq!(
                SetTitle::parse(hidden),
                Err(SetTitleError::Invisible),
                "{hidden:?}"
            );
        }
        assert!(SetTitle::parse("Latency → throughput, für alle").is_ok());
    }

    #[test]
    fn descriptions_may_be_empty_but_not_long() {
        assert_eq!(SetDescription::parse("").map(|d| d.0), Ok(String::new()));
        assert_eq!(
            SetDescription::parse("a\r\nb").map(|d| d.0),
            Ok("a\nb".to_owned())
        );
        assert_eq!(
            SetDescription::parse(&"x".repeat(4_001)),
            Err(DescriptionError::TooLong)
        );
        assert_eq!(
            ReviewComment::parse(&"x".repeat(1_001)),
            Err(CommentError::TooLong)
        );
    }

    #[test]
    fn share_tokens_are_22_url_safe_characters() {
        assert!(ShareToken::parse("AAAAAAAAAAAAAAAAAAAA-_").is_ok());
        assert!(ShareToken::parse("AAAAAAAAAAAAAAAAAAAA-").is_err());
        assert!(ShareToken::parse("AAAAAAAAAAAAAAAAAAAA/+").is_err());
        assert!(ShareToken::parse("../../../../../../etc").is_err());
        assert_eq!(
            ShareToken::parse("AAAAAAAAAAAAAAAAAAAA-_").map(|t| t.href()),
            Ok("/join/AAAAAAAAAAAAAAAAAAAA-_".to_owned())
        );
    }

    #[test]
    fn directions_are_up_or_down() {
        assert_eq!(Direction::parse("up"), Some(Direction::Up));
        assert_eq!(Direction::parse("down"), Some(Direction::Down));
        assert_eq!(Direction::parse("sideways"), None);
    }
}
