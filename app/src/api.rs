//! Server functions: the only door from components to the server. Each one is thin: it parses
//! its input into domain types, calls one `db` function, and maps the error through
//! [`AppError`]. No SQL and no business rule lives here. The HTTP status follows the error
//! variant: for calls over HTTP the server's middleware sets it, and for calls made while
//! rendering a page on the server the page's error view does.

use crate::domain::{Concept, Level, QuestionDetail, QuestionSummary, StudyPage};
use crate::error::AppError;
use leptos::prelude::*;

pub mod account;
pub mod practice;
pub mod progress;
pub mod sets;

#[cfg(feature = "ssr")]
mod support {
    use crate::auth::{Accounts, ClientAddress};
    use crate::db::{Db, DbError};
    use crate::error::AppError;
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

    /// Asks the browser to forget this site's cookies and storage (drafts kept in the
    /// page's storage included): sent when a learner signs out or deletes the account, so
    /// nothing of theirs stays on a shared computer.
    pub fn clear_site_data() {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.insert_header(
                http::HeaderName::from_static("clear-site-data"),
                http::HeaderValue::from_static("\"cookies\", \"storage\""),
            );
        }
    }

    pub fn internal(context: &'static str) -> impl FnOnce(DbError) -> AppError {
        move |err| AppError::internal(context, err)
    }
}

/// The bank, narrowed by level and concept when given.
#[server(prefix = "/api", endpoint = "list_questions")]
pub async fn list_questions(
    level: Option<Level>,
    concept: Option<Concept>,
) -> Result<Vec<QuestionSummary>, AppError> {
    use support::*;
    crate::db::questions::list_questions(&db()?, level, concept)
        .await
        .map_err(internal("listing questions"))
}

/// One question by slug; `Ok(None)` when there is no such question, so the page can answer 404.
#[server(prefix = "/api", endpoint = "get_question")]
pub async fn get_question(slug: String) -> Result<Option<QuestionDetail>, AppError> {
    use support::*;
    // A malformed slug names no question: that is a 404, not a bad request.
    let Ok(slug) = crate::domain::QuestionSlug::parse(&slug) else {
        return Ok(None);
    };
    crate::db::questions::find_question(&db()?, &slug)
        .await
        .map_err(internal("loading a question"))
}

/// A prose page by slug.
#[server(prefix = "/api", endpoint = "get_page")]
pub async fn get_page(slug: String) -> Result<Option<StudyPage>, AppError> {
    use support::*;
    // A malformed slug names no page: a 404.
    let Ok(slug) = crate::domain::PageSlug::parse(&slug) else {
        return Ok(None);
    };
    crate::db::pages::find_page(&db()?, &slug)
        .await
        .map_err(internal("loading a page"))
}
