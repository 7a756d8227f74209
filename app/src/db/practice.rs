//! Attempts, their grades, the FSRS memory per learner and question, and the interview date.
//!
//! Every query names the user: an attempt id alone never reaches a row, so one learner's
//! attempts are invisible to another (the caller answers "not found").

use crate::db::{Db, DbError};
use crate::domain::Timestamp;
use crate::domain::{
    AnswerText, AttemptExport, AttemptId, AttemptPage, Date, Grade, KeyTermUse, QuestionSlug,
    QueueItem, Rating, ReviewStateExport, UserId,
};
use crate::scheduler::{Memory, Scheduled, SchedulerError};

/// A submitted answer, ready to store.
pub struct NewAttempt<'a> {
    pub user: UserId,
    pub slug: &'a QuestionSlug,
    /// The form's token with a digest of what was submitted (see `practice::submission_key`).
    pub key: &'a str,
    pub answer: &'a AnswerText,
    /// The answer rendered once, now (`markdown::render_learner`).
    pub answer_html: &'a str,
    pub timed: bool,
    pub started_at: Timestamp,
    pub submitted_at: Timestamp,
    /// The learner's local day at submission, for the progress roll-ups.
    pub local_day: Date,
    pub key_terms: &'a [KeyTermUse],
}

/// Outcome of [`insert_attempt`].
#[derive(Debug, PartialEq, Eq)]
pub enum Submitted {
    Created(AttemptId),
    /// The key was used before: this is the attempt it made, and the question it was for.
    AlreadyStored(AttemptId, String),
}

/// Stores an answer and the key terms it used, in one transaction. A key seen before
/// writes nothing and names the attempt it stored then.
pub async fn insert_attempt(db: &Db, new: &NewAttempt<'_>) -> Result<Submitted, DbError> {
    on_engine!(db, practice::insert_attempt(new))
}

/// One stored attempt, with its Markdown as written.
pub struct StoredAttempt {
    pub id: AttemptId,
    pub slug: QuestionSlug,
    pub answer: String,
    /// The answer as rendered when saved; `None` for attempts saved before answers were
    /// rendered on save.
    pub answer_html: Option<String>,
    pub skipped: bool,
    pub timed: bool,
    pub started_at: Timestamp,
    pub submitted_at: Timestamp,
    pub duration_secs: i64,
    pub key_terms: Vec<KeyTermUse>,
    pub grade: Option<Grade>,
}

/// My attempt `id` at question `slug`, or `None` when it is not mine or not at that question.
pub async fn find_attempt(
    db: &Db,
    user: UserId,
    slug: &QuestionSlug,
    id: AttemptId,
) -> Result<Option<StoredAttempt>, DbError> {
    on_engine!(db, practice::find_attempt(user, slug, id))
}

/// Which of my attempts at a question to list: a page of [`AttemptPage::SIZE`], newest first,
/// starting below `older_than` when given, leaving out `except` (the attempt on show).
pub struct AttemptsWanted {
    pub older_than: Option<AttemptId>,
    pub except: Option<AttemptId>,
}

/// One page of my attempts at one question, newest first. Keyset paging on the
/// `attempts_by_user_question` index: each page reads at most one page of rows plus one, so
/// the question page costs the same at the 10th attempt and the 10 000th.
pub async fn list_attempts(
    db: &Db,
    user: UserId,
    slug: &QuestionSlug,
    wanted: &AttemptsWanted,
) -> Result<AttemptPage, DbError> {
    on_engine!(db, practice::list_attempts(user, slug, wanted))
}

/// A grade to record.
pub struct NewGrade<'a> {
    pub user: UserId,
    pub slug: &'a QuestionSlug,
    pub attempt: AttemptId,
    /// (position in the rubric, the item's text), in rubric order, no repeats.
    pub ticked: &'a [(usize, String)],
    pub rubric_total: usize,
    pub rating: Rating,
    pub suggested: Rating,
    pub now: Timestamp,
    /// The learner's local day at grading, for the progress roll-ups.
    pub local_day: Date,
}

/// Outcome of [`record_grade`].
#[derive(Debug, PartialEq, Eq)]
pub enum Graded {
    Scheduled {
        due_at: Timestamp,
    },
    /// The attempt had a grade already; the first one stands and nothing changed.
    AlreadyGraded,
    NotFound,
}

/// Records a grade and the question's next review in one transaction on the writer.
///
/// The grade is claimed first with a conditional update (`rating IS NULL`): of two saves of
/// one attempt, on SQLite or on PostgreSQL, exactly one claims it and the other changes
/// nothing. The `schedule` closure then turns the stored memory (if any) into the next one.
pub async fn record_grade(
    db: &Db,
    grade: &NewGrade<'_>,
    schedule: impl FnOnce(Option<Memory>) -> Result<Scheduled, SchedulerError>,
) -> Result<Graded, DbError> {
    on_engine!(db, practice::record_grade(grade, schedule))
}

/// When the scheduler next wants `slug` for this learner, if it was ever graded.
pub async fn due_at(
    db: &Db,
    user: UserId,
    slug: &QuestionSlug,
) -> Result<Option<Timestamp>, DbError> {
    on_engine!(db, practice::due_at(user, slug))
}

/// Every active question with my due date and latest rating, in the bank's order. The review
/// page sorts it into due, new and later.
pub async fn queue_items(db: &Db, user: UserId) -> Result<Vec<QueueItem>, DbError> {
    on_engine!(db, practice::queue_items(user))
}

pub async fn interview_on(db: &Db, user: UserId) -> Result<Option<Date>, DbError> {
    on_engine!(db, practice::interview_on(user))
}

/// Sets (or clears) the interview date. With a date, every review due after the eve of the
/// interview is brought forward to it, in the same transaction: the promise that each
/// question is seen again before the interview holds from the moment the date is saved.
pub async fn set_interview_on(
    db: &Db,
    user: UserId,
    date: Option<Date>,
    latest_due: Option<Timestamp>,
) -> Result<(), DbError> {
    on_engine!(db, practice::set_interview_on(user, date, latest_due))
}

/// Every attempt of a learner, oldest first, for the data export.
pub async fn export_attempts(db: &Db, user: UserId) -> Result<Vec<AttemptExport>, DbError> {
    on_engine!(db, practice::export_attempts(user))
}

pub async fn export_review_states(
    db: &Db,
    user: UserId,
) -> Result<Vec<ReviewStateExport>, DbError> {
    on_engine!(db, practice::export_review_states(user))
}
