//! Practice-loop server functions. Each authenticates, hands the raw form values to
//! [`crate::services::practice`], and on success redirects, so the same call works as a plain form post.

use crate::domain::{Practice, ReviewQueue};
use crate::error::AppError;
use leptos::prelude::*;

/// What the question page shows of the practice loop: an answer form, or one of my attempts
/// when `attempt` names it; with `before`, the list of my attempts starts below that one.
#[server(prefix = "/api", endpoint = "practice")]
pub async fn load_practice(
    slug: String,
    attempt: Option<String>,
    before: Option<String>,
) -> Result<Practice, AppError> {
    use super::support::*;
    let db = db()?;
    let Some(SignedIn { id: user, .. }) = signed_in(&db).await? else {
        return Ok(Practice::SignedOut);
    };
    let Ok(slug) = crate::domain::QuestionSlug::parse(&slug) else {
        return Ok(Practice::NoSuchAttempt);
    };
    let now = now()?;
    // A malformed cursor is ignored: the list starts at the newest.
    let before = before
        .and_then(|id| id.parse::<i64>().ok())
        .map(crate::domain::AttemptId);
    match attempt {
        None => Ok(Practice::Answer(
            crate::services::practice::answer_form(&db, user, &slug, before, now).await?,
        )),
        Some(id) => {
            // A malformed id names no attempt: a 404, like someone else's.
            let Ok(id) = id.parse::<i64>() else {
                return Ok(Practice::NoSuchAttempt);
            };
            Ok(crate::services::practice::attempt_detail(
                &db,
                user,
                &slug,
                crate::domain::AttemptId(id),
                before,
                now,
            )
            .await?
            .map_or(Practice::NoSuchAttempt, |detail| {
                Practice::Attempt(Box::new(detail))
            }))
        }
    }
}

/// Stores an answer and shows it beside the strong answer.
#[server(prefix = "/api", endpoint = "submit_answer")]
pub async fn submit_answer(
    slug: String,
    token: String,
    answer: String,
    opened_at: i64,
    skip: Option<String>,
    elapsed_ms: Option<String>,
    timed: Option<String>,
) -> Result<(), AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    let submission = crate::services::practice::Submission {
        slug: &slug,
        token: &token,
        answer: &answer,
        skip: skip.as_deref() == Some("1"),
        opened_at: crate::domain::Timestamp::from_secs(opened_at),
        // Filled in by the browser; a value that is not a number is ignored, not an error.
        elapsed_ms: elapsed_ms.and_then(|ms| ms.trim().parse().ok()),
        timed: timed.as_deref() == Some("1"),
    };
    let (slug, id) = crate::services::practice::submit(&db, user, &submission, now()?).await?;
    leptos_axum::redirect(&format!("{}?attempt={}#your-attempt", slug.href(), id.0));
    Ok(())
}

/// Saves the rubric ticks and the rating, and schedules the next review.
#[server(prefix = "/api", endpoint = "grade_attempt")]
pub async fn grade_attempt(
    slug: String,
    attempt: i64,
    ticked: Option<Vec<u32>>,
    rating: Option<String>,
) -> Result<(), AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    let slug = crate::services::practice::grade(
        &db,
        user,
        &slug,
        crate::domain::AttemptId(attempt),
        &ticked.unwrap_or_default(),
        rating.as_deref(),
        now()?,
    )
    .await?;
    leptos_axum::redirect(&format!("{}?attempt={attempt}&graded=1#saved", slug.href()));
    Ok(())
}

/// The answer rendered by the same safe pipeline as the content, for the preview.
#[server(prefix = "/api", endpoint = "preview_answer")]
pub async fn preview_answer(answer: String) -> Result<String, AppError> {
    use super::support::*;
    learner(&db()?).await?;
    crate::services::practice::preview(&answer)
}

/// My review queue; `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "review_queue")]
pub async fn load_review_queue() -> Result<Option<ReviewQueue>, AppError> {
    use super::support::*;
    let db = db()?;
    let Some(SignedIn { id: user, .. }) = signed_in(&db).await? else {
        return Ok(None);
    };
    Ok(Some(
        crate::services::practice::review_queue(&db, user, now()?).await?,
    ))
}

/// My interview date as `YYYY-MM-DD`, if set (and `None` when nobody is signed in).
#[server(prefix = "/api", endpoint = "interview_date")]
pub async fn interview_date() -> Result<Option<String>, AppError> {
    use super::support::*;
    let db = db()?;
    let Some(SignedIn { id: user, .. }) = signed_in(&db).await? else {
        return Ok(None);
    };
    Ok(crate::services::practice::interview_date(&db, user)
        .await?
        .map(|date| date.to_string()))
}

/// Sets the interview date; an empty value clears it.
#[server(prefix = "/api", endpoint = "set_interview_date")]
pub async fn set_interview_date(interview_on: String) -> Result<(), AppError> {
    use super::support::*;
    let db = db()?;
    let user = learner(&db).await?;
    crate::services::practice::set_interview_date(&db, user, &interview_on, now()?).await?;
    leptos_axum::redirect("/account?interview=1#interview");
    Ok(())
}
