//! Defences that apply to every request, whatever route answers it.
//!
//! * Cross-site request refusal: a state-changing request (any method but GET, HEAD and
//!   OPTIONS) that a browser marks as coming from another site is answered 403 before any
//!   handler runs. Browsers send `Sec-Fetch-Site` (and `Origin`) on such requests; plain HTML
//!   form posts from our own pages carry `same-origin` and pass, with or without JavaScript.
//!   A request with neither header is not from a browser page, so no ambient cookie could be
//!   abused, and it passes.
//! * Security headers: `nosniff`, the referrer only to ourselves (`same-origin`: a form
//!   posted without JavaScript is sent back to the page it came from), no framing, and a strict default CSP for
//!   responses that are not pages (pages set their own, with a nonce; see `app::csp`).

use app::auth::ClientAddress;
use axum::extract::Request;
use axum::http::header::{HOST, ORIGIN};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::set_header::SetResponseHeaderLayer;

const SEC_FETCH_SITE: &str = "sec-fetch-site";

/// True when a browser tells us this state-changing request was made by another site.
pub fn is_cross_site(method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    if let Some(site) = headers.get(SEC_FETCH_SITE) {
        // `none` is a navigation the user started (bookmark, address bar).
        return !matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    match (headers.get(ORIGIN), headers.get(HOST)) {
        (None, _) => false,
        // `Origin: null` comes from sandboxed frames and privacy-sensitive redirects.
        (Some(origin), Some(host)) => !origin_matches_host(origin.as_bytes(), host.as_bytes()),
        (Some(_), None) => true,
    }
}

/// `https://example.org:8443` matches `Host: example.org:8443`, whatever the scheme.
fn origin_matches_host(origin: &[u8], host: &[u8]) -> bool {
    let Ok(origin) = std::str::from_utf8(origin) else {
        return false;
    };
    let Some((_, authority)) = origin.split_once("://") else {
        return false;
    };
    authority.as_bytes().eq_ignore_ascii_case(host)
}

pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    if is_cross_site(request.method(), request.headers()) {
        tracing::warn!(path = %request.uri().path(), "refused a cross-site request");
        return (
            StatusCode::FORBIDDEN,
            "This request came from another site, so Rehearse refused it.",
        )
            .into_response();
    }
    next.run(request).await
}

/// The strict policy for anything that is not a page (server function results, files).
pub const DEFAULT_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

pub fn header_layers() -> [SetResponseHeaderLayer<HeaderValue>; 4] {
    let header = |name: &'static str| HeaderName::from_static(name);
    [
        SetResponseHeaderLayer::if_not_present(
            header("content-security-policy"),
            HeaderValue::from_static(DEFAULT_CSP),
        ),
        SetResponseHeaderLayer::overriding(
            header("x-content-type-options"),
            HeaderValue::from_static("nosniff"),
        ),
        SetResponseHeaderLayer::overriding(
            header("referrer-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        // For browsers that predate CSP's frame-ancestors.
        SetResponseHeaderLayer::overriding(
            header("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ),
    ]
}

/// Puts the client's address on the request as [`ClientAddress`], for throttling. Behind a
/// reverse proxy the socket's peer is the proxy, so the settings can name the header the
/// proxy writes; its last value is the one that proxy added, the only one it vouches for.
pub async fn client_address(
    axum::extract::State(header): axum::extract::State<Option<HeaderName>>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip());
    let forwarded = header.as_ref().and_then(|name| {
        request
            .headers()
            .get_all(name)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .next_back()
            .and_then(|last| last.trim().parse::<std::net::IpAddr>().ok())
    });
    let address = forwarded
        .or(peer)
        .unwrap_or(std::net::IpAddr::from([0, 0, 0, 0]));
    request.extensions_mut().insert(ClientAddress(address));
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        map
    }

    #[test]
    fn reads_are_never_refused() {
        let cross = headers(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://evil.example"),
        ]);
        assert!(!is_cross_site(&Method::GET, &cross));
        assert!(!is_cross_site(&Method::HEAD, &cross));
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        for (site, refused) in [
            ("cross-site", true),
            ("same-site", true),
            ("same-origin", false),
            ("none", false),
        ] {
            let mut map = headers(&[("host", "rehearse.example")]);
            map.insert(
                HeaderName::from_static("sec-fetch-site"),
                HeaderValue::from_static(site),
            );
            assert_eq!(is_cross_site(&Method::POST, &map), refused, "{site}");
        }
    }

    #[test]
    fn origin_must_match_host_without_fetch_metadata() {
        let same = headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
        ]);
        let other_port = headers(&[
            ("origin", "http://127.0.0.1:4000"),
            ("host", "127.0.0.1:3000"),
        ]);
        let other_host = headers(&[
            ("origin", "https://evil.example"),
            ("host", "rehearse.example"),
        ]);
        let null = headers(&[("origin", "null"), ("host", "rehearse.example")]);
        assert!(!is_cross_site(&Method::POST, &same));
        assert!(is_cross_site(&Method::POST, &other_port));
        assert!(is_cross_site(&Method::DELETE, &other_host));
        assert!(is_cross_site(&Method::POST, &null));
    }

    #[test]
    fn requests_without_browser_headers_pass() {
        assert!(!is_cross_site(
            &Method::POST,
            &headers(&[("host", "rehearse.example")])
        ));
    }
}
