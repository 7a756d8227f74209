//! A learner's history must not slow their evening: submitting an answer, the page the submit
//! lands on, and downloading their data, timed by the real server over HTTP at 0, 10 000 and
//! 100 000 attempts. Half of the seeded attempts are at the question the submits go to (the
//! worst case for that question's page); every seeded attempt has its question's key terms
//! and two ticked rubric items, as a graded attempt has.
//!
//! Run: `LEPTOS_OUTPUT_NAME=rehearse cargo bench -p server --bench history` (a release build).
//! Prints p50 and p90 of 200 submits (after 20 warm-up submits) and of the pages they land on,
//! p50 of 100 loads of the review page, and the median of 3 downloads; fails when a figure at
//! 100 000 attempts is more than twice its figure at none (the evening's path must stay flat)
//! or a download takes over 5 s.

use server::settings::Settings;
use server::startup::Application;
use std::net::SocketAddr;
use std::path::Path;
use std::time::Instant;

const QUESTION: &str = "quorum-loss-incident";
const SUBMITS: usize = 200;
const WARM_UP: usize = 20;
const STEPS: [i64; 3] = [0, 10_000, 100_000];
const ANSWER: &str = "Under a partition we keep the order store consistent: writes go to a quorum \
(W=2 of N=3), reads from a quorum, and a lease with fencing tokens stops a deposed leader from \
writing. We accept that a minority side refuses writes. Monitor replication lag, quorum health \
and fencing rejections; alert when lag passes 5 s.";

/// Adds seeded attempts `from..=to` for `user`, with key terms and ticks, in bulk.
async fn seed(db: &sqlx::SqlitePool, user: i64, from: i64, to: i64, start: i64) {
    let mut tx = db.begin().await.expect("begin");
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT $2 UNION ALL SELECT i + 1 FROM n WHERE i < $3),
         q AS (SELECT slug, ROW_NUMBER() OVER (ORDER BY slug) - 1 AS k,
                      COUNT(*) OVER () AS total
               FROM questions WHERE retired_at IS NULL)
         INSERT INTO attempts (user_id, question_slug, client_token, answer_md, skipped, timed,
                               started_at, submitted_at, duration_secs, rating,
                               suggested_rating, rubric_total, graded_at, due_at)
         SELECT $1, CASE WHEN i % 2 = 0 THEN $4 ELSE q.slug END, 'seed-' || i, $5, 0, 0,
                $6 + i * 60 - 90, $6 + i * 60, 90, 1 + i % 4, 1 + i % 4, 5,
                $6 + i * 60 + 30, $6 + i * 60 + 86400
         FROM n JOIN q ON q.k = i % q.total",
    )
    .bind(user)
    .bind(from)
    .bind(to)
    .bind(QUESTION)
    .bind(ANSWER)
    .bind(start)
    .execute(&mut *tx)
    .await
    .expect("attempts");
    let first: i64 = sqlx::query_scalar("SELECT id FROM attempts WHERE client_token = $1")
        .bind(format!("seed-{from}"))
        .fetch_one(&mut *tx)
        .await
        .expect("first seeded id");
    sqlx::query(
        "INSERT INTO attempt_key_terms (attempt_id, position, term, used)
         SELECT a.id, k.position, k.term, (a.id + k.position) % 2
         FROM attempts a JOIN key_terms k ON k.question_slug = a.question_slug
         WHERE a.user_id = $1 AND a.id >= $2",
    )
    .bind(user)
    .bind(first)
    .execute(&mut *tx)
    .await
    .expect("key terms");
    sqlx::query(
        "INSERT INTO attempt_ticks (attempt_id, position, item)
         SELECT a.id, r.position, r.text
         FROM attempts a JOIN rubric_items r ON r.question_slug = a.question_slug
         WHERE a.user_id = $1 AND a.id >= $2 AND r.position < 2",
    )
    .bind(user)
    .bind(first)
    .execute(&mut *tx)
    .await
    .expect("ticks");
    tx.commit().await.expect("commit");
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "an index"
    )]
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[i]
}

#[expect(
    clippy::cast_precision_loss,
    reason = "a size to read, not to compute with"
)]
fn megabytes(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

struct Figures {
    submit_p50: f64,
    submit_p90: f64,
    page_p50: f64,
    page_p90: f64,
    review_p50: f64,
    export_ms: f64,
    export_bytes: usize,
}

async fn measure(client: &reqwest::Client, base: &str, round: i64) -> Figures {
    let mut submits = Vec::with_capacity(SUBMITS);
    let mut pages = Vec::with_capacity(SUBMITS);
    for i in 0..WARM_UP + SUBMITS {
        let token = format!("bench{round}x{i}xxxxxxxxxxxxxxxx");
        let opened_at = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("after 1970")
            .as_secs()
            .to_string();
        let started = Instant::now();
        let response = client
            .post(format!("{base}/api/submit_answer"))
            .header("accept", "application/json")
            .form(&[
                ("slug", QUESTION),
                ("token", &token),
                ("answer", &format!("{ANSWER} ({round}, {i})")),
                ("opened_at", &opened_at),
            ])
            .send()
            .await
            .expect("submit");
        assert_eq!(response.status(), 200, "submit");
        let location = response
            .headers()
            .get("location")
            .and_then(|value| value.to_str().ok())
            .expect("the submit says where the attempt is")
            .to_owned();
        let submitted = started.elapsed().as_secs_f64() * 1000.0;
        let started = Instant::now();
        let page = client
            .get(format!("{base}{location}"))
            .send()
            .await
            .expect("page");
        assert_eq!(page.status(), 200, "{location}");
        let body = page.text().await.expect("body");
        let landed = started.elapsed().as_secs_f64() * 1000.0;
        assert!(body.contains("Your other attempts") || i == 0, "{location}");
        if i >= WARM_UP {
            submits.push(submitted);
            pages.push(landed);
        }
    }
    submits.sort_by(f64::total_cmp);
    pages.sort_by(f64::total_cmp);

    let mut reviews = Vec::new();
    for i in 0..WARM_UP + 100 {
        let started = Instant::now();
        let page = client
            .get(format!("{base}/review"))
            .send()
            .await
            .expect("review page");
        assert_eq!(page.status(), 200, "review page");
        let body = page.text().await.expect("body");
        assert!(
            body.contains("Due today") || body.contains("New ("),
            "the queue"
        );
        if i >= WARM_UP {
            reviews.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    reviews.sort_by(f64::total_cmp);

    let mut exports = Vec::new();
    let mut export_bytes = 0;
    for _ in 0..3 {
        let started = Instant::now();
        let response = client
            .get(format!("{base}/api/my_data"))
            .send()
            .await
            .expect("export");
        assert_eq!(response.status(), 200, "export");
        export_bytes = response.bytes().await.expect("body").len();
        exports.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    exports.sort_by(f64::total_cmp);
    Figures {
        submit_p50: percentile(&submits, 0.5),
        submit_p90: percentile(&submits, 0.9),
        page_p50: percentile(&pages, 0.5),
        page_p90: percentile(&pages, 0.9),
        review_p50: percentile(&reviews, 0.5),
        export_ms: percentile(&exports, 0.5),
        export_bytes,
    }
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let mut settings = Settings::from_env().expect("settings");
    settings.leptos.site_addr = SocketAddr::from(([127, 0, 0, 1], 0));
    settings.database_url.clone_from(&url);
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
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .expect("client");
    let response = client
        .post(format!("{base}/api/sign_up"))
        .header("accept", "application/json")
        .form(&[
            ("username", "historian"),
            ("password", "a long bench passphrase"),
        ])
        .send()
        .await
        .expect("sign up");
    assert_eq!(response.status(), 200);

    let db = sqlx::SqlitePool::connect(&url).await.expect("open");
    let user: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'historian'")
        .fetch_one(&db)
        .await
        .expect("user");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    // Seeded attempts are a minute apart and end a day ago.
    let start = i64::try_from(now).expect("fits") - 86_400 - 60 * STEPS[STEPS.len() - 1];

    println!(
        "{:>8} {:>9} {:>22} {:>22} {:>12} {:>22}",
        "history",
        "attempts",
        "submit p50 / p90",
        "landing page p50 / p90",
        "review p50",
        "download (median of 3)"
    );
    let mut seeded = 0;
    let mut first: Option<Figures> = None;
    for (round, step) in (0_i64..).zip(STEPS) {
        if step > seeded {
            let seeding = Instant::now();
            seed(&db, user, seeded + 1, step, start).await;
            eprintln!(
                "seeded attempts {} to {step} in {:.1} s",
                seeded + 1,
                seeding.elapsed().as_secs_f64()
            );
            seeded = step;
        }
        let attempts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attempts WHERE user_id = $1")
            .bind(user)
            .fetch_one(&db)
            .await
            .expect("count");
        let figures = measure(&client, &base, round).await;
        println!(
            "{step:>8} {attempts:>9} {:>10.2} / {:>6.2} ms {:>10.2} / {:>6.2} ms {:>9.2} ms {:>9.0} ms {:>6.1} MB",
            figures.submit_p50,
            figures.submit_p90,
            figures.page_p50,
            figures.page_p90,
            figures.review_p50,
            figures.export_ms,
            megabytes(figures.export_bytes),
        );
        match &first {
            None => first = Some(figures),
            Some(base) if step == STEPS[STEPS.len() - 1] => {
                println!(
                    "at {step} attempts against none: submit p50 {:.2}x, landing page p50 {:.2}x, \
                     review page p50 {:.2}x",
                    figures.submit_p50 / base.submit_p50,
                    figures.page_p50 / base.page_p50,
                    figures.review_p50 / base.review_p50
                );
                assert!(
                    figures.review_p50 < 2.0 * base.review_p50,
                    "the review page slows with history"
                );
                assert!(
                    figures.submit_p50 < 2.0 * base.submit_p50,
                    "submitting slows with history"
                );
                assert!(
                    figures.page_p50 < 2.0 * base.page_p50,
                    "the landing page slows with history"
                );
                assert!(figures.export_ms < 5000.0, "the download takes over 5 s");
            }
            Some(_) => {}
        }
    }
}
