//! Defences that apply to every request, whatever route answers it.
//!
//! * Cross-site request refusal: a state-changing request (any method but GET, HEAD and
//!   OPTIONS) that a browser marks as coming from another site is answered 403 before any
//!   handler runs. Browsers send `Sec-Fetch-Site` (and `Origin`) on such requests; plain HTML
//!   form posts from our own pages carry `same-origin` and pass, with or without JavaScript.
//!   A state-changing request that carries a cookie must prove where it comes from: with
//!   none of `Sec-Fetch-Site`, `Origin` or a `Referer` of this host it is refused too (an
//!   old browser, or a client that strips them, cannot be told apart from a forged post).
//!   Without a cookie there is no ambient authority to abuse, and it passes.
//! * The data exports (`/api/my_data`, a set's `/export`) are refused to cross-site reads:
//!   a GET that the browser marks `cross-site` or `same-site` gets 403.
//! * Redirects stay on this site: a `Location` that names another host becomes the bank. A
//!   plain form post to a server function that fails is redirected back to its `Referer`
//!   (leptos' form-redirect behaviour), and a request can carry any `Referer` it likes, so
//!   without this a crafted post would bounce a browser to a page of the attacker's choosing.
//!   The address of our own host is cut to its path.
//! * The session cookie is removed only by a request that ends its session on purpose
//!   (sign-out, account deletion), never because a late request carried an id that a
//!   sign-in or password change has just replaced (see `SessionEnding`).
//! * Security headers: `nosniff`, the referrer only to ourselves (`same-origin`: a form
//!   posted without JavaScript is sent back to the page it came from), no framing, and a strict default CSP for
//!   responses that are not pages (pages set their own, with a nonce; see `app::csp`).

use app::services::auth::{ClientAddress, SessionEnding};
use axum::extract::Request;
use axum::http::header::{COOKIE, HOST, LOCATION, ORIGIN, REFERER, SET_COOKIE};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::set_header::SetResponseHeaderLayer;

const SEC_FETCH_SITE: &str = "sec-fetch-site";

/// True when this request must be refused as cross-site (see the module doc).
pub fn is_cross_site(method: &Method, path: &str, headers: &HeaderMap) -> bool {
    let site = headers.get(SEC_FETCH_SITE).map(HeaderValue::as_bytes);
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return is_export(path) && matches!(site, Some(b"cross-site" | b"same-site"));
    }
    if let Some(site) = site {
        // `none` is a navigation the user started (bookmark, address bar).
        return !matches!(site, b"same-origin" | b"none");
    }
    let host = headers.get(HOST).map(HeaderValue::as_bytes);
    if let Some(origin) = headers.get(ORIGIN) {
        // `Origin: null` comes from sandboxed frames and privacy-sensitive redirects.
        return !host.is_some_and(|host| origin_matches_host(origin.as_bytes(), host));
    }
    if !headers.contains_key(COOKIE) {
        return false;
    }
    let same_origin_referer = headers
        .get(REFERER)
        .zip(host)
        .is_some_and(|(referer, host)| {
            let referer = referer.as_bytes();
            // The origin part of the referrer: up to the first `/`, `?` or `#` after `://`.
            let end = referer
                .windows(3)
                .position(|w| w == b"://")
                .map(|at| at + 3)
                .and_then(|start| {
                    referer[start..]
                        .iter()
                        .position(|&b| matches!(b, b'/' | b'?' | b'#'))
                        .map(|len| start + len)
                        .or(Some(referer.len()))
                });
            end.is_some_and(|end| origin_matches_host(&referer[..end], host))
        });
    !same_origin_referer
}

/// The downloads that carry a learner's data.
fn is_export(path: &str) -> bool {
    path == "/api/my_data"
        || path
            .strip_prefix("/sets/")
            .is_some_and(|rest| rest.ends_with("/export"))
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
    if is_cross_site(request.method(), request.uri().path(), request.headers()) {
        tracing::warn!(path = %request.uri().path(), "refused a cross-site request");
        return (
            StatusCode::FORBIDDEN,
            "This request came from another site, so Rehearse refused it.",
        )
            .into_response();
    }
    next.run(request).await
}

/// Rewrites a redirect that leaves this site; see the module doc.
pub async fn keep_redirects_on_site(request: Request, next: Next) -> Response {
    let host = request.headers().get(HOST).cloned();
    let mut response = next.run(request).await;
    if let Some(location) = response.headers().get(LOCATION) {
        let kept = on_site_location(
            location.as_bytes(),
            host.as_ref().map(HeaderValue::as_bytes),
        );
        if kept.as_slice() != location.as_bytes() {
            // A refused plain post comes back to its `Referer`, our own absolute address:
            // cutting that to its path is routine. Only a location that named somewhere
            // else (and so became the bank) is worth a warning.
            if kept.as_slice() == b"/" {
                tracing::warn!("a redirect that left the site was sent to the bank");
            } else {
                tracing::debug!("a redirect to this site's own address was cut to its path");
            }
            if let Ok(value) = HeaderValue::from_bytes(&kept) {
                response.headers_mut().insert(LOCATION, value);
            }
        }
    }
    response
}

/// `location` when it is a path on this site; the path of an absolute address of `host`;
/// the bank (`/`) for anything else (another host, `//host`, `/\host`, a scheme).
fn on_site_location(location: &[u8], host: Option<&[u8]>) -> Vec<u8> {
    let is_path = |path: &[u8]| {
        path.starts_with(b"/")
            && !path.starts_with(b"//")
            && !path.contains(&b'\\')
            && !path.iter().any(u8::is_ascii_control)
    };
    if is_path(location) {
        return location.to_vec();
    }
    let ours = location
        .iter()
        .position(|&b| b == b':')
        .filter(|&colon| location[colon..].starts_with(b"://"))
        .and_then(|colon| {
            let rest = &location[colon + 3..];
            let end = rest
                .iter()
                .position(|&b| matches!(b, b'/' | b'?' | b'#'))
                .unwrap_or(rest.len());
            let scheme = &location[..colon];
            let same_host = host.is_some_and(|host| rest[..end].eq_ignore_ascii_case(host));
            let web = scheme.eq_ignore_ascii_case(b"http") || scheme.eq_ignore_ascii_case(b"https");
            (same_host && web).then(|| &rest[end..])
        });
    match ours {
        Some(path) if is_path(path) => path.to_vec(),
        Some(rest) if rest.is_empty() || rest.starts_with(b"?") || rest.starts_with(b"#") => {
            [b"/".as_slice(), rest].concat()
        }
        _ => b"/".to_vec(),
    }
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

/// `Strict-Transport-Security` for a year, sent when cookies are `Secure` (served over https).
pub fn hsts_layer() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(
        HeaderName::from_static("strict-transport-security"),
        HeaderValue::from_static("max-age=31536000"),
    )
}

/// Removes the session cookie only when the request ended its session on purpose (see
/// [`SessionEnding`]): a removal cookie that tower-sessions sends for an id it no longer
/// stores is dropped. Sits outside the session layer, to see the cookies it set.
pub async fn forget_sessions_only_on_purpose(
    axum::extract::State(cookie_name): axum::extract::State<&'static str>,
    mut request: Request,
    next: Next,
) -> Response {
    let ending = SessionEnding::default();
    request.extensions_mut().insert(ending.clone());
    let mut response = next.run(request).await;
    if ending.is_marked() {
        return response;
    }
    let is_removal = |value: &HeaderValue| {
        value
            .to_str()
            .ok()
            .and_then(|text| tower_sessions::cookie::Cookie::parse(text).ok())
            .is_some_and(|cookie| {
                cookie.name() == cookie_name && cookie.max_age() == Some(time::Duration::ZERO)
            })
    };
    let headers = response.headers_mut();
    if headers.get_all(SET_COOKIE).iter().any(is_removal) {
        let kept: Vec<HeaderValue> = headers
            .get_all(SET_COOKIE)
            .iter()
            .filter(|value| !is_removal(value))
            .cloned()
            .collect();
        headers.remove(SET_COOKIE);
        for value in kept {
            headers.append(SET_COOKIE, value);
        }
    }
    response
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
        assert!(!is_cross_site(&Method::GET, "/", &cross));
        assert!(!is_cross_site(&Method::HEAD, "/sets/3", &cross));
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
            assert_eq!(
                is_cross_site(&Method::POST, "/api/x", &map),
                refused,
                "{site}"
            );
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
        assert!(!is_cross_site(&Method::POST, "/api/x", &same));
        assert!(is_cross_site(&Method::POST, "/api/x", &other_port));
        assert!(is_cross_site(&Method::DELETE, "/api/x", &other_host));
        assert!(is_cross_site(&Method::POST, "/api/x", &null));
    }

    #[test]
    fn redirects_stay_on_this_site() {
        let host = Some(b"rehearse.example".as_slice());
        let kept = |location: &str| {
            String::from_utf8(on_site_location(location.as_bytes(), host)).expect("utf-8")
        };
        assert_eq!(kept("/sign-in?__err=x"), "/sign-in?__err=x");
        assert_eq!(kept("https://rehearse.example/sets/3?a=1"), "/sets/3?a=1");
        assert_eq!(kept("http://REHEARSE.example?x=1"), "/?x=1");
        for away in [
            "https://evil.example/phish",
            "https://rehearse.example.evil.example/",
            "https://rehearse.example@evil.example/",
            "//evil.example/",
            "/\\evil.example/",
            "javascript:alert(1)",
            "https://rehearse.example//evil.example/",
            "evil.example",
        ] {
            assert_eq!(kept(away), "/", "{away}");
        }
    }

    #[test]
    fn requests_without_browser_headers_pass_only_without_a_cookie() {
        let post = |pairs: &[(&'static str, &'static str)]| {
            is_cross_site(&Method::POST, "/api/create_set", &headers(pairs))
        };
        assert!(!post(&[("host", "rehearse.example")]));
        assert!(post(&[
            ("host", "rehearse.example"),
            ("cookie", "rehearse_session=x")
        ]));
        assert!(!post(&[
            ("host", "rehearse.example"),
            ("cookie", "rehearse_session=x"),
            ("referer", "https://rehearse.example/sets?x=1"),
        ]));
        for foreign in [
            "https://evil.example/",
            "https://rehearse.example.evil.example/",
            "https://rehearse.example@evil.example/",
            "rehearse.example",
        ] {
            let mut map = headers(&[("host", "rehearse.example"), ("cookie", "a=b")]);
            map.insert(REFERER, HeaderValue::from_static(foreign));
            assert!(
                is_cross_site(&Method::POST, "/api/create_set", &map),
                "{foreign}"
            );
        }
    }

    #[test]
    fn exports_refuse_cross_site_reads() {
        for (path, site, refused) in [
            ("/api/my_data", "cross-site", true),
            ("/api/my_data", "same-site", true),
            ("/api/my_data", "same-origin", false),
            ("/api/my_data", "none", false),
            ("/sets/12/export", "cross-site", true),
            ("/sets/12", "cross-site", false),
            ("/", "cross-site", false),
        ] {
            let mut map = headers(&[("host", "rehearse.example")]);
            map.insert(
                HeaderName::from_static("sec-fetch-site"),
                HeaderValue::from_static(site),
            );
            assert_eq!(
                is_cross_site(&Method::GET, path, &map),
                refused,
                "{path} {site}"
            );
        }
    }
}
