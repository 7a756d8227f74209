//! Server functions: the only door from components to the server, and the top of
//! `api → services → db`. Each has one shape: read what the request carries (the session, the
//! client's address, the clock), call one function of [`crate::services`], and answer with a
//! redirect (a form's post) or a value (a page's data). What a learner types goes to the
//! service as it was posted; only the ids of the URL (a set, an attempt) are read here, and a
//! malformed one is simply "not found". No SQL and no business rule lives here. The HTTP status follows the [`AppError`] variant: for calls
//! over HTTP the server's middleware sets it, and for calls made while rendering a page on the
//! server the page's error view does.

use crate::domain::{Concept, Level, QuestionDetail, QuestionSummary, StudyPage};
use crate::error::AppError;
use leptos::prelude::*;

pub mod account;
pub mod practice;
pub mod progress;
pub mod sets;
pub mod stories;

#[cfg(feature = "ssr")]
mod support {
    use crate::db::Db;
    use crate::error::AppError;
    use crate::services::auth::{Accounts, ClientAddress};
    use leptos::prelude::*;

    fn provided<T: Clone + Send + Sync + 'static>(what: &str) -> Result<T, AppError> {
        use_context::<T>().ok_or_else(|| {
            tracing::error!("{what} was not provided as context");
            AppError::Internal
        })
    }

    /// The database handle the server provides as context.
    pub fn db() -> Result<Db, AppError> {
        provided("the database handle")
    }

    pub fn accounts() -> Result<Accounts, AppError> {
        provided("the accounts service")
    }

    /// The session of this request (tower-sessions puts it on the request).
    pub async fn session() -> Result<tower_sessions::Session, AppError> {
        leptos_axum::extract::<tower_sessions::Session>()
            .await
            .map_err(|err| AppError::internal("reading the session", err))
    }

    pub use crate::services::auth::SignedIn;

    /// Who this request is signed in as, if anyone.
    pub async fn signed_in(db: &Db) -> Result<Option<SignedIn>, AppError> {
        crate::services::auth::current_user(db, &session().await?).await
    }

    /// The learner this request is signed in as; 401 when nobody is.
    pub async fn learner(db: &Db) -> Result<crate::domain::UserId, AppError> {
        crate::services::auth::require_user(db, &session().await?).await
    }

    /// Now, by the application's clock.
    pub fn now() -> Result<crate::domain::Timestamp, AppError> {
        Ok(provided::<crate::clock::Clock>("the clock")?.now())
    }

    /// The client's address, which the server puts on every request.
    pub fn client() -> Result<ClientAddress, AppError> {
        provided::<http::request::Parts>("the request")?
            .extensions
            .get::<ClientAddress>()
            .copied()
            .ok_or_else(|| {
                tracing::error!("the client address was not put on the request");
                AppError::Internal
            })
    }

    /// Ends the session on this device: the session cookie is removed (only a request that
    /// says so removes it; see [`crate::services::auth::SessionEnding`]), and the browser is
    /// asked to forget this site's cookies and storage (drafts kept in the page's storage
    /// included), so nothing of theirs stays on a shared computer. Sent when a learner signs
    /// out or deletes the account.
    pub fn forget_this_device() -> Result<(), AppError> {
        provided::<http::request::Parts>("the request")?
            .extensions
            .get::<crate::services::auth::SessionEnding>()
            .ok_or_else(|| {
                tracing::error!("the session's ending was not put on the request");
                AppError::Internal
            })?
            .mark();
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.insert_header(
                http::HeaderName::from_static("clear-site-data"),
                http::HeaderValue::from_static("\"cookies\", \"storage\""),
            );
        }
        Ok(())
    }
}

/// The bank, narrowed by level and concept when given.
#[server(prefix = "/api", endpoint = "list_questions")]
pub async fn list_questions(
    level: Option<Level>,
    concept: Option<Concept>,
) -> Result<Vec<QuestionSummary>, AppError> {
    crate::services::bank::list(&support::db()?, level, concept).await
}

/// One question by slug; `Ok(None)` when there is no such question, so the page can answer 404.
#[server(prefix = "/api", endpoint = "get_question")]
pub async fn get_question(slug: String) -> Result<Option<QuestionDetail>, AppError> {
    crate::services::bank::question(&support::db()?, &slug).await
}

/// A prose page by slug.
#[server(prefix = "/api", endpoint = "get_page")]
pub async fn get_page(slug: String) -> Result<Option<StudyPage>, AppError> {
    crate::services::bank::page(&support::db()?, &slug).await
}

/// The bank searched for `q`, narrowed by level and concept, one page at a time; when signed
/// in, my answers and stories too (`group` pages through one of them).
#[server(prefix = "/api", endpoint = "search", input = server_fn::codec::GetUrl)]
pub async fn search(
    q: Option<String>,
    level: Option<String>,
    concept: Option<String>,
    page: Option<String>,
    group: Option<String>,
) -> Result<crate::domain::search::Search, AppError> {
    let form = crate::services::search::SearchForm {
        query: q.as_deref(),
        level: level.as_deref(),
        concept: concept.as_deref(),
        page: page.as_deref(),
        group: group.as_deref(),
    };
    let db = support::db()?;
    // Only a search with words reads the session: the empty search page stays the same for
    // everyone.
    let learner = match form.query {
        Some(_) => support::signed_in(&db).await?.map(|signed_in| signed_in.id),
        None => None,
    };
    // A learner's results name their own answers and stories: one URL, different for each
    // learner, so no shared cache may keep them (as the pages say for themselves).
    if learner.is_some()
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
    {
        response.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("private, no-cache"),
        );
    }
    crate::services::search::search(&db, learner, &form).await
}
