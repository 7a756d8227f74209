//! Story-bank server functions. Each reads the session, hands the raw form values to
//! [`crate::services::stories`], and on success redirects, so the same call works as a plain
//! form post. A malformed story id in a URL is "not found", like someone else's story.
// A server function takes one argument per form field, and a story has eight of them.
#![expect(
    clippy::too_many_arguments,
    reason = "one argument per field of the story and rehearsal forms"
)]

use crate::domain::stories::{
    KindReadiness, RehearsePage, StoryDraft, StoryLoad, StoryPage, StorySummary,
};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn story_id(id: &str) -> Option<crate::domain::stories::StoryId> {
    id.trim()
        .parse::<i64>()
        .ok()
        .map(crate::domain::stories::StoryId)
}

/// My stories; `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "my_stories")]
pub async fn load_stories() -> Result<Option<Vec<StorySummary>>, AppError> {
    use super::support::*;
    let db = db()?;
    let Some(SignedIn { id: user, .. }) = signed_in(&db).await? else {
        return Ok(None);
    };
    Ok(Some(crate::services::stories::list(&db, user).await?))
}

/// My story's page, at `version` when one is named.
#[server(prefix = "/api", endpoint = "story")]
pub async fn load_story(
    id: String,
    version: Option<String>,
) -> Result<StoryLoad<StoryPage>, AppError> {
    use super::support::*;
    let db = db()?;
    let Some(SignedIn { id: user, .. }) = signed_in(&db).await? else {
        return Ok(StoryLoad::SignedOut);
    };
    let Some(id) = story_id(&id) else {
        return Ok(StoryLoad::NotFound);
    };
    // A version that is not a number names none: the page is "not found", not the newest.
    let version = match version.filter(|v| !v.trim().is_empty()) {
        None => None,
        Some(v) => match v.trim().parse::<i64>() {
            Ok(v) => Some(v),
            Err(_) => return Ok(StoryLoad::NotFound),
        },
    };
    Ok(
        match crate::services::stories::page(&db, user, id, version, now()?).await? {
            Some(page) => StoryLoad::Found(Box::new(page)),
            None => StoryLoad::NotFound,
        },
    )
}

/// What my story's edit form starts with.
#[server(prefix = "/api", endpoint = "story_draft")]
pub async fn load_story_draft(id: String) -> Result<StoryLoad<StoryDraft>, AppError> {
    use super::support::*;
    let db = db()?;
    let Some(SignedIn { id: user, .. }) = signed_in(&db).await? else {
        return Ok(StoryLoad::SignedOut);
    };
    let Some(id) = story_id(&id) else {
        return Ok(StoryLoad::NotFound);
    };
    Ok(
        match crate::services::stories::draft(&db, user, id).await? {
            Some(draft) => StoryLoad::Found(Box::new(draft)),
            None => StoryLoad::NotFound,
        },
    )
}

/// My story's rehearsal page, told for question `from` when one is named.
#[server(prefix = "/api", endpoint = "story_rehearsal")]
pub async fn load_rehearsal(
    id: String,
    from: Option<String>,
) -> Result<StoryLoad<RehearsePage>, AppError> {
    use super::support::*;
    let db = db()?;
    let Some(SignedIn { id: user, .. }) = signed_in(&db).await? else {
        return Ok(StoryLoad::SignedOut);
    };
    let Some(id) = story_id(&id) else {
        return Ok(StoryLoad::NotFound);
    };
    Ok(
        match crate::services::stories::rehearse_page(&db, user, id, from.as_deref(), now()?)
            .await?
        {
            Some(page) => StoryLoad::Found(Box::new(page)),
            None => StoryLoad::NotFound,
        },
    )
}

#[server(prefix = "/api", endpoint = "create_story")]
pub async fn create_story(
    title: String,
    kind: String,
    concepts: Option<Vec<String>>,
    situation: String,
    options: String,
    decision: String,
    result: String,
    lessons: String,
) -> Result<(), AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    let concepts = concepts.unwrap_or_default();
    let form = crate::services::stories::StoryForm {
        title: &title,
        kind: &kind,
        concepts: &concepts,
        parts: [&situation, &options, &decision, &result, &lessons],
    };
    let id = crate::services::stories::create(&db, user, &form, now()?).await?;
    leptos_axum::redirect(&format!("{}?saved=1", id.href()));
    Ok(())
}

#[server(prefix = "/api", endpoint = "update_story")]
pub async fn update_story(
    story: i64,
    title: String,
    kind: String,
    concepts: Option<Vec<String>>,
    situation: String,
    options: String,
    decision: String,
    result: String,
    lessons: String,
) -> Result<(), AppError> {
    use super::support::*;
    use crate::db::stories::Updated;
    let db = db()?;
    let user = learner(&db).await?;
    let concepts = concepts.unwrap_or_default();
    let form = crate::services::stories::StoryForm {
        title: &title,
        kind: &kind,
        concepts: &concepts,
        parts: [&situation, &options, &decision, &result, &lessons],
    };
    let id = crate::domain::stories::StoryId(story);
    let saved = crate::services::stories::update(&db, user, id, &form, now()?).await?;
    let notice = match saved {
        Updated::NewVersion(_) => "saved=1",
        _ => "saved=same",
    };
    leptos_axum::redirect(&format!("{}?{notice}", id.href()));
    Ok(())
}

#[server(prefix = "/api", endpoint = "delete_story")]
pub async fn delete_story(story: i64, confirm: Option<String>) -> Result<(), AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    crate::services::stories::delete(
        &db,
        user,
        crate::domain::stories::StoryId(story),
        confirm.as_deref() == Some("1"),
    )
    .await?;
    leptos_axum::redirect("/stories?deleted=1");
    Ok(())
}

/// Records a rehearsal: the rubric ticks and the rating, and schedules the story's next review.
#[server(prefix = "/api", endpoint = "rehearse_story")]
pub async fn rehearse_story(
    story: i64,
    token: String,
    from: Option<String>,
    notes: String,
    ticked: Option<Vec<u32>>,
    rating: Option<String>,
    opened_at: i64,
    elapsed_ms: Option<String>,
    timed: Option<String>,
) -> Result<(), AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    let id = crate::domain::stories::StoryId(story);
    let ticked = ticked.unwrap_or_default();
    let form = crate::services::stories::RehearsalForm {
        token: &token,
        question: from.as_deref().filter(|f| !f.is_empty()),
        notes: &notes,
        ticked: &ticked,
        rating: rating.as_deref(),
        opened_at: crate::domain::Timestamp::from_secs(opened_at),
        // Filled in by the browser; a value that is not a number is ignored, not an error.
        elapsed_ms: elapsed_ms.and_then(|ms| ms.trim().parse().ok()),
        timed: timed.as_deref() == Some("1"),
    };
    crate::services::stories::rehearse(&db, user, id, &form, now()?).await?;
    leptos_axum::redirect(&format!("{}?rehearsed=1#rehearsals", id.href()));
    Ok(())
}

/// Which of the study guide's three stories I have ready; `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "story_readiness")]
pub async fn story_readiness() -> Result<Option<Vec<KindReadiness>>, AppError> {
    use super::support::*;
    let db = db()?;
    let Some(SignedIn { id: user, .. }) = signed_in(&db).await? else {
        return Ok(None);
    };
    Ok(Some(crate::services::stories::readiness(&db, user).await?))
}
