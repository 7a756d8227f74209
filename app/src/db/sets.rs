//! Practice sets: a set's own row and its list of questions, here; its members and the peer
//! table in [`members`], answers shared with it and their reviews in [`reviews`], stories
//! shared with it and their reviews in [`stories`], and
//! everything of a learner's for "download my data" in [`export`]. The same seams as the
//! service (`services::sets`).
//!
//! Who may see or change what is decided in [`crate::services::sets`]; the queries here take
//! the ids that service has checked. The exception is privacy, which is enforced in the SQL
//! itself: the peer table selects only members who opted in, and a shared answer is found
//! only through `shared_answers`, so an answer nobody shared has no query that reaches it.

pub mod export;
pub mod members;
pub mod reviews;
pub mod stories;
use crate::db::{Db, DbError};
use crate::domain::Timestamp;
use crate::domain::sets::{Direction, ListVersion, QuestionChoice, SetQuestion, SetSummary};
use crate::domain::{Date, QuestionSlug, SetDescription, SetId, SetTitle, ShareToken, UserId};
pub use export::export;
pub use members::{
    MemberProgress, join_by_token, leave, member_count, membership, peer_progress,
    set_shares_progress,
};
pub use reviews::{
    GivenReview, NewReview, Reviewed, SharedAnswerRow, find_shared_answer, insert_review, reviews,
    share_answer, shareable_attempts, shared_answers,
};
pub use stories::{
    NewStoryReview, SharedStoryRow, find_shared_story, insert_story_review, share_story,
    shareable_stories, shared_stories, story_reviews,
};

/// A set's own row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SetRow {
    pub id: SetId,
    #[sqlx(rename = "owner_id")]
    pub owner: UserId,
    pub owner_name: String,
    pub title: String,
    pub description_md: String,
    /// As rendered when saved; `None` for a set saved before descriptions were.
    pub description_html: Option<String>,
    pub due_on: Option<Date>,
    pub share_token: Option<ShareToken>,
    pub list_version: ListVersion,
}

/// The details a set is created or edited with.
pub struct SetDetails<'a> {
    pub title: &'a SetTitle,
    pub description: &'a SetDescription,
    /// The description rendered once, now (`markdown::render_learner`).
    pub description_html: &'a str,
    pub due_on: Option<Date>,
}

/// Creates a set owned by `owner`, who is its first member, with `questions` in order.
pub async fn create_set(
    db: &Db,
    owner: UserId,
    details: &SetDetails<'_>,
    questions: &[QuestionSlug],
    now: Timestamp,
) -> Result<SetId, DbError> {
    on_engine!(db, sets::create_set(owner, details, questions, now))
}

pub async fn find_set(db: &Db, set: SetId) -> Result<Option<SetRow>, DbError> {
    on_engine!(db, sets::find_set(set))
}

/// The set a live share link names.
pub async fn find_by_token(db: &Db, token: &ShareToken) -> Result<Option<SetRow>, DbError> {
    on_engine!(db, sets::find_by_token(token))
}

/// What a signed-out visitor of a live share link sees, as one row: the set's text, its
/// list's version, its owner's name and how many members it has. The page cache keys the
/// `/join/…` page on it; `None` when the link is unknown or revoked.
pub async fn shared_page_inputs(
    db: &Db,
    token: &ShareToken,
) -> Result<Option<SharedPageInputs>, DbError> {
    on_engine!(db, sets::shared_page_inputs(token))
}

/// See [`shared_page_inputs`].
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SharedPageInputs {
    pub id: i64,
    pub title: String,
    pub description_md: String,
    pub description_html: Option<String>,
    pub due_on: Option<String>,
    pub list_version: ListVersion,
    pub owner_name: String,
    pub members: i64,
}

/// The set's questions in order, with `user`'s own record on each.
pub async fn set_questions(db: &Db, set: SetId, user: UserId) -> Result<Vec<SetQuestion>, DbError> {
    on_engine!(db, sets::set_questions(set, user))
}

/// The slugs of a set, in order.
pub async fn set_slugs(db: &Db, set: SetId) -> Result<Vec<QuestionSlug>, DbError> {
    on_engine!(db, sets::set_slugs(set))
}

/// Bank questions (not retired) that are not in the set, in the bank's order.
pub async fn addable_questions(db: &Db, set: SetId) -> Result<Vec<QuestionChoice>, DbError> {
    on_engine!(db, sets::addable_questions(set))
}

/// Titles of the set's questions, in order (for the share link's preview).
pub async fn question_choices(db: &Db, set: SetId) -> Result<Vec<QuestionChoice>, DbError> {
    on_engine!(db, sets::question_choices(set))
}

pub async fn update_details(
    db: &Db,
    set: SetId,
    details: &SetDetails<'_>,
    now: Timestamp,
) -> Result<(), DbError> {
    on_engine!(db, sets::update_details(set, details, now))
}

/// Adds a question at the end of the set. `false` when it was already there.
pub async fn add_question(
    db: &Db,
    set: SetId,
    slug: &QuestionSlug,
    now: Timestamp,
) -> Result<bool, DbError> {
    on_engine!(db, sets::add_question(set, slug, now))
}

/// Removes a question from the set. `false` when it was not there.
pub async fn remove_question(
    db: &Db,
    set: SetId,
    slug: &QuestionSlug,
    now: Timestamp,
) -> Result<bool, DbError> {
    on_engine!(db, sets::remove_question(set, slug, now))
}

/// Outcome of [`move_question`].
#[derive(Debug, PartialEq, Eq)]
pub enum Moved {
    Moved,
    /// The list changed since the version the move was made against.
    Stale,
    NotInSet,
    /// Already first (moving up) or last (moving down): nothing to do.
    AtEdge,
}

/// Swaps a question with its neighbour, if the list is still at `version`.
pub async fn move_question(
    db: &Db,
    set: SetId,
    slug: &QuestionSlug,
    direction: Direction,
    version: ListVersion,
    now: Timestamp,
) -> Result<Moved, DbError> {
    on_engine!(db, sets::move_question(set, slug, direction, version, now))
}

/// Sets (a new token) or clears (`None`) the share link.
pub async fn set_share_token(
    db: &Db,
    set: SetId,
    token: Option<&ShareToken>,
    now: Timestamp,
) -> Result<(), DbError> {
    on_engine!(db, sets::set_share_token(set, token, now))
}

pub async fn delete_set(db: &Db, set: SetId) -> Result<(), DbError> {
    on_engine!(db, sets::delete_set(set))
}

/// The sets `user` owns, then the sets they joined, newest first.
pub async fn my_sets(db: &Db, user: UserId) -> Result<(Vec<SetSummary>, Vec<SetSummary>), DbError> {
    on_engine!(db, sets::my_sets(user))
}
