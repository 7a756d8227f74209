//! Practice sets on the server: who may see and change a set, sharing by link, joining and
//! copying, the peer table, shared answers and their reviews, and the set file.
//!
//! The access rule, in one place: a set's page is for its members (the owner is one); a
//! share link shows a preview to anyone holding it; changing a set is for its owner only
//! (403 for anyone else). An unknown set, and a set that is not mine to see, are both
//! "not found", so ids reveal nothing. Every input is parsed before anything is written.

use crate::db::sets::{self as store, Moved, NewReview, SetDetails, SetRow};
use crate::db::{Db, DbError, practice as attempts, questions};
use crate::domain::sets::{
    Direction, MySets, PeerRow, SetLoad, SetPage, SharedAnswerPage, SharedSet, Viewer,
};
use crate::domain::{
    AttemptId, Date, QuestionSlug, ReviewComment, SetDescription, SetId, SetTitle, ShareToken,
    UserId,
};
use crate::error::Context;
use crate::error::{AppError, FieldName, FieldProblem};

mod file;
pub use file::{SetFile, parse_set_file, render_set_file};

/// How far ahead a due date may be set.
const LONGEST_LEAD_DAYS: i64 = 2 * 365;

fn not_found() -> AppError {
    AppError::NotFound("That set".into())
}

/// A fresh share token: 128 bits from the operating system's generator.
pub fn new_share_token() -> Result<ShareToken, AppError> {
    ShareToken::parse(&crate::practice::random_128()?)
        .map_err(|err| AppError::internal("drawing a share token", err))
}

/// A set's title, description and due date as the form posts them.
pub struct DetailsForm<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub due_on: &'a str,
}

struct Details {
    title: SetTitle,
    description: SetDescription,
    /// The description rendered once, when it is saved.
    description_html: String,
    due_on: Option<Date>,
}

impl Details {
    fn as_store(&self) -> SetDetails<'_> {
        SetDetails {
            title: &self.title,
            description: &self.description,
            description_html: &self.description_html,
            due_on: self.due_on,
        }
    }
}

/// A stored description's HTML: as rendered when it was saved, or now for a set saved
/// before descriptions were rendered on save.
fn description_html(row: &SetRow) -> String {
    row.description_html
        .clone()
        .unwrap_or_else(|| crate::markdown::render_learner(&row.description_md))
}

/// Parses the details form. A due date must be today or later where the learner is, within
/// two years; a date the set already has is kept even once it has passed, so editing the
/// title of last week's set does not fail on its date.
async fn parse_details(
    db: &Db,
    user: UserId,
    form: &DetailsForm<'_>,
    current_due: Option<Date>,
    now: i64,
) -> Result<Details, AppError> {
    let title = SetTitle::parse(form.title).map_err(|e| AppError::field(FieldName::Title, e))?;
    let description = SetDescription::parse(form.description)
        .map_err(|e| AppError::field(FieldName::Description, e))?;
    let due_on = if form.due_on.trim().is_empty() {
        None
    } else {
        let field = |problem: FieldProblem| AppError::field(FieldName::DueOn, problem);
        let date = Date::parse(form.due_on).map_err(|e| field(e.into()))?;
        if Some(date) != current_due {
            let zone = crate::practice::learner_zone(db, user).await?;
            let today = Date::of_time(zone.day(now) * crate::domain::calendar::DAY);
            if date < today {
                return Err(field(FieldProblem::DateInThePast));
            }
            if today.days_until(date) > LONGEST_LEAD_DAYS {
                return Err(field(FieldProblem::DateTooFar));
            }
        }
        Some(date)
    };
    Ok(Details {
        description_html: crate::markdown::render_learner(description.as_str()),
        title,
        description,
        due_on,
    })
}

async fn find(db: &Db, set: SetId) -> Result<SetRow, AppError> {
    store::find_set(db, set)
        .await
        .context("loading a set")?
        .ok_or_else(not_found)
}

/// The set, if `user` owns it. A member who is not the owner gets 403; anyone else 404, as
/// for a set that does not exist, so ids reveal nothing to those outside a set.
async fn owned(db: &Db, user: UserId, set: SetId) -> Result<SetRow, AppError> {
    let row = find(db, set).await?;
    if row.owner != user {
        let member = store::membership(db, set, user)
            .await
            .context("checking a membership")?;
        return Err(match member {
            Some(_) => AppError::Forbidden,
            None => not_found(),
        });
    }
    Ok(row)
}

/// The set, if `user` is a member (or its owner); 404 otherwise.
async fn visible(db: &Db, user: UserId, set: SetId) -> Result<(SetRow, bool), AppError> {
    let row = find(db, set).await?;
    let shares = store::membership(db, set, user)
        .await
        .context("checking a membership")?
        .ok_or_else(not_found)?;
    Ok((row, shares))
}

fn parse_slug(text: &str) -> Result<QuestionSlug, AppError> {
    QuestionSlug::parse(text)
        .map_err(|_| AppError::field(FieldName::Question, FieldProblem::NoSuchQuestion))
}

pub async fn my_sets(db: &Db, user: UserId) -> Result<MySets, AppError> {
    let (owned, joined) = store::my_sets(db, user).await.context("listing sets")?;
    Ok(MySets { owned, joined })
}

/// Creates an empty set; questions are added on its page.
pub async fn create(
    db: &Db,
    user: UserId,
    form: &DetailsForm<'_>,
    now: i64,
) -> Result<SetId, AppError> {
    let details = parse_details(db, user, form, None, now).await?;
    store::create_set(db, user, &details.as_store(), &[], now)
        .await
        .context("creating a set")
}

/// A set's page for one of its members; `NotFound` for anyone else.
pub async fn page(db: &Db, user: UserId, set: SetId, now: i64) -> Result<SetLoad, AppError> {
    let Some(row) = store::find_set(db, set).await.context("loading a set")? else {
        return Ok(SetLoad::NotFound);
    };
    let Some(shares_progress) = store::membership(db, set, user)
        .await
        .context("checking a membership")?
    else {
        return Ok(SetLoad::NotFound);
    };
    let is_owner = row.owner == user;
    let questions = store::set_questions(db, set, user)
        .await
        .context("loading a set's questions")?;
    let addable = if is_owner {
        store::addable_questions(db, set)
            .await
            .context("listing questions to add")?
    } else {
        Vec::new()
    };
    let peers = store::peer_progress(db, set)
        .await
        .context("loading the peer table")?
        .into_iter()
        .map(|(member, username, cells)| PeerRow {
            username,
            is_me: member == user,
            cells,
        })
        .collect();
    let shared_answers = store::shared_answers(db, set, user)
        .await
        .context("listing shared answers")?;
    let shareable = store::shareable_attempts(db, set, user)
        .await
        .context("listing my answers to share")?;
    let members = store::member_count(db, set)
        .await
        .context("loading a set's page")?;
    let zone = crate::practice::learner_zone(db, user).await?;
    let today = Date::of_time(zone.day(now) * crate::domain::calendar::DAY);
    let description_html = description_html(&row);
    Ok(SetLoad::Found(Box::new(SetPage {
        id: row.id,
        title: row.title,
        description_html,
        description_md: row.description_md,
        due_on: row.due_on,
        owner: row.owner_name,
        is_owner,
        share_token: if is_owner { row.share_token } else { None },
        list_version: row.list_version,
        questions,
        addable,
        members,
        shares_progress,
        peers,
        shared_answers,
        shareable,
        now,
        today,
    })))
}

pub async fn update(
    db: &Db,
    user: UserId,
    set: SetId,
    form: &DetailsForm<'_>,
    now: i64,
) -> Result<(), AppError> {
    let row = owned(db, user, set).await?;
    let details = parse_details(db, user, form, row.due_on, now).await?;
    store::update_details(db, set, &details.as_store(), now)
        .await
        .context("saving a set")
}

pub async fn add_question(
    db: &Db,
    user: UserId,
    set: SetId,
    slug: &str,
    now: i64,
) -> Result<(), AppError> {
    owned(db, user, set).await?;
    let slug = parse_slug(slug)?;
    let question = questions::find_question(db, &slug)
        .await
        .context("loading a question")?;
    if question.is_none_or(|q| q.retired) {
        return Err(AppError::field(
            FieldName::Question,
            FieldProblem::NoSuchQuestion,
        ));
    }
    let added = store::add_question(db, set, &slug, now)
        .await
        .context("adding a question to a set")?;
    if !added {
        return Err(AppError::field(
            FieldName::Question,
            FieldProblem::AlreadyInSet,
        ));
    }
    Ok(())
}

pub async fn remove_question(
    db: &Db,
    user: UserId,
    set: SetId,
    slug: &str,
    now: i64,
) -> Result<(), AppError> {
    owned(db, user, set).await?;
    let slug = parse_slug(slug)?;
    let removed = store::remove_question(db, set, &slug, now)
        .await
        .context("removing a question from a set")?;
    if !removed {
        return Err(AppError::field(FieldName::Question, FieldProblem::NotInSet));
    }
    Ok(())
}

/// Moves a question one place up or down, if the list is still the one the page showed.
pub async fn move_question(
    db: &Db,
    user: UserId,
    set: SetId,
    slug: &str,
    direction: &str,
    version: i64,
    now: i64,
) -> Result<(), AppError> {
    owned(db, user, set).await?;
    let slug = parse_slug(slug)?;
    let direction = Direction::parse(direction)
        .ok_or_else(|| AppError::InvalidInput("A question moves up or down.".into()))?;
    match store::move_question(db, set, &slug, direction, version, now)
        .await
        .context("moving a question")?
    {
        Moved::Moved | Moved::AtEdge => Ok(()),
        Moved::Stale => Err(AppError::field(
            FieldName::Question,
            FieldProblem::ListChanged,
        )),
        Moved::NotInSet => Err(AppError::field(FieldName::Question, FieldProblem::NotInSet)),
    }
}

/// Draws a new share link, replacing any live one.
pub async fn share(db: &Db, user: UserId, set: SetId, now: i64) -> Result<ShareToken, AppError> {
    owned(db, user, set).await?;
    let token = new_share_token()?;
    store::set_share_token(db, set, Some(&token), now)
        .await
        .context("sharing a set")?;
    Ok(token)
}

/// Revokes the share link: from now on it finds nothing. Members stay members.
pub async fn revoke(db: &Db, user: UserId, set: SetId, now: i64) -> Result<(), AppError> {
    owned(db, user, set).await?;
    store::set_share_token(db, set, None, now)
        .await
        .context("revoking a share link")
}

/// Deletes a set, for every member; `confirmed` is the form's "I understand" box.
pub async fn delete(db: &Db, user: UserId, set: SetId, confirmed: bool) -> Result<(), AppError> {
    owned(db, user, set).await?;
    if !confirmed {
        return Err(AppError::field(
            FieldName::Confirm,
            FieldProblem::ConfirmDelete,
        ));
    }
    store::delete_set(db, set).await.context("deleting a set")
}

async fn by_token(db: &Db, token: &str) -> Result<Option<SetRow>, AppError> {
    // A malformed token names no set: the same 404 as a revoked one.
    let Ok(token) = ShareToken::parse(token) else {
        return Ok(None);
    };
    store::find_by_token(db, &token)
        .await
        .context("opening a share link")
}

/// A fingerprint of everything a signed-out visitor of a share link sees (the set's text,
/// its list's version, its owner and member count), for the page cache: a change to any of
/// them is a new page. `None` when the link is unknown, malformed or revoked.
pub async fn shared_page_version(db: &Db, token: &str) -> Result<Option<String>, AppError> {
    let Ok(token) = ShareToken::parse(token) else {
        return Ok(None);
    };
    let inputs = store::shared_page_inputs(db, &token)
        .await
        .context("fingerprinting a share link's page")?;
    Ok(inputs.map(|row| {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        // Each field with its length first, so no two rows hash the same bytes.
        for field in [
            row.id.to_string(),
            row.title,
            row.description_md,
            row.description_html.unwrap_or_default(),
            row.due_on.unwrap_or_default(),
            row.list_version.to_string(),
            row.owner_name,
            row.members.to_string(),
        ] {
            hash.update((field.len() as u64).to_le_bytes());
            hash.update(field.as_bytes());
        }
        hash.finalize()[..12]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }))
}

/// What a share link shows; `None` when it is unknown or revoked.
pub async fn shared(
    db: &Db,
    viewer: Option<UserId>,
    token: &str,
) -> Result<Option<SharedSet>, AppError> {
    let Some(row) = by_token(db, token).await? else {
        return Ok(None);
    };
    let viewer = match viewer {
        None => Viewer::SignedOut,
        Some(user) => {
            let member = store::membership(db, row.id, user)
                .await
                .context("checking a membership")?;
            if member.is_some() {
                Viewer::Member(row.id)
            } else {
                Viewer::Visitor
            }
        }
    };
    Ok(Some(SharedSet {
        description_html: description_html(&row),
        title: row.title,
        owner: row.owner_name,
        due_on: row.due_on,
        questions: store::question_choices(db, row.id)
            .await
            .context("loading a set's questions")?,
        members: store::member_count(db, row.id)
            .await
            .context("counting members")?,
        viewer,
    }))
}

/// Joins the set a live link names. Joining twice is the same as joining once; a link
/// revoked a moment before is "not found", never a half-join.
pub async fn join(db: &Db, user: UserId, token: &str, now: i64) -> Result<SetId, AppError> {
    let token = ShareToken::parse(token).map_err(|_| not_found())?;
    store::join_by_token(db, &token, user, now)
        .await
        .context("joining a set")?
        .ok_or_else(not_found)
}

async fn copy_row(db: &Db, user: UserId, row: &SetRow, now: i64) -> Result<SetId, AppError> {
    let slugs = store::set_slugs(db, row.id)
        .await
        .context("loading a set's questions")?;
    // "Copy of …" may run past the limit: cut the title, never refuse the copy.
    // A title saved before titles refused direction overrides may hold one: the copy drops
    // it rather than fail.
    let title: String = format!("Copy of {}", row.title)
        .chars()
        .filter(|&c| !crate::domain::sets::is_hidden_control(c))
        .take(SetTitle::MAX)
        .collect();
    let title = SetTitle::parse(&title).map_err(|err| AppError::internal("titling a copy", err))?;
    let description = SetDescription::parse(&row.description_md)
        .map_err(|err| AppError::internal("copying a description", err))?;
    store::create_set(
        db,
        user,
        &SetDetails {
            title: &title,
            description: &description,
            description_html: &description_html(row),
            due_on: row.due_on,
        },
        &slugs,
        now,
    )
    .await
    .context("copying a set")
}

/// Copies the set a live link names into a new set of my own.
pub async fn copy_shared(db: &Db, user: UserId, token: &str, now: i64) -> Result<SetId, AppError> {
    let row = by_token(db, token).await?.ok_or_else(not_found)?;
    copy_row(db, user, &row, now).await
}

/// Copies a set I am a member of into a new set of my own.
pub async fn copy(db: &Db, user: UserId, set: SetId, now: i64) -> Result<SetId, AppError> {
    let (row, _) = visible(db, user, set).await?;
    copy_row(db, user, &row, now).await
}

/// Leaves a set, taking back the answers I shared with it. The owner deletes instead.
pub async fn leave(db: &Db, user: UserId, set: SetId) -> Result<(), AppError> {
    let (row, _) = visible(db, user, set).await?;
    if row.owner == user {
        return Err(AppError::InvalidInput(
            "You own this set: delete it instead of leaving it.".into(),
        ));
    }
    store::leave(db, set, user).await.context("leaving a set")
}

/// Opts in to (or out of) showing my progress to the set's members.
pub async fn share_progress(
    db: &Db,
    user: UserId,
    set: SetId,
    shares: bool,
) -> Result<(), AppError> {
    visible(db, user, set).await?;
    store::set_shares_progress(db, set, user, shares)
        .await
        .context("saving a sharing choice")?;
    Ok(())
}

/// Shares one of my answers (at a question in the set) with the set for review.
pub async fn share_answer(
    db: &Db,
    user: UserId,
    set: SetId,
    attempt: &str,
    now: i64,
) -> Result<AttemptId, AppError> {
    visible(db, user, set).await?;
    let not_shareable = || AppError::field(FieldName::Attempt, FieldProblem::NotShareable);
    let attempt = attempt
        .trim()
        .parse::<i64>()
        .map(AttemptId)
        .map_err(|_| not_shareable())?;
    store::share_answer(db, set, attempt, user, now)
        .await
        .context("sharing an answer")?
        .ok_or_else(not_shareable)?;
    Ok(attempt)
}

/// A shared answer's page, for the set's members; `None` when the answer was not shared
/// with this set (whoever wrote it) or I am not a member.
pub async fn shared_answer(
    db: &Db,
    user: UserId,
    set: SetId,
    attempt: AttemptId,
    now: i64,
) -> Result<Option<SharedAnswerPage>, AppError> {
    let Some(row) = store::find_set(db, set).await.context("loading a set")? else {
        return Ok(None);
    };
    if store::membership(db, set, user)
        .await
        .context("checking a membership")?
        .is_none()
    {
        return Ok(None);
    }
    let Some(answer) = store::find_shared_answer(db, set, attempt)
        .await
        .context("loading a shared answer")?
    else {
        return Ok(None);
    };
    let question = questions::find_question(db, &answer.slug)
        .await
        .context("loading a question")?
        .ok_or_else(|| {
            AppError::internal(
                "loading a question",
                DbError::Corrupt(answer.slug.to_string()),
            )
        })?;
    let is_author = answer.author == user;
    let self_grade = if is_author {
        attempts::find_attempt(db, user, &answer.slug, attempt)
            .await
            .context("loading an attempt")?
            .and_then(|stored| stored.grade)
    } else {
        None
    };
    let reviews = store::reviews(db, attempt, Some(set))
        .await
        .context("loading reviews")?;
    let reviewed = reviews.iter().any(|(reviewer, _)| *reviewer == user);
    Ok(Some(SharedAnswerPage {
        set,
        set_title: row.title,
        attempt,
        author: answer.author_name,
        is_author,
        slug: answer.slug,
        question_title: question.title,
        rubric: question.rubric,
        answer_html: answer
            .answer_html
            .unwrap_or_else(|| crate::markdown::render_learner(&answer.answer_md)),
        skipped: answer.skipped,
        submitted_at: answer.submitted_at,
        self_grade,
        reviews: reviews.into_iter().map(|(_, review)| review).collect(),
        can_review: !is_author && !reviewed,
        now,
    }))
}

/// Scores a shared answer with the question's rubric and an optional comment. Only members,
/// never the author, once each.
pub async fn review(
    db: &Db,
    user: UserId,
    set: SetId,
    attempt: AttemptId,
    ticked: &[u32],
    comment: &str,
    now: i64,
) -> Result<(), AppError> {
    let page = shared_answer(db, user, set, attempt, now)
        .await?
        .ok_or_else(|| AppError::NotFound("That shared answer".into()))?;
    if page.is_author {
        return Err(AppError::InvalidInput(
            "This is your own answer: your self-rating is your score.".into(),
        ));
    }
    let comment =
        ReviewComment::parse(comment).map_err(|e| AppError::field(FieldName::Comment, e))?;
    let mut items = Vec::with_capacity(ticked.len());
    let mut seen = std::collections::BTreeSet::new();
    for &index in ticked {
        let item = usize::try_from(index)
            .ok()
            .and_then(|i| page.rubric.get(i))
            .ok_or_else(|| AppError::field(FieldName::Ticked, FieldProblem::UnknownRubricItem))?;
        if seen.insert(index) {
            items.push(item.clone());
        }
    }
    let outcome = store::insert_review(
        db,
        &NewReview {
            set,
            attempt,
            reviewer: user,
            ticked: &items,
            rubric_total: u32::try_from(page.rubric.len()).unwrap_or(u32::MAX),
            comment: comment.as_str(),
            now,
        },
    )
    .await
    .context("saving a review")?;
    match outcome {
        store::Reviewed::Stored => Ok(()),
        store::Reviewed::Already => Err(AppError::Conflict(
            "You have already reviewed this answer; your first review stands.".into(),
        )),
        store::Reviewed::Gone => Err(AppError::NotFound("That shared answer".into())),
    }
}

/// The reviews my attempt received, in every set I shared it with.
pub async fn reviews_of_my_attempt(
    db: &Db,
    attempt: AttemptId,
) -> Result<Vec<crate::domain::sets::PeerReview>, AppError> {
    Ok(store::reviews(db, attempt, None)
        .await
        .context("loading reviews")?
        .into_iter()
        .map(|(_, review)| review)
        .collect())
}

/// A set of mine or one I joined, as a file: (file name, contents).
pub async fn export(db: &Db, user: UserId, set: SetId) -> Result<(String, String), AppError> {
    let (row, _) = visible(db, user, set).await?;
    let slugs = store::set_slugs(db, set)
        .await
        .context("loading a set's questions")?;
    let file = render_set_file(&row.title, row.due_on, &slugs, &row.description_md);
    Ok((format!("rehearse-set-{}.md", set.0), file))
}

/// Creates a set of mine from a set file. Every slug must name a question in the bank (a
/// retired one included: it stays in the set, marked); otherwise nothing is created and the
/// error names the unknown ones.
pub async fn import(db: &Db, user: UserId, text: &str, now: i64) -> Result<SetId, AppError> {
    let file = parse_set_file(text)?;
    let mut unknown = Vec::new();
    for slug in &file.questions {
        let found = questions::find_question(db, slug)
            .await
            .context("checking an imported question")?;
        if found.is_none() {
            unknown.push(slug.clone());
        }
    }
    if !unknown.is_empty() {
        return Err(AppError::field(
            FieldName::SetFile,
            FieldProblem::UnknownQuestions(unknown),
        ));
    }
    store::create_set(
        db,
        user,
        &SetDetails {
            title: &file.title,
            description: &file.description,
            description_html: &crate::markdown::render_learner(file.description.as_str()),
            due_on: file.due_on,
        },
        &file.questions,
        now,
    )
    .await
    .context("importing a set")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_tokens_carry_128_fresh_bits() {
        use base64::Engine as _;
        let a = new_share_token().expect("token");
        let b = new_share_token().expect("token");
        assert_ne!(a, b);
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(a.as_str())
            .expect("base64url");
        assert_eq!(bytes.len(), 16);
    }
}
