//! Reaching a set from outside and leaving it: what a share link shows, joining by it, copying
//! a set, leaving one, and whether a member shows their progress to the others.

use super::{Access, Role, description_html, not_found};
use crate::db::Db;
use crate::db::sets::{self as store, SetDetails, SetRow};
use crate::domain::Timestamp;
use crate::domain::sets::{SharedSet, Viewer};
use crate::domain::{SetDescription, SetId, SetTitle, ShareToken, UserId};
use crate::error::{AppError, Context};

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
            row.list_version.0.to_string(),
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
    let (row, viewer) = match viewer {
        None => (row, Viewer::SignedOut),
        Some(user) => {
            let access = Access::to_row(db, user, row).await?;
            let viewer = if access.may_see() {
                Viewer::Member(access.row.id)
            } else {
                Viewer::Visitor
            };
            (access.row, viewer)
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
pub async fn join(db: &Db, user: UserId, token: &str, now: Timestamp) -> Result<SetId, AppError> {
    let token = ShareToken::parse(token).map_err(|_| not_found())?;
    store::join_by_token(db, &token, user, now)
        .await
        .context("joining a set")?
        .ok_or_else(not_found)
}

async fn copy_row(db: &Db, user: UserId, row: &SetRow, now: Timestamp) -> Result<SetId, AppError> {
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
pub async fn copy_shared(
    db: &Db,
    user: UserId,
    token: &str,
    now: Timestamp,
) -> Result<SetId, AppError> {
    let row = by_token(db, token).await?.ok_or_else(not_found)?;
    copy_row(db, user, &row, now).await
}

/// Copies a set I am a member of into a new set of my own.
pub async fn copy(db: &Db, user: UserId, set: SetId, now: Timestamp) -> Result<SetId, AppError> {
    let row = Access::to_see(db, user, set).await?.row;
    copy_row(db, user, &row, now).await
}

/// Leaves a set, taking back the answers I shared with it. The owner deletes instead.
pub async fn leave(db: &Db, user: UserId, set: SetId) -> Result<(), AppError> {
    if Access::to_see(db, user, set).await?.role == Role::Owner {
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
    Access::to_see(db, user, set).await?;
    store::set_shares_progress(db, set, user, shares)
        .await
        .context("saving a sharing choice")?;
    Ok(())
}
