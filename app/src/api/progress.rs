//! Progress server functions: the dashboard, a concept's page, and the time-zone setting.

use crate::domain::progress::{ConceptReport, Dashboard, TimeZoneSetting};
use crate::error::AppError;
use leptos::prelude::*;

/// My dashboard; `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "dashboard")]
pub async fn load_dashboard() -> Result<Option<Dashboard>, AppError> {
    use super::support::*;
    let db = db()?;
    let Some(SignedIn { id: user, .. }) = signed_in(&db).await? else {
        return Ok(None);
    };
    Ok(Some(
        crate::services::progress::dashboard(&db, user, now()?).await?,
    ))
}

/// One concept's questions with my status on each; `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "concept_report")]
pub async fn load_concept_report(concept: String) -> Result<Option<ConceptReport>, AppError> {
    use super::support::*;
    let concept = crate::domain::Concept::from_slug(&concept)
        .ok_or_else(|| AppError::NotFound("That concept".into()))?;
    let db = db()?;
    let Some(SignedIn { id: user, .. }) = signed_in(&db).await? else {
        return Ok(None);
    };
    Ok(Some(
        crate::services::progress::concept_report(&db, user, concept, now()?).await?,
    ))
}

/// My time zone as an IANA name, if set, and the names to choose from (`None` when nobody is
/// signed in).
#[server(prefix = "/api", endpoint = "time_zone")]
pub async fn time_zone() -> Result<Option<TimeZoneSetting>, AppError> {
    use super::support::*;
    let db = db()?;
    let Some(SignedIn { id: user, .. }) = signed_in(&db).await? else {
        return Ok(None);
    };
    Ok(Some(
        crate::services::progress::time_zone_setting(&db, user).await?,
    ))
}

#[server(prefix = "/api", endpoint = "set_time_zone")]
pub async fn set_time_zone(time_zone: String) -> Result<(), AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    crate::services::progress::set_time_zone(&db, user, &time_zone, false).await?;
    leptos_axum::redirect("/account?time_zone=1#time-zone");
    Ok(())
}
