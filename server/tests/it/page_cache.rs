//! The page cache over real HTTP: signed-out content pages are rendered once and served
//! from memory in each encoding with an ETag; nothing personal is ever cached or served from
//! the cache.

use crate::common::{build, content_dir, create_set, learner, spawn_app};
use std::io::Read;

const QUESTION: &str = "/questions/cap-mysql-partition";

struct Got {
    status: u16,
    cache: Option<String>,
    etag: Option<String>,
    encoding: Option<String>,
    cookie: bool,
    body: Vec<u8>,
}

async fn get(client: &reqwest::Client, url: String, headers: &[(&str, &str)]) -> Got {
    let mut request = client.get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("sent");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().expect("ascii").to_owned())
    };
    Got {
        status: response.status().as_u16(),
        cache: header("x-rehearse-cache"),
        etag: header("etag"),
        encoding: header("content-encoding"),
        cookie: response.headers().contains_key("set-cookie"),
        body: response.bytes().await.expect("body").to_vec(),
    }
}

fn decoded(got: &Got) -> String {
    let mut text = String::new();
    match got.encoding.as_deref() {
        Some("br") => {
            let mut bytes = Vec::new();
            brotli::BrotliDecompress(&mut &got.body[..], &mut bytes).expect("brotli");
            text = String::from_utf8(bytes).expect("utf-8");
        }
        Some("gzip") => {
            flate2::read::GzDecoder::new(&got.body[..])
                .read_to_string(&mut text)
                .expect("gzip");
        }
        None => text = String::from_utf8(got.body.clone()).expect("utf-8"),
        Some(other) => panic!("unexpected encoding {other}"),
    }
    text
}

#[tokio::test]
async fn a_signed_out_page_is_rendered_once_and_revalidated_by_its_etag() {
    let app = spawn_app().await;
    let url = || format!("{}{QUESTION}", app.base);
    let first = get(&app.client, url(), &[("accept-encoding", "br, gzip")]).await;
    assert_eq!(first.status, 200);
    assert_eq!(first.cache.as_deref(), Some("miss"));
    assert_eq!(first.encoding.as_deref(), Some("br"));
    let page = decoded(&first);
    assert!(page.contains("CAP in Practice"), "{page}");

    let mut etags = std::collections::HashSet::new();
    for accept in ["br", "gzip", "identity"] {
        let again = get(&app.client, url(), &[("accept-encoding", accept)]).await;
        assert_eq!(again.cache.as_deref(), Some("hit"), "{accept}");
        assert_eq!(decoded(&again), page, "{accept}: the same page");
        let etag = again.etag.clone().expect("an etag");
        let revalidated = get(
            &app.client,
            url(),
            &[
                ("if-none-match", etag.as_str()),
                ("accept-encoding", accept),
            ],
        )
        .await;
        assert_eq!(revalidated.status, 304, "{accept}");
        assert!(revalidated.body.is_empty());
        etags.insert(etag);
    }
    assert_eq!(
        etags.len(),
        3,
        "a strong validator for each encoding's bytes"
    );
    assert!(etags.contains(first.etag.as_deref().expect("an etag")));
    let changed = get(
        &app.client,
        url(),
        &[("if-none-match", "\"something-else\"")],
    )
    .await;
    assert_eq!(changed.status, 200);

    // Other content pages and filter combinations are cached too, each on its own.
    for path in ["/", "/?level=2", "/?concept=cap", "/study-guide", "/help"] {
        let url = format!("{}{path}", app.base);
        assert_eq!(
            get(&app.client, url.clone(), &[]).await.cache.as_deref(),
            Some("miss")
        );
        assert_eq!(
            get(&app.client, url, &[]).await.cache.as_deref(),
            Some("hit"),
            "{path}"
        );
    }
}

/// Whoever is signed in gets their own page, never the one cached for visitors; and the
/// cached page has nothing of anyone's (no cookie, no form token).
#[tokio::test]
async fn a_signed_in_learner_never_receives_a_cached_page() {
    let app = spawn_app().await;
    for path in ["/", QUESTION, "/help"] {
        let url = format!("{}{path}", app.base);
        get(&app.client, url.clone(), &[]).await;
        let cached = get(&app.client, url, &[]).await;
        assert_eq!(cached.cache.as_deref(), Some("hit"));
        assert!(!cached.cookie, "{path}: a cached page sets no cookie");
        let page = decoded(&cached);
        assert!(!page.contains("name=\"token\""), "{path}: no form token");
        assert!(!page.contains("Signed in as"), "{path}");
    }
    let signed_in = learner(&app, "nadia").await;
    for path in ["/", QUESTION, "/help"] {
        let got = get(&signed_in, format!("{}{path}", app.base), &[]).await;
        assert_eq!(got.status, 200);
        assert_eq!(got.cache, None, "{path}: rendered for the learner");
        let page = decoded(&got);
        assert!(page.contains("Signed in as"), "{path}");
        assert!(page.contains("nadia"), "{path}");
    }
    // The learner's own answer form, with its token, is theirs alone.
    let page = decoded(&get(&signed_in, format!("{}{QUESTION}", app.base), &[]).await);
    assert!(page.contains("name=\"token\""));
    let visitor = decoded(&get(&app.client, format!("{}{QUESTION}", app.base), &[]).await);
    assert!(!visitor.contains("name=\"token\""));
}

/// A query the page does not read (here a refused form's error, and a notice) is rendered,
/// not cached: it is not the page every visitor sees.
#[tokio::test]
async fn an_error_or_a_notice_in_the_url_is_rendered_not_cached() {
    let app = spawn_app().await;
    for path in [
        "/sign-in?__path=/api/sign_in&__err=Ildyb25nQ3JlZGVudGlhbHMi",
        "/?__path=/api/x&__err=abc",
        "/?deleted=1",
        "/?level=2&next=/review",
    ] {
        let got = get(&app.client, format!("{}{path}", app.base), &[]).await;
        assert_eq!(got.cache, None, "{path}");
    }
}

/// Many visitors arriving at once at a page nobody has asked for yet wait for one render.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_misses_render_once() {
    let app = spawn_app().await;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..24 {
        let client = app.client.clone();
        let url = format!("{}/study-guide", app.base);
        tasks.spawn(async move { get(&client, url, &[]).await });
    }
    let mut statuses = Vec::new();
    let mut bodies = std::collections::HashSet::new();
    while let Some(got) = tasks.join_next().await {
        let got = got.expect("request task");
        assert_eq!(got.status, 200);
        bodies.insert(decoded(&got));
        statuses.push(got.cache.expect("a cache status"));
    }
    assert_eq!(
        statuses.iter().filter(|s| *s == "miss").count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(bodies.len(), 1, "every visitor got the same page");
}

/// A share link's page, signed out, is cached per version of its set: an edit, a question
/// added, a member joining and a revoke each show on the very next visit. Signed in, it is
/// rendered for the visitor.
#[tokio::test]
async fn a_share_links_page_is_cached_until_its_set_changes() {
    let app = spawn_app().await;
    let owner = learner(&app, "owner").await;
    let id = create_set(&app, &owner, "CAP before Thursday", "Do these first.").await;
    let add = |slug: &'static str| {
        let (app, owner, id) = (&app, &owner, id.clone());
        async move {
            let response = app
                .call(owner, "add_to_set", &[("set", &id), ("question", slug)])
                .await;
            assert_eq!(response.status(), 200);
        }
    };
    add("cap-mysql-partition").await;
    assert_eq!(
        app.call(&owner, "share_set", &[("set", &id)])
            .await
            .status(),
        200
    );
    let set: serde_json::Value = app
        .call(&owner, "set", &[("id", &id)])
        .await
        .json()
        .await
        .expect("json");
    let token = set["Found"]["share_token"]
        .as_str()
        .expect("a token")
        .to_owned();
    let url = format!("{}/join/{token}", app.base);
    let visit = || get(&app.client, url.clone(), &[]);

    let first = visit().await;
    assert_eq!(first.status, 200);
    assert_eq!(first.cache.as_deref(), Some("miss"));
    assert!(decoded(&first).contains("1 question · 1 member"));
    assert!(!first.cookie);
    assert_eq!(visit().await.cache.as_deref(), Some("hit"));

    // An edit is a new page at once.
    let response = app
        .call(
            &owner,
            "update_set",
            &[
                ("set", id.as_str()),
                ("title", "CAP by Friday"),
                ("description", "Do these first."),
                ("due_on", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    let edited = visit().await;
    assert_eq!(edited.cache.as_deref(), Some("miss"));
    assert!(decoded(&edited).contains("CAP by Friday"));
    assert_eq!(visit().await.cache.as_deref(), Some("hit"));

    // So is a question added, and a member joining.
    add("performance-vs-scalability").await;
    let grown = visit().await;
    assert_eq!(grown.cache.as_deref(), Some("miss"));
    assert!(decoded(&grown).contains("2 questions · 1 member"));
    let peer = learner(&app, "peer").await;
    assert_eq!(
        app.call(&peer, "join_set", &[("token", &token)])
            .await
            .status(),
        200
    );
    let joined = visit().await;
    assert_eq!(joined.cache.as_deref(), Some("miss"));
    assert!(decoded(&joined).contains("2 questions · 2 members"));

    // Signed in, the page is the visitor's own.
    let seen = get(&peer, url.clone(), &[]).await;
    assert_eq!(seen.cache, None);
    assert!(decoded(&seen).contains("You are in this set."));

    // Revoked: a 404 at once, never a cached page.
    assert_eq!(
        app.call(&owner, "revoke_link", &[("set", &id)])
            .await
            .status(),
        200
    );
    for _ in 0..2 {
        let gone = visit().await;
        assert_eq!(gone.status, 404);
        assert_eq!(gone.cache.as_deref(), Some("bypass"));
    }
}

/// Servers sharing a database serve the content it holds: when another server starts with
/// an edited `content/` and syncs it, this one's cached pages of the old content are served
/// no longer than the second in which it last read the version; then it renders the new.
#[tokio::test]
async fn a_new_content_version_synced_by_another_server_replaces_the_cached_pages() {
    let app = spawn_app().await;
    let url = format!("{}{QUESTION}", app.base);
    let plain = reqwest::Client::new();
    assert_eq!(
        get(&plain, url.clone(), &[]).await.cache.as_deref(),
        Some("miss")
    );
    let cached = get(&plain, url.clone(), &[]).await;
    assert_eq!(cached.cache.as_deref(), Some("hit"));
    assert!(decoded(&cached).contains("CAP in Practice"));

    // Another server on the same database, started from edited content.
    let edited = tempfile::tempdir().expect("tempdir");
    for sub in ["questions", "pages"] {
        std::fs::create_dir(edited.path().join(sub)).expect("mkdir");
        for entry in std::fs::read_dir(content_dir().join(sub)).expect("content") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("read");
            let text = text.replace("title = \"CAP in Practice\"", "title = \"CAP, Revised\"");
            std::fs::write(
                edited
                    .path()
                    .join(sub)
                    .join(path.file_name().expect("name")),
                text,
            )
            .expect("write");
        }
    }
    let other = build(&app.database_url, edited.path())
        .await
        .expect("the other server starts");

    let stale = get(&plain, url.clone(), &[]).await;
    assert_eq!(
        stale.cache.as_deref(),
        Some("hit"),
        "the version was read this second"
    );
    app.advance(1);
    let fresh = get(&plain, url.clone(), &[]).await;
    assert_eq!(
        fresh.cache.as_deref(),
        Some("miss"),
        "a new version, a new render"
    );
    let page = decoded(&fresh);
    assert!(page.contains("CAP, Revised"), "{page}");
    assert!(!page.contains("CAP in Practice"), "{page}");
    assert_eq!(get(&plain, url, &[]).await.cache.as_deref(), Some("hit"));
    drop(other);
}
