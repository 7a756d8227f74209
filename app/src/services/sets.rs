//! Practice sets on the server: who may see and change a set, sharing by link, joining and
//! copying, the peer table, shared answers and stories and their reviews, and the set file.
//!
//! The access rule, decided in one place ([`Role`], computed once per request): a set's page
//! is for its members (the owner is one); a share link shows a preview to anyone holding it;
//! changing a set is for its owner only (403 for another member). An unknown set, and a set
//! that is not mine to see, are both "not found", so ids reveal nothing. Every input is
//! parsed before anything is written.

use crate::db::sets::{self as store, Moved, SetDetails, SetRow};
use crate::db::{Db, questions};
use crate::domain::Timestamp;
use crate::domain::sets::ListVersion;
use crate::domain::sets::{Direction, MySets, PeerRow, SetLoad, SetPage};
use crate::domain::{Date, QuestionSlug, SetDescription, SetId, SetTitle, ShareToken, UserId};
use crate::error::Context;
use crate::error::{AppError, FieldName, FieldProblem};
use crate::services::shared::{check_ahead, learner_zone, random_128};

mod file;
mod members;
mod reviews;
mod stories;
pub use file::{SetFile, export, import, parse_set_file, render_set_file};
pub use members::{copy, copy_shared, join, leave, share_progress, shared, shared_page_version};
pub use reviews::{review, share_answer, shared_answer};
pub use stories::{review_story, share_story, shared_story};

fn not_found() -> AppError {
    AppError::NotFound("That set".into())
}

/// A fresh share token: 128 bits from the operating system's generator.
pub fn new_share_token() -> Result<ShareToken, AppError> {
    ShareToken::parse(&random_128()?)
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
    now: Timestamp,
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
            check_ahead(db, user, date, now, field).await?;
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

/// Who a learner is to a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Owner,
    Member,
    /// Neither: for this learner the set does not exist.
    Outsider,
}

/// A set as one learner reaches it: its row and their role, decided once per request from the
/// set and the learner's membership. Every action asks this one value, in the manner of the
/// registry backend's rights check, instead of each writing the rule out again:
/// members see (the owner is one), the owner changes, a member who asks to change gets 403,
/// and anyone else gets 404, exactly as for a set that does not exist.
struct Access {
    row: SetRow,
    role: Role,
    /// Whether this member shows their progress to the set; `false` for an outsider.
    shares_progress: bool,
}

impl Access {
    /// `None` when there is no such set.
    async fn of(db: &Db, user: UserId, set: SetId) -> Result<Option<Self>, AppError> {
        let Some(row) = store::find_set(db, set).await.context("loading a set")? else {
            return Ok(None);
        };
        Ok(Some(Self::to_row(db, user, row).await?))
    }

    async fn to_row(db: &Db, user: UserId, row: SetRow) -> Result<Self, AppError> {
        let membership = store::membership(db, row.id, user)
            .await
            .context("checking a membership")?;
        let role = match membership {
            _ if row.owner == user => Role::Owner,
            Some(_) => Role::Member,
            None => Role::Outsider,
        };
        Ok(Self {
            row,
            role,
            shares_progress: membership.unwrap_or(false),
        })
    }

    fn may_see(&self) -> bool {
        self.role != Role::Outsider
    }

    /// For a learner who may see the set; 404 for anyone else.
    async fn to_see(db: &Db, user: UserId, set: SetId) -> Result<Self, AppError> {
        Self::of(db, user, set)
            .await?
            .filter(Self::may_see)
            .ok_or_else(not_found)
    }

    /// For the set's owner; 403 for another member, 404 for anyone else.
    async fn to_change(db: &Db, user: UserId, set: SetId) -> Result<Self, AppError> {
        let access = Self::of(db, user, set).await?.ok_or_else(not_found)?;
        match access.role {
            Role::Owner => Ok(access),
            Role::Member => Err(AppError::Forbidden),
            Role::Outsider => Err(not_found()),
        }
    }
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
    now: Timestamp,
) -> Result<SetId, AppError> {
    let details = parse_details(db, user, form, None, now).await?;
    store::create_set(db, user, &details.as_store(), &[], now)
        .await
        .context("creating a set")
}

/// A set's page for one of its members; `NotFound` for anyone else.
pub async fn page(db: &Db, user: UserId, set: SetId, now: Timestamp) -> Result<SetLoad, AppError> {
    let Some(Access {
        row,
        role,
        shares_progress,
    }) = Access::of(db, user, set).await?.filter(Access::may_see)
    else {
        return Ok(SetLoad::NotFound);
    };
    let is_owner = role == Role::Owner;
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
        .map(|member| PeerRow {
            is_me: member.user == user,
            username: member.username,
            cells: member.cells,
        })
        .collect();
    let shared_answers = store::shared_answers(db, set, user)
        .await
        .context("listing shared answers")?;
    let shareable = store::shareable_attempts(db, set, user)
        .await
        .context("listing my answers to share")?;
    let shared_stories = store::shared_stories(db, set, user)
        .await
        .context("listing shared stories")?;
    let shareable_stories = store::shareable_stories(db, set, user)
        .await
        .context("listing my stories to share")?;
    let members = store::member_count(db, set)
        .await
        .context("loading a set's page")?;
    let zone = learner_zone(db, user).await?;
    let today = zone.day(now);
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
        shared_stories,
        shareable_stories,
        now,
        today,
    })))
}

pub async fn update(
    db: &Db,
    user: UserId,
    set: SetId,
    form: &DetailsForm<'_>,
    now: Timestamp,
) -> Result<(), AppError> {
    let row = Access::to_change(db, user, set).await?.row;
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
    now: Timestamp,
) -> Result<(), AppError> {
    Access::to_change(db, user, set).await?;
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
    now: Timestamp,
) -> Result<(), AppError> {
    Access::to_change(db, user, set).await?;
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
    version: ListVersion,
    now: Timestamp,
) -> Result<(), AppError> {
    Access::to_change(db, user, set).await?;
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
pub async fn share(
    db: &Db,
    user: UserId,
    set: SetId,
    now: Timestamp,
) -> Result<ShareToken, AppError> {
    Access::to_change(db, user, set).await?;
    let token = new_share_token()?;
    store::set_share_token(db, set, Some(&token), now)
        .await
        .context("sharing a set")?;
    Ok(token)
}

/// Revokes the share link: from now on it finds nothing. Members stay members.
pub async fn revoke(db: &Db, user: UserId, set: SetId, now: Timestamp) -> Result<(), AppError> {
    Access::to_change(db, user, set).await?;
    store::set_share_token(db, set, None, now)
        .await
        .context("revoking a share link")
}

/// Deletes a set, for every member; `confirmed` is the form's "I understand" box.
pub async fn delete(db: &Db, user: UserId, set: SetId, confirmed: bool) -> Result<(), AppError> {
    Access::to_change(db, user, set).await?;
    if !confirmed {
        return Err(AppError::field(
            FieldName::Confirm,
            FieldProblem::ConfirmDelete,
        ));
    }
    store::delete_set(db, set).await.context("deleting a set")
}
