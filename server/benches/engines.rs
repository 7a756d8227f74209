//! One configuration of the engines comparison (`./scripts/bench-engines` runs each in turn:
//! SQLite, PostgreSQL, and two servers on PostgreSQL behind nginx), over real HTTP:
//!
//! - answer submissions acknowledged per second with 64 learners submitting at once for 10 s
//!   (each a fresh form token, as a page makes; latencies of the acknowledgements), then a
//!   count of the stored attempts: every acknowledged answer must be stored, once;
//! - the signed-in question page: requests per second and p99, 16 learners at once for 10 s.
//!
//! Environment: `REHEARSE_BENCH_BASE` (the server or proxy), `REHEARSE_BENCH_DATABASE_URL`
//! (its database, read after the run), `REHEARSE_BENCH_LABEL`. The servers must be started
//! with the sign-up limit lifted (64 sign-ups from one address).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const LEARNERS: usize = 64;
const READERS: usize = 16;
const RUN: Duration = Duration::from_secs(10);
const QUESTION: &str = "cap-mysql-partition";

fn env(name: &str) -> String {
    std::env::var(name)
        .unwrap_or_else(|_| panic!("{name} is not set (run ./scripts/bench-engines)"))
}

/// A browser of one learner: keeps cookies, says its requests come from the site.
fn browser() -> reqwest::Client {
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

async fn sign_up(base: &str, name: &str) -> reqwest::Client {
    let client = browser();
    let response = client
        .post(format!("{base}/api/sign_up"))
        .header("accept", "application/json")
        .form(&[("username", name), ("password", "a long bench passphrase")])
        .send()
        .await
        .expect("sign up");
    assert_eq!(response.status(), 200, "signing up {name}");
    client
}

/// Milliseconds at quantile `q` of sorted `times`.
fn at(times: &[f64], q: f64) -> f64 {
    if times.is_empty() {
        return f64::NAN;
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        reason = "an index into a short list"
    )]
    let i = ((times.len() as f64 - 1.0) * q).round() as usize;
    times[i]
}

/// Runs `work` in `tasks` loops at once until the run ends; each loop's latencies in ms, and
/// how many calls failed.
async fn load<F, Fut>(tasks: usize, work: F) -> (Vec<f64>, usize, f64)
where
    F: Fn(usize, usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = bool> + Send,
{
    let work = Arc::new(work);
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut handles = Vec::new();
    for task in 0..tasks {
        let (work, stop) = (Arc::clone(&work), Arc::clone(&stop));
        handles.push(tokio::spawn(async move {
            let (mut times, mut failed) = (Vec::new(), 0);
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let began = Instant::now();
                if work(task, n).await {
                    times.push(began.elapsed().as_secs_f64() * 1000.0);
                } else {
                    failed += 1;
                }
                n += 1;
            }
            (times, failed)
        }));
    }
    tokio::time::sleep(RUN).await;
    stop.store(true, Ordering::Relaxed);
    let (mut times, mut failed) = (Vec::new(), 0);
    for handle in handles {
        let (t, f) = handle.await.expect("a load task");
        times.extend(t);
        failed += f;
    }
    let elapsed = started.elapsed().as_secs_f64();
    times.sort_by(f64::total_cmp);
    (times, failed, elapsed)
}

#[tokio::main]
async fn main() {
    let base = env("REHEARSE_BENCH_BASE");
    let database_url = env("REHEARSE_BENCH_DATABASE_URL");
    let label = env("REHEARSE_BENCH_LABEL");
    let mut learners = Vec::with_capacity(LEARNERS);
    for i in 0..LEARNERS {
        learners.push(sign_up(&base, &format!("learner{i}")).await);
    }
    let learners = Arc::new(learners);

    // Submissions: each a new form, as a page renders one (a token is any 16 to 64 URL-safe
    // characters the page drew).
    let (submit_base, submitters) = (base.clone(), Arc::clone(&learners));
    let (times, failed, elapsed) = load(LEARNERS, move |task, n| {
        let (base, client) = (submit_base.clone(), submitters[task].clone());
        async move {
            let token = format!("bench-{task:03}-{n:012}");
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let opened_at = (now - 60).to_string();
            let answer = format!("Answer {n} of learner {task}: a quorum of W=2 of N=3.");
            let response = client
                .post(format!("{base}/api/submit_answer"))
                .header("accept", "application/json")
                .form(&[
                    ("slug", QUESTION),
                    ("token", token.as_str()),
                    ("answer", answer.as_str()),
                    ("opened_at", opened_at.as_str()),
                    ("elapsed_ms", "45000"),
                ])
                .send()
                .await;
            matches!(response, Ok(r) if r.status() == 200)
        }
    })
    .await;
    let acked = times.len();
    sqlx::any::install_default_drivers();
    let db = sqlx::AnyPool::connect(&database_url)
        .await
        .expect("the database");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attempts")
        .fetch_one(&db)
        .await
        .expect("count");
    let distinct: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT DISTINCT user_id, client_token FROM attempts) keys",
    )
    .fetch_one(&db)
    .await
    .expect("count");
    db.close().await;
    #[expect(clippy::cast_precision_loss, reason = "a count of requests")]
    let rate = acked as f64 / elapsed;
    println!(
        "{label:<36} submissions {rate:7.0}/s  p50 {:6.1} ms  p99 {:6.1} ms  \
         (acknowledged {acked}, stored {stored}, refused {failed})",
        at(&times, 0.5),
        at(&times, 0.99),
    );
    assert_eq!(
        usize::try_from(stored).ok(),
        Some(acked),
        "every acknowledged answer is stored, and nothing else"
    );
    assert_eq!(stored, distinct, "each stored once");
    assert_eq!(failed, 0, "no submission refused");

    // The signed-in question page.
    let (page_base, readers) = (base.clone(), Arc::clone(&learners));
    let (times, failed, elapsed) = load(READERS, move |task, _| {
        let (base, client) = (page_base.clone(), readers[task].clone());
        async move {
            match client
                .get(format!("{base}/questions/{QUESTION}"))
                .send()
                .await
            {
                Ok(response) if response.status() == 200 => response.bytes().await.is_ok(),
                _ => false,
            }
        }
    })
    .await;
    #[expect(clippy::cast_precision_loss, reason = "a count of requests")]
    let rate = times.len() as f64 / elapsed;
    println!(
        "{label:<36} question page {rate:7.0} req/s  p50 {:6.1} ms  p99 {:6.1} ms  (failed {failed})",
        at(&times, 0.5),
        at(&times, 0.99),
    );
    assert_eq!(failed, 0, "every page served");
}
