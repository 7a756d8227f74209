//! Starts the real server on port 0 over a fresh database: a SQLite file in a temporary
//! directory, or, when `REHEARSE_TEST_POSTGRES` names a PostgreSQL server (as the second pass
//! of `./scripts/test` does), a database of its own on that server.

use app::clock::Clock;
use serde_json::Value;
use server::settings::Settings;
use server::startup::{Application, StartupError};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    // Held so the database (on SQLite) and any files a test adds outlive the test.
    pub dir: tempfile::TempDir,
    /// The server's `DATABASE_URL`.
    pub database_url: String,
    /// The server's clock: manual, started at the real time, moved only by the test.
    pub clock: Clock,
}

pub fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")
}

/// The PostgreSQL server the tests run on instead of SQLite, as an administrator's URL.
fn postgres_server() -> Option<String> {
    std::env::var("REHEARSE_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty())
}

/// Whether this pass runs on PostgreSQL.
pub fn on_postgres() -> bool {
    postgres_server().is_some()
}

/// A new, empty database for one test: `rehearse.db` in `dir` on SQLite, or a database
/// created for it on the PostgreSQL server.
pub async fn new_database(dir: &Path) -> String {
    let Some(server) = postgres_server() else {
        return format!("sqlite://{}", dir.join("rehearse.db").display());
    };
    use sqlx::{ConnectOptions, Connection};
    use std::str::FromStr;
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "rehearse_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let admin =
        sqlx::postgres::PgConnectOptions::from_str(&server).expect("REHEARSE_TEST_POSTGRES");
    let mut connection = sqlx::PgConnection::connect_with(&admin)
        .await
        .expect("the test PostgreSQL server");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut connection)
        .await
        .expect("create the test database");
    connection.close().await.expect("close");
    admin.database(&name).to_url_lossy().to_string()
}

pub fn settings(database_url: &str, content: &Path) -> Settings {
    let mut settings = Settings::from_env().expect("settings from the environment");
    settings.leptos.site_addr = SocketAddr::from(([127, 0, 0, 1], 0));
    settings.database_url = database_url.to_owned();
    settings.content_dir = content.to_owned();
    settings
}

/// Logs go through the test harness, so they show only for a failing test.
fn init_test_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_test_writer()
        .try_init();
}

pub async fn build(database_url: &str, content: &Path) -> Result<Application, StartupError> {
    init_test_logs();
    Application::build(settings(database_url, content)).await
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_, _| {}).await
}

/// Like [`spawn_app`], with the settings adjusted first (the temporary directory is passed in
/// for files the change needs).
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings, &Path)) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let database_url = new_database(dir.path()).await;
    spawn_on(
        dir,
        database_url,
        Clock::manual(Clock::system().now()),
        adjust,
    )
    .await
}

/// A server on a SQLite file, in either pass.
pub async fn spawn_sqlite_app() -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let database_url = format!("sqlite://{}", dir.path().join("rehearse.db").display());
    spawn_on(
        dir,
        database_url,
        Clock::manual(Clock::system().now()),
        |_, _| {},
    )
    .await
}

/// A server on an existing database, with its clock at `clock`'s time.
pub async fn spawn_app_on(database_url: &str, clock: &Clock) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = Clock::manual(clock.now());
    spawn_on(dir, database_url.to_owned(), clock, |_, _| {}).await
}

async fn spawn_on(
    dir: tempfile::TempDir,
    database_url: String,
    clock: Clock,
    adjust: impl FnOnce(&mut Settings, &Path),
) -> TestApp {
    init_test_logs();
    let mut settings = settings(&database_url, &content_dir());
    settings.clock = clock;
    adjust(&mut settings, dir.path());
    let clock = settings.clock.clone();
    let app = Application::build(settings)
        .await
        .expect("the server starts");
    let base = format!("http://{}", app.addr());
    tokio::spawn(app.run_until_stopped());
    TestApp {
        base,
        client: browser(),
        dir,
        database_url,
        clock,
    }
}

/// Like [`spawn_app`], over a copy of `content/` holding only the nine seed questions (files
/// `01-` to `09-`) and the pages: for tests whose figures depend on the bank's size, so that
/// growing the bank does not change them.
pub async fn spawn_seed_app() -> TestApp {
    spawn_app_with(|settings, dir| {
        let content = dir.join("content");
        for sub in ["questions", "pages"] {
            std::fs::create_dir_all(content.join(sub)).expect("mkdir");
        }
        for entry in std::fs::read_dir(content_dir().join("pages")).expect("pages") {
            let path = entry.expect("entry").path();
            let name = path.file_name().expect("a name").to_owned();
            std::fs::copy(&path, content.join("pages").join(name)).expect("copy");
        }
        for entry in std::fs::read_dir(content_dir().join("questions")).expect("questions") {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned();
            let seed = name
                .split('-')
                .next()
                .and_then(|n| n.parse::<u32>().ok())
                .is_some_and(|n| n <= 9);
            if seed {
                std::fs::copy(&path, content.join("questions").join(&name)).expect("copy");
            }
        }
        settings.content_dir = content;
    })
    .await
}

/// A client like one browser on our pages: it keeps cookies, does not follow redirects
/// (tests look at them) and says, as browsers do, that its requests come from this site.
pub fn browser() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "sec-fetch-site",
        reqwest::header::HeaderValue::from_static("same-origin"),
    );
    reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// A client that keeps cookies but sends no fetch metadata: a script, or a forged request.
pub fn bare_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

impl TestApp {
    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request sent");
        let status = response.status().as_u16();
        (
            status,
            without_markers(&response.text().await.expect("body")),
        )
    }
}

impl TestApp {
    /// Now by the server's clock, in Unix seconds.
    pub fn now(&self) -> i64 {
        self.clock.now().secs()
    }

    /// Moves the server's clock `secs` forward: days of study pass in a moment.
    pub fn advance(&self, secs: i64) {
        assert!(
            self.clock.advance(secs),
            "the test server's clock is manual"
        );
    }

    /// The server's database, opened beside it for what no request can show or do. Through
    /// sqlx's engine-neutral pool, so one test reads either engine.
    pub async fn db(&self) -> sqlx::AnyPool {
        any_pool(&self.database_url).await
    }

    /// The server's database as the app opens it, to drive its own stores beside it.
    pub async fn app_db(&self) -> app::db::Db {
        app::db::Db::connect(&self.database_url)
            .await
            .expect("open the test database")
    }

    /// Calls a server function as the hydrated app does, with `client` (one browser).
    pub async fn call(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        client
            .post(format!("{}/api/{endpoint}", self.base))
            .header("accept", "application/json")
            .form(form)
            .send()
            .await
            .expect("request sent")
    }

    /// Who `client` is signed in as, according to the server.
    pub async fn who(&self, client: &reqwest::Client) -> Option<String> {
        let response = self.call(client, "current_user", &[]).await;
        assert_eq!(response.status(), 200);
        let user: Option<Value> = response.json().await.expect("json");
        user.map(|u| u["username"].as_str().expect("a username").to_owned())
    }

    pub async fn sign_up(&self, client: &reqwest::Client, username: &str, password: &str) {
        let response = self
            .call(
                client,
                "sign_up",
                &[("username", username), ("password", password)],
            )
            .await;
        assert_eq!(
            response.status(),
            200,
            "{}",
            response.text().await.unwrap_or_default()
        );
    }

    /// Calls a server function the way the browser does: a urlencoded POST.
    pub async fn post_form(&self, path: &str, body: &str) -> (u16, String) {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_owned())
            .send()
            .await
            .expect("request sent");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }
}

/// Leptos marks hydration boundaries with comments (`<!>`, `<!--<() />-->`); tests compare
/// the markup a reader sees, so the markers are removed.
pub fn without_markers(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!") {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let end = if tail.starts_with("<!>") {
            Some(3)
        } else if tail.starts_with("<!--") {
            tail.find("-->").map(|i| i + 3)
        } else {
            None
        };
        match end {
            Some(len) => rest = &tail[len..],
            None => {
                out.push_str("<!");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A pool on `database_url` through sqlx's engine-neutral driver, for statements a test runs
/// itself on either engine.
pub async fn any_pool(database_url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(database_url)
        .await
        .expect("open the test database")
}

/// Text as it appears in an HTML text node, for comparing with a page.
pub fn html_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The password every test learner signs up with.
pub const PASSWORD: &str = "correct horse battery staple";

/// A number the server's database holds, read beside it.
pub async fn scalar(app: &TestApp, sql: &str) -> i64 {
    let db = app.db().await;
    let n = sqlx::query_scalar(sql).fetch_one(&db).await.expect(sql);
    db.close().await;
    n
}

/// Changes the server's database directly (time travel, a retirement), for what no request
/// can do.
pub async fn execute(app: &TestApp, sql: &str) {
    let db = app.db().await;
    sqlx::query(sql).execute(&db).await.expect(sql);
    db.close().await;
}

/// A new browser with a new account signed in.
pub async fn learner(app: &TestApp, name: &str) -> reqwest::Client {
    let client = browser();
    app.sign_up(&client, name, PASSWORD).await;
    client
}

/// Answers `slug` and grades it `rating` through the API, as the page does; returns the
/// attempt's id.
pub async fn practise(app: &TestApp, client: &reqwest::Client, slug: &str, rating: &str) -> String {
    practise_with(app, client, slug, rating, "An answer").await
}

/// Like [`practise`], with the answer's text.
pub async fn practise_with(
    app: &TestApp,
    client: &reqwest::Client,
    slug: &str,
    rating: &str,
    answer: &str,
) -> String {
    let id = submit_answer(app, client, slug, answer, 45).await;
    let response = app
        .call(
            client,
            "grade_attempt",
            &[("slug", slug), ("attempt", &id), ("rating", rating)],
        )
        .await;
    assert_eq!(response.status(), 200);
    id
}

/// Submits an answer at `slug` that took `seconds` to write (by the browser's measure), now
/// on the server's clock, and returns the attempt's id. Not graded.
pub async fn submit_answer(
    app: &TestApp,
    client: &reqwest::Client,
    slug: &str,
    answer: &str,
    seconds: i64,
) -> String {
    let state: Value = app
        .call(client, "practice", &[("slug", slug)])
        .await
        .json()
        .await
        .expect("json");
    let token = state["Answer"]["token"]
        .as_str()
        .expect("a token")
        .to_owned();
    let opened_at = (app.now() - seconds - 15).to_string();
    let elapsed_ms = (seconds * 1000).to_string();
    let response = app
        .call(
            client,
            "submit_answer",
            &[
                ("slug", slug),
                ("token", &token),
                ("answer", answer),
                ("opened_at", &opened_at),
                ("elapsed_ms", &elapsed_ms),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    let location = response.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_owned();
    location
        .split("attempt=")
        .nth(1)
        .and_then(|r| r.split('#').next())
        .expect("an id")
        .to_owned()
}

/// Creates a set of `client`'s through the API (no due date) and returns its id.
pub async fn create_set(
    app: &TestApp,
    client: &reqwest::Client,
    title: &str,
    description: &str,
) -> String {
    let response = app
        .call(
            client,
            "create_set",
            &[
                ("title", title),
                ("description", description),
                ("due_on", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 200, "creating {title:?}");
    set_id(&response)
}

/// The id of the set a response redirects to (`/sets/ID?…`).
pub fn set_id(response: &reqwest::Response) -> String {
    response.headers()["location"]
        .to_str()
        .expect("ascii")
        .strip_prefix("/sets/")
        .and_then(|rest| rest.split('?').next())
        .expect("a set id")
        .to_owned()
}
