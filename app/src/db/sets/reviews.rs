//! Answers shared with a set and the peers' reviews of them.

use crate::db::{Db, DbError};
use crate::domain::sets::{PeerReview, ShareableAttempt, SharedAnswerSummary};
use crate::domain::{AttemptId, QuestionSlug, SetId, Timestamp, UserId};

/// Shares one of `user`'s written attempts with the set, if `user` is a member and the attempt
/// is theirs, at a question in the set, and not skipped. `None` when it is not; `Some(false)`
/// when it was shared already. The checks and the insert are one transaction on the writer,
/// so a member who leaves meanwhile cannot leave an answer behind.
pub async fn share_answer(
    db: &Db,
    set: SetId,
    attempt: AttemptId,
    user: UserId,
    now: Timestamp,
) -> Result<Option<bool>, DbError> {
    on_engine!(db, sets::reviews::share_answer(set, attempt, user, now))
}

/// The answers shared with the set, newest first.
pub async fn shared_answers(
    db: &Db,
    set: SetId,
    viewer: UserId,
) -> Result<Vec<SharedAnswerSummary>, DbError> {
    on_engine!(db, sets::reviews::shared_answers(set, viewer))
}

/// `user`'s attempts at the set's questions not yet shared with it, newest first.
pub async fn shareable_attempts(
    db: &Db,
    set: SetId,
    user: UserId,
) -> Result<Vec<ShareableAttempt>, DbError> {
    on_engine!(db, sets::reviews::shareable_attempts(set, user))
}

/// A shared answer as its set's members see it.
pub struct SharedAnswerRow {
    pub author: UserId,
    pub author_name: String,
    pub slug: QuestionSlug,
    pub answer_md: String,
    /// As rendered when saved; `None` for an answer saved before answers were.
    pub answer_html: Option<String>,
    pub skipped: bool,
    pub submitted_at: Timestamp,
}

/// The attempt, only if it was shared with this set.
pub async fn find_shared_answer(
    db: &Db,
    set: SetId,
    attempt: AttemptId,
) -> Result<Option<SharedAnswerRow>, DbError> {
    on_engine!(db, sets::reviews::find_shared_answer(set, attempt))
}

/// A review to store.
pub struct NewReview<'a> {
    pub set: SetId,
    pub attempt: AttemptId,
    pub reviewer: UserId,
    pub ticked: &'a [String],
    pub rubric_total: u32,
    pub comment: &'a str,
    pub now: Timestamp,
}

/// Outcome of [`insert_review`].
#[derive(Debug, PartialEq, Eq)]
pub enum Reviewed {
    Stored,
    /// This reviewer already reviewed the answer in this set: the first review stands.
    Already,
    /// The answer is no longer shared with the set, or the reviewer is no longer a member.
    Gone,
}

/// Stores a review and its ticks in one transaction on the writer, which first checks that
/// the answer is still shared with the set and the reviewer still a member (they may have
/// changed since the page was read).
pub async fn insert_review(db: &Db, review: &NewReview<'_>) -> Result<Reviewed, DbError> {
    on_engine!(db, sets::reviews::insert_review(review))
}

/// A peer review with who gave it.
pub struct GivenReview {
    pub reviewer: UserId,
    pub review: PeerReview,
}

/// Reviews of an attempt, oldest first: in one set, or (`set = None`) in every set it was
/// shared with, for its author. Two queries, however many reviews there are.
pub async fn reviews(
    db: &Db,
    attempt: AttemptId,
    set: Option<SetId>,
) -> Result<Vec<GivenReview>, DbError> {
    on_engine!(db, sets::reviews::reviews(attempt, set))
}
