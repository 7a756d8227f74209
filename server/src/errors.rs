//! The HTTP side of the error policy.
//!
//! Server functions answer every error with status 500 and the error, JSON-encoded, as the
//! body. This middleware reads that body back as [`AppError`] and restores the status the
//! variant stands for (400 for bad input, 404 for a missing object, …), so that bad input is
//! never reported as a server failure. It touches only failed `/api/` calls.

use app::error::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

/// Our error bodies are a few hundred bytes; a larger one is not ours and is replaced.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn server_fn_status(request: Request, next: Next) -> Response {
    let is_server_fn = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_server_fn || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_ERROR_BODY).await {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(%err, "could not read a server function's error body");
            let body = serde_json::to_vec(&AppError::Internal).unwrap_or_default();
            parts.headers.remove(axum::http::header::CONTENT_LENGTH);
            parts.headers.insert(
                axum::http::header::CONTENT_TYPE,
                axum::http::HeaderValue::from_static("application/json"),
            );
            return Response::from_parts(parts, Body::from(body));
        }
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(error.status_code())
    {
        parts.status = status;
        if let AppError::TooManyAttempts { retry_after_secs } = error {
            parts.headers.insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(retry_after_secs),
            );
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
