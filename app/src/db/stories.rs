//! The story bank: stories and every version of them, their rehearsals, and the FSRS memory
//! that brings each back.
//!
//! Every query names the user: a story id alone never reaches a row, so one learner's stories
//! are invisible to another (the caller answers "not found"). The search index of stories is
//! kept by triggers (see the learner-search migration), so a story written here is
//! searchable in the same transaction.

use crate::db::{Db, DbError};
use crate::domain::stories::{
    KindReadiness, RehearsalSummary, StoryExport, StoryId, StoryKind, StoryOffer, StoryQueueItem,
    StorySummary, StoryText, StoryTitle, StoryVersion,
};
use crate::domain::{Concept, QuestionSlug, Rating, Timestamp, UserId};
use crate::scheduler::{Memory, Scheduled, SchedulerError};

/// A story's fields, parsed, with each part rendered once now.
pub struct NewStory<'a> {
    pub title: &'a StoryTitle,
    pub kind: StoryKind,
    pub concepts: &'a [Concept],
    /// In [`StoryPart::ALL`]'s order.
    pub parts: &'a [StoryText; 5],
    pub parts_html: &'a [String; 5],
}

/// Stores a new story as its first version, in one transaction.
pub async fn create(
    db: &Db,
    user: UserId,
    new: &NewStory<'_>,
    now: Timestamp,
) -> Result<StoryId, DbError> {
    on_engine!(db, stories::create(user, new, now))
}

/// Outcome of [`update`].
#[derive(Debug, PartialEq, Eq)]
pub enum Updated {
    /// The text changed: a new version was stored, and the one it replaced is kept.
    NewVersion(i64),
    /// Only the kind or the concepts changed (or nothing): the text's version stands.
    SameText(i64),
    NotFound,
}

/// Saves an edit of my story: the kind and concepts as given, and the text as a new version
/// when it differs from the current one. One transaction; earlier versions are never touched.
pub async fn update(
    db: &Db,
    user: UserId,
    id: StoryId,
    new: &NewStory<'_>,
    now: Timestamp,
) -> Result<Updated, DbError> {
    on_engine!(db, stories::update(user, id, new, now))
}

/// Deletes my story with its versions, rehearsals and memory. `false` when it is not mine.
pub async fn delete(db: &Db, user: UserId, id: StoryId) -> Result<bool, DbError> {
    on_engine!(db, stories::delete(user, id))
}

/// My stories, the most recently changed first.
pub async fn list(db: &Db, user: UserId) -> Result<Vec<StorySummary>, DbError> {
    on_engine!(db, stories::list(user))
}

/// My story's facts: its kind, concepts, current version and due date.
pub struct StoryFacts {
    pub kind: StoryKind,
    pub concepts: Vec<Concept>,
    pub current_version: i64,
    pub due_at: Option<Timestamp>,
}

/// What [`find`] reads: the facts and one version, the Markdown beside the rendering.
pub struct FoundStory {
    pub facts: StoryFacts,
    pub version: StoryVersion,
    /// The version's Markdown, in [`StoryPart::ALL`]'s order.
    pub parts_md: Vec<String>,
}

/// My story `id` at `version` (the current one when `None`); `None` when it is not mine or
/// has no such version.
pub async fn find(
    db: &Db,
    user: UserId,
    id: StoryId,
    version: Option<i64>,
) -> Result<Option<FoundStory>, DbError> {
    on_engine!(db, stories::find(user, id, version))
}

/// Every version of my story, newest first: (version, title, saved at).
pub async fn versions(
    db: &Db,
    user: UserId,
    id: StoryId,
) -> Result<Vec<(i64, String, Timestamp)>, DbError> {
    on_engine!(db, stories::versions(user, id))
}

/// The most rehearsals a story's page lists.
pub const REHEARSALS_LISTED: i64 = 50;

/// My rehearsals of a story, newest first (at most [`REHEARSALS_LISTED`]), and how many
/// there are in all.
pub async fn rehearsals(
    db: &Db,
    user: UserId,
    id: StoryId,
) -> Result<(Vec<RehearsalSummary>, u32), DbError> {
    on_engine!(db, stories::rehearsals(user, id))
}

/// A rehearsal to record.
pub struct NewRehearsal<'a> {
    pub user: UserId,
    pub story: StoryId,
    /// The form's token with a digest of what was posted.
    pub key: &'a str,
    pub question: Option<&'a QuestionSlug>,
    pub notes: &'a StoryText,
    pub timed: bool,
    pub started_at: Timestamp,
    pub submitted_at: Timestamp,
    /// (position in [`STORY_RUBRIC`], the item), in rubric order, no repeats.
    pub ticked: &'a [(usize, String)],
    pub rating: Rating,
}

/// Outcome of [`record_rehearsal`].
#[derive(Debug, PartialEq, Eq)]
pub enum Rehearsed {
    Scheduled {
        due_at: Timestamp,
    },
    /// The key was used before: that rehearsal stands and nothing changed.
    AlreadyStored,
    NotFound,
}

/// Records a rehearsal, its ticks and the story's next review in one transaction. A key seen
/// before writes nothing.
pub async fn record_rehearsal(
    db: &Db,
    new: &NewRehearsal<'_>,
    schedule: impl FnOnce(Option<Memory>) -> Result<Scheduled, SchedulerError>,
) -> Result<Rehearsed, DbError> {
    on_engine!(db, stories::record_rehearsal(new, schedule))
}

/// My stories for the review page, with when each comes back and its latest rating.
pub async fn queue_items(db: &Db, user: UserId) -> Result<Vec<StoryQueueItem>, DbError> {
    on_engine!(db, stories::queue_items(user))
}

/// My stories that fit a level-4 question: of the kind its concepts call for, or showing one
/// of its concepts. Empty for any other question.
pub async fn offers(
    db: &Db,
    user: UserId,
    slug: &QuestionSlug,
) -> Result<Vec<StoryOffer>, DbError> {
    on_engine!(db, stories::offers(user, slug))
}

/// For each of the study guide's three kinds, my best story of it: a rehearsed one if any
/// (the most recently rehearsed), else the newest written.
pub async fn readiness(db: &Db, user: UserId) -> Result<Vec<KindReadiness>, DbError> {
    on_engine!(db, stories::readiness(user))
}

/// Every story of mine with every version and rehearsal, for "download my data".
pub async fn export(db: &Db, user: UserId) -> Result<Vec<StoryExport>, DbError> {
    on_engine!(db, stories::export(user))
}
