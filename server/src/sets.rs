//! The set file's two plain routes: a download and a file upload, which a server function
//! cannot express as a link and a form that work without JavaScript.
//!
//! The import answers with a redirect either way, as the app's forms do: to the new set, or
//! back to the sets page with the error in the URL, encoded as the server functions encode
//! theirs (codes, not text), where the page shows it next to the file input.

use app::clock::Clock;
use app::db::Db;
use app::domain::SetId;
use app::error::{AppError, FieldName, FieldProblem};
use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

/// `GET /sets/ID/export`: a set I own or joined, as a Markdown file.
pub async fn export(State(db): State<Db>, session: Session, Path(id): Path<String>) -> Response {
    let result = async {
        let user = app::services::auth::require_user(&db, &session).await?;
        // A malformed id names no set.
        let id = id
            .parse::<i64>()
            .map_err(|_| AppError::NotFound("That set".into()))?;
        app::services::sets::export(&db, user, SetId(id)).await
    }
    .await;
    match result {
        Ok((name, text)) => (
            [
                (
                    header::CONTENT_TYPE,
                    "text/markdown; charset=utf-8".to_owned(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            text,
        )
            .into_response(),
        Err(error) => {
            let mut response = (error.http_status(), error.to_string()).into_response();
            for (name, value) in error.http_headers() {
                response.headers_mut().insert(name, value);
            }
            response
        }
    }
}

/// `POST /import-set` (multipart, field `set_file`): creates a set of mine from the file.
pub async fn import(
    State(db): State<Db>,
    State(clock): State<Clock>,
    session: Session,
    multipart: Multipart,
) -> Response {
    let user = match app::services::auth::require_user(&db, &session).await {
        Ok(user) => user,
        Err(AppError::Unauthorized) => return Redirect::to("/sign-in?next=/sets").into_response(),
        Err(error) => return back_with(&error),
    };
    let text = match read_set_file(multipart).await {
        Ok(text) => text,
        Err(error) => return back_with(&error),
    };
    match app::services::sets::import(&db, user, &text, clock.now()).await {
        Ok(set) => Redirect::to(&format!("{}?imported=1", set.href())).into_response(),
        Err(error) => back_with(&error),
    }
}

fn not_a_set() -> AppError {
    AppError::field(FieldName::SetFile, FieldProblem::NotASetFile)
}

/// The uploaded file as text. A missing field, a malformed upload or a file that is not
/// UTF-8 is "not a set file".
async fn read_set_file(mut multipart: Multipart) -> Result<String, AppError> {
    while let Some(field) = multipart.next_field().await.map_err(|_| not_a_set())? {
        if field.name() == Some("set_file") {
            let bytes = field.bytes().await.map_err(|_| not_a_set())?;
            return String::from_utf8(bytes.to_vec()).map_err(|_| not_a_set());
        }
    }
    Err(not_a_set())
}

/// Back to the sets page, with the error where its import form reads it.
fn back_with(error: &AppError) -> Response {
    let code = serde_json::to_string(error).unwrap_or_default();
    let query = serde_urlencoded::to_string([("import_error", code)]).unwrap_or_default();
    Redirect::to(&format!("/sets?{query}#import-set")).into_response()
}
