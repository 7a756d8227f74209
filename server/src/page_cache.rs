//! Pages that are the same for every signed-out visitor, rendered once and served from memory.
//!
//! The bank (each filter combination), each question, the study guide and the help page
//! change only when `content/` does, which is synced into the database at start-up, so a
//! process renders each of them once, compresses it once per encoding (brotli and gzip, at
//! their best levels), and answers later visitors from memory with a strong `ETag` (`304 Not
//! Modified` on a matching `If-None-Match`).
//!
//! Every key starts with the version of the content the database holds
//! (`app::db::content::version`). Servers sharing a database therefore serve the same bank:
//! when one of them starts with new content and syncs it, the others find the new version,
//! render the new pages, and drop the old ones. The version is read at most once per second
//! of the server's clock, not for every page: read for every page it halved the cache's
//! throughput (15 100 against 33 500 pages a second, `BENCHMARKS.md`). So for less than a
//! second after another server syncs new content, a server may still serve the pages it
//! cached from the old.
//!
//! Nothing personal is ever cached, by construction:
//! - a request that carries the session cookie, any method but GET and HEAD, and any query
//!   parameter the page does not read (an error coming back from a form, `?next=`, a
//!   notice) are passed through to the renderer;
//! - only a `200` HTML response without `Set-Cookie` is kept;
//! - pages carry no per-response value (no CSP nonce, see `app::csp`; no form token, which
//!   only signed-in pages have).
//!
//! Concurrent misses for one page wait for one render. The cache is bounded (entries and
//! bytes); when full it stops adding, and pages are rendered as before.
//!
//! A signed-out visitor's `/join/…` page (a share link) follows its set, which changes
//! without a restart. Its key carries a fingerprint of what the page shows, read from the
//! database for each request (one indexed row, `app::services::sets::shared_page_version`): an edit, a
//! change to the list, a member joining or leaving is a new key, and a revoked link has no
//! key at all (its 404 is rendered). Storing a set's new version drops its older ones.

use app::clock::Clock;
use app::db::Db;
use app::domain::Timestamp;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{
    ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, ETAG, IF_NONE_MATCH,
    SET_COOKIE, VARY,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};
use tokio::sync::OnceCell;

/// Which response a request got, in the `x-rehearse-cache` header (for tests and benches).
pub const CACHE_STATUS: &str = "x-rehearse-cache";

const MAX_ENTRIES: usize = 4_096;
const MAX_BYTES: usize = 64 * 1024 * 1024;
const MAX_PAGE: usize = 4 * 1024 * 1024;
/// Far above any render (a content page renders in milliseconds).
const RENDER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

#[derive(Clone)]
pub struct PageCache {
    inner: Arc<Mutex<Entries>>,
    db: Db,
    clock: Clock,
}

#[derive(Default)]
struct Entries {
    /// The content version the pages were rendered from.
    version: String,
    /// The second at which `version` was last read from the database.
    checked_at: Option<Timestamp>,
    pages: HashMap<String, Arc<OnceCell<Option<Arc<Page>>>>>,
}

/// One rendered page, in each encoding.
struct Page {
    headers: HeaderMap,
    etag: HeaderValue,
    identity: Bytes,
    gzip: Bytes,
    brotli: Bytes,
}

impl Page {
    fn size(&self) -> usize {
        self.identity.len() + self.gzip.len() + self.brotli.len()
    }
}

/// The cache key of a request for a cacheable page, or `None` if it must be rendered.
///
/// Only the exact forms the site's own links and forms produce are cached, each parameter at
/// most once, so the keys are a small finite set (about 2 600 pages at 61 questions) and two
/// requests with one key render the same bytes. Anything else (another spelling of a value,
/// an unknown parameter, a repeat) is rendered as before and not kept.
pub fn cache_key(method: &Method, uri: &axum::http::Uri, headers: &HeaderMap) -> Option<String> {
    // HEAD is answered by the GET handler with the body removed: not a page to keep.
    if method != Method::GET || has_session_cookie(headers) {
        return None;
    }
    let path = uri.path();
    let params: Vec<(String, String)> =
        serde_urlencoded::from_str(uri.query().unwrap_or("")).ok()?;
    let value = |name: &str| -> Result<Option<&str>, ()> {
        let mut found = params.iter().filter(|(n, _)| n == name);
        match (found.next(), found.next()) {
            (None, _) => Ok(None),
            (Some((_, v)), None) => Ok(Some(v.as_str())),
            (Some(_), Some(_)) => Err(()),
        }
    };
    let known: &[&str] = match path {
        // Completed with the set's fingerprint by `serve`.
        _ if path.starts_with(JOIN) => {
            let token = &path[JOIN.len()..];
            let plain = !token.is_empty()
                && token
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            return (plain && params.is_empty()).then(|| path.to_owned());
        }
        "/" => &["level", "concept"],
        "/study-guide" | "/help" => &[],
        _ => {
            let slug = path.strip_prefix("/questions/")?;
            app::domain::QuestionSlug::parse(slug).ok()?;
            &["reveal", "step"]
        }
    };
    if params
        .iter()
        .any(|(name, _)| !known.contains(&name.as_str()))
    {
        return None;
    }
    let canonical = |name: &str, value: &str| -> bool {
        match name {
            "level" => value.is_empty() || matches!(value, "1" | "2" | "3" | "4"),
            "concept" => {
                value.is_empty() || app::domain::Concept::ALL.iter().any(|c| c.slug() == value)
            }
            "reveal" => value == "1",
            "step" => matches!(value.as_bytes(), [b'1'..=b'9'] | [b'1', b'0'..=b'9']),
            _ => false,
        }
    };
    let mut key = path.to_owned();
    let mut separator = '?';
    for name in known {
        if let Some(v) = value(name).ok()? {
            if !canonical(name, v) {
                return None;
            }
            key.push(separator);
            key.push_str(name);
            key.push('=');
            key.push_str(v);
            separator = '&';
        }
    }
    Some(key)
}

fn has_session_cookie(headers: &HeaderMap) -> bool {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|pair| {
            let name = pair.trim().split('=').next().unwrap_or("");
            name == "rehearse_session" || name == "__Host-rehearse_session"
        })
}

const JOIN: &str = "/join/";

pub async fn serve(State(cache): State<PageCache>, request: Request, next: Next) -> Response {
    let Some(mut key) = cache_key(request.method(), request.uri(), request.headers()) else {
        return next.run(request).await;
    };
    if let Some(token) = key.strip_prefix(JOIN) {
        match app::services::sets::shared_page_version(&cache.db, token).await {
            Ok(Some(version)) => key = format!("{key}@{version}"),
            // Unknown or revoked: its 404 is rendered, and its old pages go.
            Ok(None) => {
                cache.forget_versions_of(&format!("{key}@"));
                return with_status(next.run(request).await, "bypass");
            }
            Err(_) => return with_status(next.run(request).await, "bypass"),
        }
    }
    let Some(version) = cache.content_version().await else {
        return with_status(next.run(request).await, "bypass");
    };
    let key = format!("{version} {key}");
    let Some(cell) = cache.cell(&key) else {
        return with_status(next.run(request).await, "full");
    };
    let accept = request.headers().get(ACCEPT_ENCODING).cloned();
    let if_none_match = request.headers().get(IF_NONE_MATCH).cloned();
    // The first request renders; concurrent ones wait for it. A response that may not be
    // kept goes to whoever rendered it, and the others render their own.
    let mut request = Some(request);
    let mut uncacheable = None;
    let mut rendered_here = false;
    let page = {
        let (pending, kept_back, rendered) = (&mut request, &mut uncacheable, &mut rendered_here);
        let next = next.clone();
        cell.get_or_init(|| async move {
            *rendered = true;
            let request = pending.take()?;
            // Others wait on this render: a render that hangs must not hold them forever.
            let rendered = tokio::time::timeout(RENDER_TIMEOUT, async {
                capture(next.run(request).await).await
            });
            match rendered.await {
                Ok(Ok(page)) => Some(Arc::new(page)),
                Ok(Err(response)) => {
                    *kept_back = Some(response);
                    None
                }
                Err(_) => {
                    tracing::error!("a page render for the cache took too long; given up");
                    let mut response = Response::new(Body::from("This page took too long."));
                    *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
                    *kept_back = Some(response);
                    None
                }
            }
        })
        .await
        .clone()
    };
    match page {
        Some(page) => {
            let status = if rendered_here { "miss" } else { "hit" };
            respond(&page, accept.as_ref(), if_none_match.as_ref(), status)
        }
        None => {
            if rendered_here {
                // Not kept: the next request for this page tries again. Only this slot goes:
                // a newer one may have taken the key meanwhile.
                let mut entries = cache.lock();
                if entries
                    .pages
                    .get(&key)
                    .is_some_and(|c| Arc::ptr_eq(c, &cell))
                {
                    entries.pages.remove(&key);
                }
            }
            match (uncacheable, request) {
                (Some(response), _) => with_status(response, "bypass"),
                (None, Some(request)) => with_status(next.run(request).await, "bypass"),
                (None, None) => Response::builder()
                    .status(StatusCode::INTERNAL_SERVER_ERROR)
                    .body(Body::empty())
                    .unwrap_or_default(),
            }
        }
    }
}

impl PageCache {
    pub fn new(db: Db, clock: Clock) -> Self {
        Self {
            inner: Arc::default(),
            db,
            clock,
        }
    }

    /// The version of the content the database holds, read at most once a second; a new one
    /// drops every page rendered from another. `None` (render, do not cache) before the
    /// first sync or when it cannot be read.
    async fn content_version(&self) -> Option<String> {
        let now = self.clock.now();
        {
            let entries = self.lock();
            if entries.checked_at == Some(now) {
                return Some(entries.version.clone());
            }
        }
        let version = match app::db::content::version(&self.db).await {
            Ok(version) => version?,
            Err(err) => {
                tracing::warn!(error = %err, "the content version could not be read; page not cached");
                return None;
            }
        };
        let mut entries = self.lock();
        entries.checked_at = Some(now);
        if entries.version != version {
            entries.pages.clear();
            version.clone_into(&mut entries.version);
        }
        Some(version)
    }

    /// The slot of `key`'s page, made if there is room for another page.
    fn cell(&self, key: &str) -> Option<Arc<OnceCell<Option<Arc<Page>>>>> {
        if let Some((set, _)) = unversioned(key).split_once('@')
            && !self.lock().pages.contains_key(key)
        {
            // A set's page changed: its older versions will never be asked for again.
            self.forget_versions_of(&format!("{set}@"));
        }
        let mut entries = self.lock();
        if let Some(cell) = entries.pages.get(key) {
            return Some(Arc::clone(cell));
        }
        // The bytes are added up when a page is added (a few thousand pointers at most),
        // rather than kept in a counter that renders finishing and versions being dropped
        // would have to keep in step.
        let bytes: usize = entries
            .pages
            .values()
            .filter_map(|cell| cell.get().cloned().flatten())
            .map(|page| page.size())
            .sum();
        if entries.pages.len() >= MAX_ENTRIES || bytes >= MAX_BYTES {
            return None;
        }
        Some(Arc::clone(entries.pages.entry(key.to_owned()).or_default()))
    }

    /// Drops every page whose key, after the content version, starts with `prefix`.
    fn forget_versions_of(&self, prefix: &str) {
        self.lock()
            .pages
            .retain(|key, _| !unversioned(key).starts_with(prefix));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        // A panic while holding the lock leaves plain data behind; carry on with it.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A key without the content version it starts with.
fn unversioned(key: &str) -> &str {
    key.split_once(' ').map_or(key, |(_, page)| page)
}

/// Keeps a response if it is a complete `200` HTML page that sets no cookie; otherwise hands
/// it back as it was.
async fn capture(response: Response) -> Result<Page, Response> {
    let (parts, body) = response.into_parts();
    // The session layer sits outside this one, so its cookie is not visible here; a
    // signed-out render never writes a session (only a signed-in visit is kept alive), and a
    // request that has one bypasses the cache before this point.
    let keep = parts.status == StatusCode::OK
        && axum::body::HttpBody::size_hint(&body)
            .upper()
            .is_some_and(|size| size <= MAX_PAGE as u64)
        && !parts.headers.contains_key(SET_COOKIE)
        && !parts.headers.contains_key(CONTENT_ENCODING)
        && parts
            .headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
    if !keep {
        return Err(Response::from_parts(parts, body));
    }
    let identity = match axum::body::to_bytes(body, MAX_PAGE).await {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(%err, "a page's body could not be read for the cache");
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            return Err(response);
        }
    };
    let (gzip, brotli) = tokio::task::spawn_blocking({
        let identity = identity.clone();
        move || (gzip(&identity), brotli(&identity))
    })
    .await
    .unwrap_or_default();
    let mut headers = parts.headers;
    headers.remove(CONTENT_LENGTH);
    headers.insert(VARY, HeaderValue::from_static("accept-encoding, cookie"));
    Ok(Page {
        headers,
        etag: etag(&identity),
        identity,
        gzip: gzip.into(),
        brotli: brotli.into(),
    })
}

fn respond(
    page: &Page,
    accept: Option<&HeaderValue>,
    if_none_match: Option<&HeaderValue>,
    status: &'static str,
) -> Response {
    let mut response = Response::new(Body::empty());
    *response.headers_mut() = page.headers.clone();
    let (body, encoding) = match preferred_encoding(accept) {
        Encoding::Brotli if !page.brotli.is_empty() => (page.brotli.clone(), Some("br")),
        Encoding::Gzip | Encoding::Brotli if !page.gzip.is_empty() => {
            (page.gzip.clone(), Some("gzip"))
        }
        _ => (page.identity.clone(), None),
    };
    // A strong validator names exact bytes: each encoding has its own.
    let etag = encoded_etag(&page.etag, encoding);
    let headers = response.headers_mut();
    headers.insert(ETAG, etag.clone());
    headers.insert(CACHE_STATUS, HeaderValue::from_static(status));
    if if_none_match.is_some_and(|tags| matches_etag(tags, &etag)) {
        headers.remove(CONTENT_TYPE);
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        return response;
    }
    if let Some(encoding) = encoding {
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    headers.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
    *response.body_mut() = Body::from(body);
    response
}

fn with_status(mut response: Response, status: &'static str) -> Response {
    response
        .headers_mut()
        .insert(CACHE_STATUS, HeaderValue::from_static(status));
    response
}

#[derive(Debug, PartialEq, Eq)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

/// The best encoding the client accepts: brotli, then gzip, then none. A `q=0` refuses one.
fn preferred_encoding(accept: Option<&HeaderValue>) -> Encoding {
    let Some(accept) = accept.and_then(|v| v.to_str().ok()) else {
        return Encoding::Identity;
    };
    let accepts = |wanted: &str| {
        accept.split(',').any(|item| {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            name.eq_ignore_ascii_case(wanted) && !refused
        })
    };
    if accepts("br") {
        Encoding::Brotli
    } else if accepts("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

fn matches_etag(if_none_match: &HeaderValue, etag: &HeaderValue) -> bool {
    let Ok(tags) = if_none_match.to_str() else {
        return false;
    };
    let ours = etag.as_bytes();
    tags.split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag).as_bytes() == ours)
}

/// A strong validator: the first 128 bits of the page's SHA-256, so every server with the
/// same content gives the same tag.
fn etag(page: &[u8]) -> HeaderValue {
    use base64::Engine as _;
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(page);
    let tag = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..16]);
    HeaderValue::from_str(&format!("\"{tag}\"")).unwrap_or(HeaderValue::from_static("\"\""))
}

/// `"tag"` for the page as it is, `"tag-br"` and `"tag-gzip"` for its compressed copies.
fn encoded_etag(etag: &HeaderValue, encoding: Option<&str>) -> HeaderValue {
    let Some(encoding) = encoding else {
        return etag.clone();
    };
    let tag = etag.to_str().unwrap_or("\"\"").trim_end_matches('"');
    HeaderValue::from_str(&format!("{tag}-{encoding}\"")).unwrap_or_else(|_| etag.clone())
}

fn gzip(page: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    match encoder.write_all(page).and_then(|()| encoder.finish()) {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(%err, "gzip of a cached page failed; served uncompressed");
            Vec::new()
        }
    }
}

fn brotli(page: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    match brotli::BrotliCompress(&mut &page[..], &mut out, &params) {
        Ok(_) => out,
        Err(err) => {
            tracing::error!(%err, "brotli of a cached page failed; served as gzip");
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Uri;

    fn key(method: Method, uri: &str, cookie: Option<&str>) -> Option<String> {
        let mut headers = HeaderMap::new();
        if let Some(cookie) = cookie {
            headers.insert(COOKIE, HeaderValue::from_str(cookie).expect("ascii"));
        }
        cache_key(&method, &uri.parse::<Uri>().expect("a uri"), &headers)
    }

    #[test]
    fn content_pages_are_cacheable_with_the_parameters_they_read() {
        for uri in [
            "/",
            "/?level=2",
            "/?level=2&concept=cap",
            "/study-guide",
            "/help",
            "/questions/cap-in-practice",
            "/questions/cap-in-practice?reveal=1&step=2",
            // Completed with the set's fingerprint when served.
            "/join/Zk3_q-9xA",
        ] {
            assert_eq!(key(Method::GET, uri, None).as_deref(), Some(uri));
            assert_eq!(
                key(Method::GET, uri, Some("theme=dark")).as_deref(),
                Some(uri)
            );
        }
    }

    #[test]
    fn anything_personal_or_unknown_is_rendered() {
        for (method, uri, cookie) in [
            (Method::GET, "/", Some("rehearse_session=abc")),
            (
                Method::GET,
                "/help",
                Some("a=b; __Host-rehearse_session=abc"),
            ),
            (Method::POST, "/", None),
            (Method::HEAD, "/", None),
            (Method::GET, "/?__path=/api/x&__err=abc", None),
            (Method::GET, "/?deleted=1", None),
            (Method::GET, "/help?next=/review", None),
            (Method::GET, "/review", None),
            (Method::GET, "/sets", None),
            (Method::GET, "/join/abc", Some("rehearse_session=abc")),
            (Method::GET, "/join/abc?next=/sets", None),
            (Method::GET, "/join/", None),
            (Method::GET, "/join/a/b", None),
            (Method::GET, "/join/a%20b", None),
            (Method::GET, "/questions/", None),
            (Method::GET, "/questions/a/b", None),
            (Method::GET, "/?level=02", None),
            (Method::GET, "/?level=9", None),
            (Method::GET, "/?level=%202", None),
            (Method::GET, "/?concept=nope", None),
            (Method::GET, "/?level=2&level=2", None),
            (Method::GET, "/questions/cap-in-practice?step=01", None),
            (Method::GET, "/questions/cap-in-practice?step=100", None),
            (Method::GET, "/questions/cap-in-practice?reveal=yes", None),
            (Method::GET, "/questions/Not_A_Slug", None),
        ] {
            assert_eq!(
                key(method.clone(), uri, cookie),
                None,
                "{method} {uri} {cookie:?}"
            );
        }
    }

    #[test]
    fn encodings_follow_accept_encoding() {
        let pick = |v: &str| preferred_encoding(Some(&HeaderValue::from_str(v).expect("ascii")));
        assert_eq!(pick("gzip, deflate, br"), Encoding::Brotli);
        assert_eq!(pick("gzip"), Encoding::Gzip);
        assert_eq!(pick("br;q=0, gzip;q=0.5"), Encoding::Gzip);
        assert_eq!(pick("identity"), Encoding::Identity);
        assert_eq!(preferred_encoding(None), Encoding::Identity);
    }

    #[test]
    fn etags_match_strong_weak_and_any() {
        let tag = etag(b"page");
        let tags = |v: &str| HeaderValue::from_str(v).expect("ascii");
        let text = tag.to_str().expect("ascii").to_owned();
        assert!(matches_etag(&tags(&text), &tag));
        assert!(matches_etag(&tags(&format!("\"x\", W/{text}")), &tag));
        assert!(matches_etag(&tags("*"), &tag));
        assert!(!matches_etag(&tags("\"other\""), &tag));
        assert_ne!(etag(b"page"), etag(b"other page"));
        let br = encoded_etag(&tag, Some("br"));
        assert!(br.to_str().expect("ascii").ends_with("-br\""));
        assert!(!matches_etag(&tags(&text), &br), "one tag per encoding");
    }

    #[test]
    fn compressed_copies_decompress_to_the_page() {
        use std::io::Read;
        let page = "<p>a page</p>".repeat(200);
        let mut unzipped = String::new();
        flate2::read::GzDecoder::new(&gzip(page.as_bytes())[..])
            .read_to_string(&mut unzipped)
            .expect("gzip");
        assert_eq!(unzipped, page);
        let mut unbrotli = Vec::new();
        brotli::BrotliDecompress(&mut &brotli(page.as_bytes())[..], &mut unbrotli).expect("brotli");
        assert_eq!(unbrotli, page.as_bytes());
    }
}
