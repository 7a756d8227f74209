//! Stories shared with a set and the peers' reviews of them, as answers are (see
//! [`super::reviews`]). A story is found by another learner only through `shared_stories`:
//! a story nobody shared has no query here that reaches it.

use super::reviews::{GivenReview, Reviewed};
use crate::db::{Db, DbError};
use crate::domain::sets::{SharedStorySummary, StoryChoice};
use crate::domain::stories::{StoryId, StoryKind, StoryVersion};
use crate::domain::{SetId, Timestamp, UserId};

/// Shares the current version of one of `user`'s stories with the set, if `user` is a member
/// and the story theirs: members read that version until the author shares the story again,
/// which shares the version current then. `None` when not shareable; `Some(false)` when that
/// version was shared already. One transaction on the writer.
pub async fn share_story(
    db: &Db,
    set: SetId,
    story: StoryId,
    user: UserId,
    now: Timestamp,
) -> Result<Option<bool>, DbError> {
    on_engine!(db, sets::stories::share_story(set, story, user, now))
}

/// The stories shared with the set, newest share first, each under its shared version's title.
pub async fn shared_stories(
    db: &Db,
    set: SetId,
    viewer: UserId,
) -> Result<Vec<SharedStorySummary>, DbError> {
    on_engine!(db, sets::stories::shared_stories(set, viewer))
}

/// `user`'s stories not shared with the set, or shared at an older version than they have
/// now (sharing again shares the new one), most recently changed first.
pub async fn shareable_stories(
    db: &Db,
    set: SetId,
    user: UserId,
) -> Result<Vec<StoryChoice>, DbError> {
    on_engine!(db, sets::stories::shareable_stories(set, user))
}

/// A shared story as its set's members see it: the version shared.
pub struct SharedStoryRow {
    pub author: UserId,
    pub author_name: String,
    pub kind: StoryKind,
    pub version: StoryVersion,
}

/// The story's shared version, only if it was shared with this set.
pub async fn find_shared_story(
    db: &Db,
    set: SetId,
    story: StoryId,
) -> Result<Option<SharedStoryRow>, DbError> {
    on_engine!(db, sets::stories::find_shared_story(set, story))
}

/// A review of a shared story to store.
pub struct NewStoryReview<'a> {
    pub set: SetId,
    pub story: StoryId,
    pub reviewer: UserId,
    /// The version the reviewer read.
    pub version: i64,
    pub ticked: &'a [String],
    pub rubric_total: u32,
    pub comment: &'a str,
    pub now: Timestamp,
}

/// Stores a review and its ticks in one transaction on the writer, which first checks that
/// the story is still shared with the set and the reviewer still a member.
pub async fn insert_story_review(
    db: &Db,
    review: &NewStoryReview<'_>,
) -> Result<Reviewed, DbError> {
    on_engine!(db, sets::stories::insert_story_review(review))
}

/// Reviews of a story, oldest first: in one set, or (`set = None`) in every set it was
/// shared with, for its author.
pub async fn story_reviews(
    db: &Db,
    story: StoryId,
    set: Option<SetId>,
) -> Result<Vec<GivenReview>, DbError> {
    on_engine!(db, sets::stories::story_reviews(story, set))
}
