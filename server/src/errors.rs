//! The HTTP side of the error policy.
//!
//! Server functions answer every error with status 500 and the error, JSON-encoded, as the
//! body. This middleware reads that body back as [`AppError`] and restores the status the
//! variant stands for (400 for bad input, 404 for a missing object, …), so that bad input is
//! never reported as a server failure. It touches only failed `/api/` calls. The mapping
//! itself is [`AppError::http_status`] and [`AppError::http_headers`], the one every route
//! and page uses.
//!
//! [`bound_bodies`] reads every request body before any handler does, so that a body too
//! large is a 413 and an unreadable one a 400, whichever route it was sent to, instead of
//! the error each library would make of it (a server function called it a failed
//! transport, a 502).

use app::error::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

/// The largest request body accepted. The largest form is an answer of 20 000 characters,
/// up to 240 KB once percent-encoded; a set file is a few kilobytes.
pub const MAX_REQUEST_BODY: usize = 1024 * 1024;

/// Buffers the request body up to [`MAX_REQUEST_BODY`]; see the module doc.
pub async fn bound_bodies(request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    let is_api = request.uri().path().starts_with("/api/");
    if declared.is_some_and(|length| length > MAX_REQUEST_BODY as u64) {
        return refuse(is_api, StatusCode::PAYLOAD_TOO_LARGE);
    }
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_REQUEST_BODY).await {
        Ok(bytes) => bytes,
        Err(err) => {
            let too_large = std::error::Error::source(&err)
                .is_some_and(|source| source.is::<http_body_util::LengthLimitError>());
            let status = if too_large {
                StatusCode::PAYLOAD_TOO_LARGE
            } else {
                StatusCode::BAD_REQUEST
            };
            return refuse(is_api, status);
        }
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// A refusal in the form its caller reads: our JSON error for server functions, a sentence
/// for anything else.
fn refuse(is_api: bool, status: StatusCode) -> Response {
    let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
        "The request is too large: Rehearse accepts at most 1 MiB."
    } else {
        "The request's body could not be read."
    };
    let (content_type, body) = if is_api {
        let error = AppError::InvalidInput(message.to_owned());
        (
            "application/json",
            serde_json::to_vec(&error).unwrap_or_default(),
        )
    } else {
        ("text/plain; charset=utf-8", message.as_bytes().to_vec())
    };
    Response::builder()
        .status(status)
        .header(axum::http::header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap_or_else(|_| Response::new(Body::empty()))
}

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
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = error.http_status();
        for (name, value) in error.http_headers() {
            parts.headers.insert(name, value);
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
