//! The story bank: a learner's own stories ("a time you chose consistency"), the parts a strong
//! story needs, the story rubric, and what the story pages receive. The rules for every field
//! live here so the browser and the server apply the same ones.

use super::sets::{SetTitle, SetTitleError};
use super::{AttemptToken, Concept, QuestionSlug, Rating, Timestamp};
use serde::{Deserialize, Serialize};

/// The id of a story. It names an object; every lookup also checks whose it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StoryId(pub i64);

impl StoryId {
    pub fn href(self) -> String {
        format!("/stories/{}", self.0)
    }

    pub fn rehearse_href(self) -> String {
        format!("/stories/{}/rehearse", self.0)
    }

    pub fn edit_href(self) -> String {
        format!("/stories/{}/edit", self.0)
    }
}

/// The kind of story the study guide asks for: "a time you chose CP, a time you chose AP, a
/// time you had a performance vs scalability issue", or another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoryKind {
    Consistency,
    Availability,
    Performance,
    Other,
}

impl StoryKind {
    pub const ALL: [StoryKind; 4] = [
        StoryKind::Consistency,
        StoryKind::Availability,
        StoryKind::Performance,
        StoryKind::Other,
    ];
    /// The three the study guide says to have ready.
    pub const GUIDE: [StoryKind; 3] = [
        StoryKind::Consistency,
        StoryKind::Availability,
        StoryKind::Performance,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            StoryKind::Consistency => "consistency",
            StoryKind::Availability => "availability",
            StoryKind::Performance => "performance",
            StoryKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StoryKind::Consistency => "A time you chose consistency (CP)",
            StoryKind::Availability => "A time you chose availability (AP)",
            StoryKind::Performance => "A performance vs scalability issue",
            StoryKind::Other => "Another trade-off",
        }
    }

    /// A short name for lists.
    pub fn short(self) -> &'static str {
        match self {
            StoryKind::Consistency => "Chose consistency",
            StoryKind::Availability => "Chose availability",
            StoryKind::Performance => "Performance vs scalability",
            StoryKind::Other => "Other trade-off",
        }
    }

    pub fn from_slug(slug: &str) -> Option<StoryKind> {
        StoryKind::ALL.into_iter().find(|k| k.slug() == slug.trim())
    }

    /// The bank's concept this kind of story is about, if one.
    pub fn concept(self) -> Option<Concept> {
        match self {
            StoryKind::Consistency | StoryKind::Availability => Some(Concept::Cap),
            StoryKind::Performance => Some(Concept::PerformanceScalability),
            StoryKind::Other => None,
        }
    }
}

/// A story's title: one line of visible text, 1 to 120 characters (the rules of a set's
/// title, with words about a story).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryTitle(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum StoryTitleError {
    #[error("Give the story a title, such as “Ledger writes during the 2023 failover”.")]
    Empty,
    #[error("Keep the title to 120 characters or fewer.")]
    TooLong,
    #[error(
        "Keep the title to one line of visible text: no line breaks, tabs, control characters or direction overrides."
    )]
    Invisible,
}

impl StoryTitle {
    pub const MAX: usize = SetTitle::MAX;

    pub fn parse(raw: &str) -> Result<Self, StoryTitleError> {
        SetTitle::parse(raw)
            .map(|title| Self(title.as_str().to_owned()))
            .map_err(|err| match err {
                SetTitleError::Empty => StoryTitleError::Empty,
                SetTitleError::TooLong => StoryTitleError::TooLong,
                SetTitleError::Invisible => StoryTitleError::Invisible,
            })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The parts a strong story needs, in the order it is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoryPart {
    Situation,
    Options,
    Decision,
    Result,
    Lessons,
}

impl StoryPart {
    pub const ALL: [StoryPart; 5] = [
        StoryPart::Situation,
        StoryPart::Options,
        StoryPart::Decision,
        StoryPart::Result,
        StoryPart::Lessons,
    ];

    /// The form field's name.
    pub fn name(self) -> &'static str {
        match self {
            StoryPart::Situation => "situation",
            StoryPart::Options => "options",
            StoryPart::Decision => "decision",
            StoryPart::Result => "result",
            StoryPart::Lessons => "lessons",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StoryPart::Situation => "Situation and constraints",
            StoryPart::Options => "The options and the trade-off",
            StoryPart::Decision => "The decision and why",
            StoryPart::Result => "The result, with numbers",
            StoryPart::Lessons => "What you monitored, and what you would do differently",
        }
    }

    pub fn hint(self) -> &'static str {
        match self {
            StoryPart::Situation => {
                "The system, its load, and the constraint that forced a choice (an SLA, a budget, a regulator)."
            }
            StoryPart::Options => {
                "What you could have done, and what each gave up: consistency or availability, latency or cost."
            }
            StoryPart::Decision => {
                "What you chose, and the argument that won. Name the other side."
            }
            StoryPart::Result => "Measured: p99 before and after, errors, money, time saved.",
            StoryPart::Lessons => {
                "The metric and alert you watched, and what you would change now."
            }
        }
    }
}

/// One part's Markdown: optional, at most 4 000 characters, line endings normalised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryText(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum StoryTextError {
    #[error("Keep this part to 4 000 characters or fewer: a story is told in two minutes.")]
    TooLong,
}

impl StoryText {
    pub const MAX: usize = 4_000;

    pub fn parse(raw: &str) -> Result<Self, StoryTextError> {
        let text = crate::domain::learner_text(raw);
        // Blank lines around the text go, but not the indentation of its first line: in
        // Markdown, four spaces there begin a code block.
        let text = strip_leading_blank_lines(text.trim_end());
        if text.chars().count() > Self::MAX {
            return Err(StoryTextError::TooLong);
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `text` from its first line with anything but whitespace on it.
fn strip_leading_blank_lines(text: &str) -> &str {
    let mut rest = text;
    while let Some((line, after)) = rest.split_once('\n') {
        if !line.trim().is_empty() {
            break;
        }
        rest = after;
    }
    if rest.trim().is_empty() { "" } else { rest }
}

/// What a rehearsal's notes may hold: optional, at most 4 000 characters.
pub type RehearsalNotes = StoryText;

/// The story rubric: what an interviewer listens for in a story.
pub const STORY_RUBRIC: [&str; 5] = [
    "States the constraint that forced the choice",
    "Names the trade-off: what was given up for what",
    "Argues the other side, and why it lost here",
    "Gives a measured result, with numbers",
    "Says what was monitored to know it worked",
];

/// How long a story is told in an interview, and so the rehearsal timer's length.
pub const STORY_SECONDS: u32 = 120;

/// One version of a story, as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryVersion {
    pub version: i64,
    pub title: String,
    /// Each part rendered by the safe Markdown pipeline, in [`StoryPart::ALL`]'s order; an
    /// empty part is an empty string.
    pub parts_html: Vec<String>,
    pub saved_at: Timestamp,
}

/// A story in my list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorySummary {
    pub id: StoryId,
    pub title: String,
    pub kind: StoryKind,
    pub concepts: Vec<Concept>,
    pub updated_at: Timestamp,
    pub rehearsals: u32,
    /// When the scheduler wants it back; `None` until first rehearsed.
    pub due_at: Option<Timestamp>,
    pub last_rating: Option<Rating>,
}

/// One rehearsal of a story, listed on its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RehearsalSummary {
    pub submitted_at: Timestamp,
    pub version: i64,
    pub duration_secs: i64,
    pub timed: bool,
    pub rating: Rating,
    pub ticked: u32,
    pub rubric_total: u32,
    /// The notes, rendered; empty when none were written.
    pub notes_html: String,
    /// The question it was told for, if any.
    pub question: Option<(QuestionSlug, String)>,
}

/// A story's page: the version asked for (the current one by default), the list of versions,
/// and the rehearsals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryPage {
    pub id: StoryId,
    pub kind: StoryKind,
    pub concepts: Vec<Concept>,
    pub current_version: i64,
    pub shown: StoryVersion,
    /// Every version, newest first: (version, title, saved at).
    pub versions: Vec<(i64, String, Timestamp)>,
    /// The latest rehearsals (at most 50), newest first.
    pub rehearsals: Vec<RehearsalSummary>,
    /// How many rehearsals there are in all.
    pub rehearsal_count: u32,
    /// Scores from peers in the sets I shared this story with, oldest first.
    pub peer_reviews: Vec<super::sets::PeerReview>,
    pub due_at: Option<Timestamp>,
    pub now: Timestamp,
}

/// What the edit form starts with: the current version's Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryDraft {
    pub id: StoryId,
    pub title: String,
    pub kind: StoryKind,
    pub concepts: Vec<Concept>,
    /// In [`StoryPart::ALL`]'s order.
    pub parts_md: Vec<String>,
    pub version: i64,
}

/// The rehearsal page: the story (to glance at, or to hide and tell from memory), and a form
/// with a fresh token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RehearsePage {
    pub id: StoryId,
    pub kind: StoryKind,
    pub story: StoryVersion,
    pub token: AttemptToken,
    pub opened_at: Timestamp,
    /// The level-4 question it is told for, when offered there.
    pub question: Option<(QuestionSlug, String)>,
}

/// What a story page receives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoryLoad<T> {
    SignedOut,
    NotFound,
    Found(Box<T>),
}

/// A story offered on a level-4 question's page: one of mine of the matching kind or concept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryOffer {
    pub id: StoryId,
    pub title: String,
    pub kind: StoryKind,
}

/// Whether the learner has a story of one of the study guide's kinds ready: written, and
/// rehearsed at least once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindReadiness {
    pub kind: StoryKind,
    /// The best story of this kind: rehearsed if any is, else the newest.
    pub story: Option<(StoryId, String)>,
    pub rehearsed: bool,
}

/// A story on the review page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryQueueItem {
    pub id: StoryId,
    pub title: String,
    pub kind: StoryKind,
    /// `None` for a story never rehearsed.
    pub due_at: Option<Timestamp>,
    pub last_rating: Option<Rating>,
}

/// A story as "download my data" gives it: every version, every rehearsal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryExport {
    /// The story's id, which the sets' part of the export names.
    pub id: i64,
    pub kind: StoryKind,
    pub concepts: Vec<Concept>,
    pub created_at: Timestamp,
    /// Oldest first; the last is the current one.
    pub versions: Vec<StoryVersionExport>,
    pub rehearsals: Vec<RehearsalExport>,
    /// The scheduler's memory, once rehearsed.
    pub stability_days: Option<f64>,
    pub difficulty: Option<f64>,
    pub due_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryVersionExport {
    pub version: i64,
    pub title: String,
    pub situation_markdown: String,
    pub options_markdown: String,
    pub decision_markdown: String,
    pub result_markdown: String,
    pub lessons_markdown: String,
    pub saved_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RehearsalExport {
    pub version: i64,
    pub question: Option<String>,
    pub notes_markdown: String,
    pub timed: bool,
    pub started_at: Timestamp,
    pub submitted_at: Timestamp,
    pub duration_secs: i64,
    pub rating: Rating,
    pub rubric_ticked: Vec<String>,
    pub rubric_total: u32,
    pub due_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_back_from_their_slugs() {
        for kind in StoryKind::ALL {
            assert_eq!(StoryKind::from_slug(kind.slug()), Some(kind));
        }
        assert_eq!(StoryKind::from_slug("cp"), None);
        assert_eq!(
            StoryKind::Availability.concept(),
            Some(Concept::Cap),
            "choosing availability is a CAP story"
        );
    }

    #[test]
    fn titles_follow_the_one_line_rules() {
        assert_eq!(
            StoryTitle::parse("  Ledger failover  ").map(|t| t.as_str().to_owned()),
            Ok("Ledger failover".to_owned())
        );
        assert_eq!(StoryTitle::parse(" \u{200B} "), Err(StoryTitleError::Empty));
        assert_eq!(StoryTitle::parse("a\nb"), Err(StoryTitleError::Invisible));
        assert_eq!(
            StoryTitle::parse(&"x".repeat(StoryTitle::MAX + 1)),
            Err(StoryTitleError::TooLong)
        );
    }

    #[test]
    fn parts_are_optional_and_bounded() {
        assert_eq!(
            StoryText::parse("  ").map(|t| t.as_str().to_owned()),
            Ok(String::new())
        );
        assert_eq!(
            StoryText::parse("\n  \n    let x = 1;\nok\n\n").map(|t| t.as_str().to_owned()),
            Ok("    let x = 1;\nok".to_owned()),
            "a leading code block keeps its indentation"
        );
        assert_eq!(
            StoryText::parse("a\r\nb").map(|t| t.as_str().to_owned()),
            Ok("a\nb".to_owned())
        );
        assert!(StoryText::parse(&"é".repeat(StoryText::MAX)).is_ok());
        assert_eq!(
            StoryText::parse(&"é".repeat(StoryText::MAX + 1)),
            Err(StoryTextError::TooLong)
        );
        let names: Vec<&str> = StoryPart::ALL.iter().map(|p| p.name()).collect();
        assert_eq!(
            names,
            ["situation", "options", "decision", "result", "lessons"]
        );
    }
}
