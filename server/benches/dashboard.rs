//! The progress dashboard of a heavy learner: 100 000 attempts over two years, rendered by
//! the real server over HTTP. Seeds the attempts and FSRS states directly, builds the roll-ups
//! with the migration's backfill, then times `GET /progress` and a concept page.
//!
//! Run: `LEPTOS_OUTPUT_NAME=rehearse cargo bench -p server --bench dashboard` (a release
//! build). Prints p50, p90 and the worst of 100 timed requests after 10 warm-up requests, and
//! fails when a page's p90 is over the 50 ms budget. On a fresh SQLite file, or on the empty
//! database `REHEARSE_BENCH_DATABASE_URL` names (`./scripts/bench-engines` passes a
//! PostgreSQL one).

use server::settings::Settings;
use server::startup::Application;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::time::Instant;

const ATTEMPTS: i64 = 100_000;
const DAY: i64 = 24 * 60 * 60;
const YEARS: i64 = 2;

#[derive(Default)]
struct Question {
    attempts: i64,
    last_at: i64,
}

/// A cheap, fixed pseudo-random sequence: the same database every run.
fn noise(i: i64) -> i64 {
    let mut x = u64::try_from(i)
        .unwrap_or(0)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 31;
    i64::try_from(x % 1_000_003).unwrap_or(0)
}

async fn seed(db: &sqlx::AnyPool, user: i64, now: i64) {
    let slugs: Vec<String> = sqlx::query_scalar("SELECT slug FROM questions ORDER BY slug")
        .fetch_all(db)
        .await
        .expect("questions");
    let start = now - YEARS * 365 * DAY;
    let step = (now - start) / ATTEMPTS;
    let mut questions: HashMap<String, Question> = HashMap::new();
    let mut tx = db.begin().await.expect("begin");
    for i in 0..ATTEMPTS {
        let submitted = start + i * step;
        let n = noise(i);
        let slug = &slugs[usize::try_from(n).unwrap_or(0) % slugs.len()];
        let rating = 1 + n % 4;
        let seconds = 30 + n % 270;
        sqlx::query(
            "INSERT INTO attempts (user_id, question_slug, client_token, answer_md, skipped, timed,
                                   started_at, submitted_at, duration_secs, rating,
                                   suggested_rating, rubric_total, graded_at, due_at)
             VALUES ($1, $2, $3, 'A seeded answer.', 0, 0, $4, $5, $6, $7, $7, 3, $8, $9)",
        )
        .bind(user)
        .bind(slug)
        .bind(format!("bench-{i}"))
        .bind(submitted - seconds)
        .bind(submitted)
        .bind(seconds)
        .bind(rating)
        .bind(submitted + 30)
        .bind(submitted + 3 * DAY)
        .execute(&mut *tx)
        .await
        .expect("attempt");
        let q = questions.entry(slug.clone()).or_default();
        q.attempts += 1;
        q.last_at = submitted;
    }
    for (i, (slug, q)) in questions.iter().enumerate() {
        let i = i64::try_from(i).unwrap_or(0);
        sqlx::query(
            "INSERT INTO review_states (user_id, question_slug, stability, difficulty,
                 last_review_at, due_at, reviews, lapses)
             VALUES ($1, $2, $3, 5.0, $4, $5, $6, 0)",
        )
        .bind(user)
        .bind(slug)
        .bind(5.0 + 4.0 * f64::from(u8::try_from(i).unwrap_or(0)))
        .bind(q.last_at)
        .bind(now + i * DAY)
        .bind(q.attempts)
        .execute(&mut *tx)
        .await
        .expect("state");
    }
    tx.commit().await.expect("commit");
    // The roll-ups, built by the migration's own backfill, as for a learner whose attempts
    // predate them: this also times the backfill on 100 000 attempts.
    let backfill = Instant::now();
    sqlx::raw_sql(app::db::progress::backfill_sql())
        .execute(db)
        .await
        .expect("the backfill");
    println!(
        "built the roll-ups from {ATTEMPTS} attempts with the migration's backfill in {:.2} s",
        backfill.elapsed().as_secs_f64()
    );
}

async fn time(client: &reqwest::Client, url: &str, runs: usize) -> Vec<f64> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let response = client.get(url).send().await.expect("sent");
        assert_eq!(response.status(), 200, "{url}");
        let body = response.text().await.expect("body");
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(
            body.contains("Your progress") || body.contains("questions:"),
            "{url}"
        );
    }
    times.sort_by(f64::total_cmp);
    times
}

/// The budget the issue sets for the dashboard's render.
const BUDGET_MS: f64 = 50.0;

fn report(what: &str, times: &[f64]) -> f64 {
    let at = |q: f64| {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "an index"
        )]
        let i = ((times.len() as f64 - 1.0) * q).round() as usize;
        times[i]
    };
    println!(
        "{what:<34} p50 {:6.2} ms   p90 {:6.2} ms   max {:6.2} ms   (n = {})",
        at(0.5),
        at(0.9),
        at(1.0),
        times.len()
    );
    at(0.9)
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let database_url = std::env::var("REHEARSE_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("bench.db").display()));
    println!(
        "on {}",
        database_url.split("://").next().unwrap_or_default()
    );
    let mut settings = Settings::from_env().expect("settings");
    settings.leptos.site_addr = SocketAddr::from(([127, 0, 0, 1], 0));
    settings.database_url = database_url.clone();
    settings.content_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let app = Application::build(settings)
        .await
        .expect("the server starts");
    let base = format!("http://{}", app.addr());
    tokio::spawn(app.run_until_stopped());

    // As a page of ours would: a cookie-bearing POST must say where it comes from.
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "sec-fetch-site",
        reqwest::header::HeaderValue::from_static("same-origin"),
    );
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .build()
        .expect("client");
    let response = client
        .post(format!("{base}/api/sign_up"))
        .header("accept", "application/json")
        .form(&[
            ("username", "heavy"),
            ("password", "a long bench passphrase"),
        ])
        .send()
        .await
        .expect("sign up");
    assert_eq!(response.status(), 200);

    sqlx::any::install_default_drivers();
    let db = sqlx::AnyPool::connect(&database_url).await.expect("open");
    let user: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'heavy'")
        .fetch_one(&db)
        .await
        .expect("user");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let now = i64::try_from(now).expect("fits");
    let seeding = Instant::now();
    seed(&db, user, now).await;
    let attempts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attempts WHERE user_id = $1")
        .bind(user)
        .fetch_one(&db)
        .await
        .expect("count");
    println!(
        "seeded {attempts} attempts over {YEARS} years in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );
    if database_url.starts_with("postgres") {
        // What autovacuum does soon after a bulk load: without statistics the planner's
        // first plans for the new rows are guesses (the page took 130 ms instead of 12 ms).
        sqlx::query("ANALYZE").execute(&db).await.expect("analyze");
    }

    for (what, path) in [
        ("GET /progress (whole page)", "/progress"),
        ("GET /progress/cap (concept page)", "/progress/cap"),
    ] {
        let url = format!("{base}{path}");
        time(&client, &url, 10).await;
        let p90 = report(what, &time(&client, &url, 100).await);
        assert!(
            p90 < BUDGET_MS,
            "{what}: p90 {p90:.2} ms is over the {BUDGET_MS} ms budget"
        );
    }
    let url = format!("{base}/api/dashboard");
    let mut times = Vec::new();
    for _ in 0..110 {
        let started = Instant::now();
        let response = client
            .post(&url)
            .header("accept", "application/json")
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), 200);
        let _ = response.bytes().await.expect("body");
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let mut times = times.split_off(10);
    times.sort_by(f64::total_cmp);
    let _ = report("POST /api/dashboard (data only)", &times);
}
