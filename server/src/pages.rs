//! Finishing touches on every rendered page, before it is cached or sent.
//!
//! Leptos's server render appends its hydration data after `</html>` as inline scripts
//! (`__RESOLVED_RESOURCES=[];…`). In islands mode, with no island loading data while the page
//! renders, they only initialise empty arrays, which the island loader (`assets/islands.js`)
//! now does itself. Dropping them leaves the page with no inline script (the CSP allows none)
//! and nothing after `</html>` (a document error). Anything else found there is left alone
//! and logged: the CSP then blocks it, which the browser tests report.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Larger than any page Rehearse renders (the biggest, a dashboard over 100 000 attempts, is
/// well under a megabyte).
const MAX_PAGE: usize = 16 * 1024 * 1024;

/// The data scripts an islands render appends when no island carries data.
const EMPTY_DATA: [&str; 2] = [
    "__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];__PENDING_RESOURCES=[];__RESOURCE_RESOLVERS=[];",
    "__INCOMPLETE_CHUNKS=[];",
];

pub async fn finish(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_PAGE).await {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(%err, "a page's body could not be read");
            return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let bytes = match without_trailing_data(&bytes) {
        Some(end) => bytes.slice(..end),
        None => bytes,
    };
    parts.headers.remove(CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(bytes))
}

/// Where the page should end (just after `</html>`) when all that follows it is hydration
/// markers and the empty data scripts; `None` when there is nothing to drop, or something
/// unexpected follows.
pub fn without_trailing_data(page: &Bytes) -> Option<usize> {
    let text = std::str::from_utf8(page).ok()?;
    let end = text.rfind("</html>")? + "</html>".len();
    let mut tail = &text[end..];
    if tail.is_empty() {
        return None;
    }
    loop {
        tail = tail.trim_start();
        if tail.is_empty() {
            return Some(end);
        }
        if let Some(rest) = tail.strip_prefix("<!>") {
            tail = rest;
            continue;
        }
        let Some(rest) = tail.strip_prefix("<script") else {
            break;
        };
        let Some(open_end) = rest.find('>') else {
            break;
        };
        // Only a nonce may stand in the opening tag.
        let attributes = rest[..open_end].trim();
        if !(attributes.is_empty() || is_nonce_attribute(attributes)) {
            break;
        }
        let rest = &rest[open_end + 1..];
        let Some(close) = rest.find("</script>") else {
            break;
        };
        if !EMPTY_DATA.contains(&&rest[..close]) {
            break;
        }
        tail = &rest[close + "</script>".len()..];
    }
    tracing::warn!("a page ends with something other than empty hydration data; left in place");
    None
}

fn is_nonce_attribute(attributes: &str) -> bool {
    attributes
        .strip_prefix("nonce=\"")
        .and_then(|rest| rest.strip_suffix('"'))
        .is_some_and(|value| {
            value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trimmed(page: &str) -> Option<&str> {
        let bytes = Bytes::copy_from_slice(page.as_bytes());
        without_trailing_data(&bytes).map(|end| &page[..end])
    }

    #[test]
    fn the_empty_data_after_the_document_is_dropped() {
        let page = "<html><body>x</body></html><!><script nonce=\"Ab+/9=\">__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];__PENDING_RESOURCES=[];__RESOURCE_RESOLVERS=[];</script><script nonce=\"Ab+/9=\">__INCOMPLETE_CHUNKS=[];</script>";
        assert_eq!(trimmed(page), Some("<html><body>x</body></html>"));
        let bare = "<html></html><script>__INCOMPLETE_CHUNKS=[];</script>\n";
        assert_eq!(trimmed(bare), Some("<html></html>"));
    }

    #[test]
    fn anything_else_is_left_in_place() {
        for page in [
            "<html></html>",
            "<html></html><script>__RESOLVED_RESOURCES=[\"data\"];</script>",
            "<html></html><script>alert(1)</script>",
            "<html></html><script src=\"/x.js\">__INCOMPLETE_CHUNKS=[];</script>",
            "<html></html><script nonce=\"a\" onload=\"x\">__INCOMPLETE_CHUNKS=[];</script>",
            "<html></html><script>__INCOMPLETE_CHUNKS=[];",
            "<html></html><p>text</p>",
        ] {
            assert_eq!(trimmed(page), None, "{page}");
        }
    }
}
