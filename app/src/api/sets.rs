//! Practice-set server functions. Each authenticates, hands the raw form values to
//! [`crate::services::sets`], and on success redirects, so every call also works as a plain form post.
//! Exporting and importing a set file are plain routes of the server (a download and a
//! file upload), in `server/src/sets.rs`.

use crate::domain::sets::{MySets, SetLoad, SharedAnswerPage, SharedSet, SharedStoryPage};
#[cfg(feature = "ssr")]
use crate::domain::{AttemptId, SetId};
use crate::error::AppError;
use leptos::prelude::*;

/// My sets and the sets I joined; `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "my_sets")]
pub async fn load_my_sets() -> Result<Option<MySets>, AppError> {
    use super::support::*;
    let db = db()?;
    let Some(SignedIn { id: user, .. }) = signed_in(&db).await? else {
        return Ok(None);
    };
    Ok(Some(crate::services::sets::my_sets(&db, user).await?))
}

#[server(prefix = "/api", endpoint = "create_set")]
pub async fn create_set(
    title: String,
    description: String,
    due_on: String,
) -> Result<(), AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    let form = crate::services::sets::DetailsForm {
        title: &title,
        description: &description,
        due_on: &due_on,
    };
    let set = crate::services::sets::create(&db, user, &form, now()?).await?;
    leptos_axum::redirect(&format!("{}?created=1", set.href()));
    Ok(())
}

/// A set's page; `NotFound` for an unknown id or a set I am not in.
#[server(prefix = "/api", endpoint = "set")]
pub async fn load_set(id: String) -> Result<SetLoad, AppError> {
    use super::support::*;
    let db = db()?;
    let Some(SignedIn { id: user, .. }) = signed_in(&db).await? else {
        return Ok(SetLoad::SignedOut);
    };
    // A malformed id names no set: a 404.
    let Ok(id) = id.parse::<i64>() else {
        return Ok(SetLoad::NotFound);
    };
    crate::services::sets::page(&db, user, SetId(id), now()?).await
}

#[server(prefix = "/api", endpoint = "update_set")]
pub async fn update_set(
    set: i64,
    title: String,
    description: String,
    due_on: String,
) -> Result<(), AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    let form = crate::services::sets::DetailsForm {
        title: &title,
        description: &description,
        due_on: &due_on,
    };
    crate::services::sets::update(&db, user, SetId(set), &form, now()?).await?;
    leptos_axum::redirect(&format!("{}?saved=1#details", SetId(set).href()));
    Ok(())
}

#[server(prefix = "/api", endpoint = "add_to_set")]
pub async fn add_to_set(set: i64, question: String) -> Result<(), AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    crate::services::sets::add_question(&db, user, SetId(set), &question, now()?).await?;
    leptos_axum::redirect(&format!("{}#questions", SetId(set).href()));
    Ok(())
}

#[server(prefix = "/api", endpoint = "remove_from_set")]
pub async fn remove_from_set(set: i64, question: String) -> Result<(), AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    crate::services::sets::remove_question(&db, user, SetId(set), &question, now()?).await?;
    leptos_axum::redirect(&format!("{}#questions", SetId(set).href()));
    Ok(())
}

/// Moves a question up or down, made against the list `version` the page showed.
#[server(prefix = "/api", endpoint = "move_in_set")]
pub async fn move_in_set(
    set: i64,
    question: String,
    direction: String,
    version: i64,
) -> Result<(), AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    crate::services::sets::move_question(
        &db,
        user,
        SetId(set),
        &question,
        &direction,
        crate::domain::sets::ListVersion(version),
        now()?,
    )
    .await?;
    // Both were checked by the move: a slug of the set, and "up" or "down".
    leptos_axum::redirect(&format!(
        "{}?moved={question}&direction={direction}#questions",
        SetId(set).href()
    ));
    Ok(())
}

/// Draws a new share link (replacing any live one).
#[server(prefix = "/api", endpoint = "share_set")]
pub async fn share_set(set: i64) -> Result<(), AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    crate::services::sets::share(&db, user, SetId(set), now()?).await?;
    leptos_axum::redirect(&format!("{}#share", SetId(set).href()));
    Ok(())
}

#[server(prefix = "/api", endpoint = "revoke_link")]
pub async fn revoke_link(set: i64) -> Result<(), AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    crate::services::sets::revoke(&db, user, SetId(set), now()?).await?;
    leptos_axum::redirect(&format!("{}?revoked=1#share", SetId(set).href()));
    Ok(())
}

/// Deletes a set; `confirm` = "1" is the form's "I understand" box.
#[server(prefix = "/api", endpoint = "delete_set")]
pub async fn delete_set(set: i64, confirm: Option<String>) -> Result<(), AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    crate::services::sets::delete(&db, user, SetId(set), confirm.as_deref() == Some("1")).await?;
    leptos_axum::redirect("/sets?deleted=1");
    Ok(())
}

/// What a share link shows; `None` when the link is unknown or revoked.
#[server(prefix = "/api", endpoint = "shared_set")]
pub async fn load_shared_set(token: String) -> Result<Option<SharedSet>, AppError> {
    use super::support::*;
    let db = db()?;
    let viewer = signed_in(&db).await?.map(|me| me.id);
    crate::services::sets::shared(&db, viewer, &token).await
}

#[server(prefix = "/api", endpoint = "join_set")]
pub async fn join_set(token: String) -> Result<(), AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    let set = crate::services::sets::join(&db, user, &token, now()?).await?;
    leptos_axum::redirect(&format!("{}?joined=1", set.href()));
    Ok(())
}

/// Copies a set into a new one of mine: by its live link, or by id when I am in it.
#[server(prefix = "/api", endpoint = "copy_set")]
pub async fn copy_set(token: Option<String>, set: Option<i64>) -> Result<(), AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    let now = now()?;
    let copy = match (token, set) {
        (Some(token), _) => crate::services::sets::copy_shared(&db, user, &token, now).await?,
        (None, Some(set)) => crate::services::sets::copy(&db, user, SetId(set), now).await?,
        (None, None) => return Err(AppError::InvalidInput("Name the set to copy.".into())),
    };
    leptos_axum::redirect(&format!("{}?copied=1", copy.href()));
    Ok(())
}

#[server(prefix = "/api", endpoint = "leave_set")]
pub async fn leave_set(set: i64) -> Result<(), AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    crate::services::sets::leave(&db, user, SetId(set)).await?;
    leptos_axum::redirect("/sets?left=1");
    Ok(())
}

/// Opts in to showing my progress to the set (`share` = "1"), or out (absent).
#[server(prefix = "/api", endpoint = "share_progress")]
pub async fn share_progress(set: i64, share: Option<String>) -> Result<(), AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    crate::services::sets::share_progress(&db, user, SetId(set), share.as_deref() == Some("1"))
        .await?;
    leptos_axum::redirect(&format!("{}#progress", SetId(set).href()));
    Ok(())
}

#[server(prefix = "/api", endpoint = "share_answer")]
pub async fn share_answer(set: i64, attempt: String) -> Result<(), AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    let attempt =
        crate::services::sets::share_answer(&db, user, SetId(set), &attempt, now()?).await?;
    leptos_axum::redirect(&format!("{}/answers/{}", SetId(set).href(), attempt.0));
    Ok(())
}

/// A shared answer's page; `None` when it was not shared with the set or I am not in it.
#[server(prefix = "/api", endpoint = "shared_answer")]
pub async fn load_shared_answer(
    set: String,
    attempt: String,
) -> Result<Option<SharedAnswerPage>, AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    let (Ok(set), Ok(attempt)) = (set.parse::<i64>(), attempt.parse::<i64>()) else {
        return Ok(None);
    };
    crate::services::sets::shared_answer(&db, user, SetId(set), AttemptId(attempt), now()?).await
}

/// Scores a shared answer with the rubric, with an optional comment.
#[server(prefix = "/api", endpoint = "review_answer")]
pub async fn review_answer(
    set: i64,
    attempt: i64,
    ticked: Option<Vec<u32>>,
    comment: String,
) -> Result<(), AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    crate::services::sets::review(
        &db,
        user,
        SetId(set),
        AttemptId(attempt),
        &ticked.unwrap_or_default(),
        &comment,
        now()?,
    )
    .await?;
    leptos_axum::redirect(&format!(
        "{}/answers/{attempt}?reviewed=1#reviews",
        SetId(set).href()
    ));
    Ok(())
}

/// Shares one of my stories with the set for review.
#[server(prefix = "/api", endpoint = "share_story")]
pub async fn share_story(set: i64, story: String) -> Result<(), AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    let story = crate::services::sets::share_story(&db, user, SetId(set), &story, now()?).await?;
    leptos_axum::redirect(&format!("{}/stories/{}", SetId(set).href(), story.0));
    Ok(())
}

/// A shared story's page; `None` when it was not shared with the set or I am not in it.
#[server(prefix = "/api", endpoint = "shared_story")]
pub async fn load_shared_story(
    set: String,
    story: String,
) -> Result<Option<SharedStoryPage>, AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    let (Ok(set), Ok(story)) = (set.parse::<i64>(), story.parse::<i64>()) else {
        return Ok(None);
    };
    crate::services::sets::shared_story(
        &db,
        user,
        SetId(set),
        crate::domain::stories::StoryId(story),
        now()?,
    )
    .await
}

/// Scores a shared story with the story rubric, with an optional comment.
#[server(prefix = "/api", endpoint = "review_story")]
pub async fn review_story(
    set: i64,
    story: i64,
    ticked: Option<Vec<u32>>,
    comment: String,
) -> Result<(), AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    crate::services::sets::review_story(
        &db,
        user,
        SetId(set),
        crate::domain::stories::StoryId(story),
        &ticked.unwrap_or_default(),
        &comment,
        now()?,
    )
    .await?;
    leptos_axum::redirect(&format!(
        "{}/stories/{story}?reviewed=1#reviews",
        SetId(set).href()
    ));
    Ok(())
}
