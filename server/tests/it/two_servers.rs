//! Two server processes on one PostgreSQL database, as behind a load balancer: nothing a
//! request needs may live in one server's memory. Runs in the PostgreSQL pass (a SQLite file
//! belongs to one machine, and its deployment is one server).

use crate::common::{PASSWORD, TestApp, browser, content_dir, new_database, on_postgres};
use app::clock::Clock;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

const Q: &str = "cap-mysql-partition";

/// A `rehearse` process; killed when dropped.
struct Server {
    child: Child,
    app: TestApp,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the real binary on `database_url`; it is running once this returns.
fn start(database_url: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_rehearse"))
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("DATABASE_URL", database_url)
        .env("REHEARSE_CONTENT_DIR", content_dir())
        // Three failed sign-ins per account, counted wherever they land.
        .env("REHEARSE_SIGN_IN_LIMIT_PER_ACCOUNT", "3/300")
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the binary starts")
}

/// Waits for `child` to listen, then keeps reading its log so that it never blocks on it.
async fn listening(mut child: Child, database_url: &str) -> Server {
    let stdout = child.stdout.take().expect("stdout");
    let addr = tokio::task::spawn_blocking(move || {
        let mut lines = BufReader::new(stdout).lines();
        let addr = loop {
            let line = lines
                .next()
                .expect("the server logs until it listens (did start-up fail?)")
                .expect("utf-8");
            if let Some(rest) = line.split("listening on http://").nth(1) {
                break rest.trim().to_owned();
            }
        };
        std::thread::spawn(move || lines.for_each(drop));
        addr
    })
    .await
    .expect("the log reader");
    Server {
        child,
        app: TestApp {
            base: format!("http://{addr}"),
            client: browser(),
            dir: tempfile::tempdir().expect("tempdir"),
            database_url: database_url.to_owned(),
            clock: Clock::system(),
        },
    }
}

async fn location(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 200);
    response.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_owned()
}

/// A fresh answer form's one-use token, drawn by `app`.
async fn form_token(app: &TestApp, client: &reqwest::Client) -> String {
    let state: Value = app
        .call(client, "practice", &[("slug", Q)])
        .await
        .json()
        .await
        .expect("json");
    state["Answer"]["token"]
        .as_str()
        .expect("a token")
        .to_owned()
}

/// Submits an answer with `token` to the server at `base`, as the form does; the id of the
/// attempt the server names. Owned arguments, so that many run at once as tasks.
async fn submit(base: String, client: reqwest::Client, token: String, answer: String) -> String {
    let opened_at = (Clock::system().now().secs() - 60).to_string();
    let response = client
        .post(format!("{base}/api/submit_answer"))
        .header("accept", "application/json")
        .form(&[
            ("slug", Q),
            ("token", &token),
            ("answer", &answer),
            ("opened_at", &opened_at),
            ("elapsed_ms", "45000"),
        ])
        .send()
        .await
        .expect("sent");
    let to = location(response).await;
    to.split("attempt=")
        .nth(1)
        .and_then(|rest| rest.split('#').next())
        .expect("an attempt id")
        .to_owned()
}

async fn grade(app: &TestApp, client: &reqwest::Client, attempt: &str, rating: &str) -> u16 {
    app.call(
        client,
        "grade_attempt",
        &[("slug", Q), ("attempt", attempt), ("rating", rating)],
    )
    .await
    .status()
    .as_u16()
}

async fn number(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.db().await)
        .await
        .expect(sql)
}

#[tokio::test]
async fn two_servers_on_one_postgresql_act_as_one() {
    if !on_postgres() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let database = new_database(dir.path()).await;
    // Both start at once on the empty database: one applies the migrations and the content
    // while the other waits for its locks, and neither fails.
    let (first, second) = (start(&database), start(&database));
    let (a, b) = tokio::join!(listening(first, &database), listening(second, &database));
    let (a, b) = (&a.app, &b.app);
    let bank = number(a, "SELECT COUNT(*) FROM questions").await;
    assert!(bank >= 60, "{bank}");

    // Signed up on one, signed in on the other: the session is a row.
    let ada = browser();
    a.sign_up(&ada, "ada", PASSWORD).await;
    assert_eq!(b.who(&ada).await.as_deref(), Some("ada"));

    // Failed sign-ins count across both: the fourth is refused wherever it lands.
    let guesser = browser();
    for (n, server) in [a, b, a, b].into_iter().enumerate() {
        let status = server
            .call(
                &guesser,
                "sign_in",
                &[("username", "ada"), ("password", "a wrong guess at it")],
            )
            .await
            .status()
            .as_u16();
        if n < 3 {
            assert_ne!(status, 429, "guess {n} is within the limit");
        } else {
            assert_eq!(status, 429, "the fourth guess, on the other server");
        }
    }

    // A link revoked on one is gone on the other at once (its page cache asks the database).
    let set = crate::common::create_set(a, &ada, "Partitions", "").await;
    assert_eq!(
        a.call(&ada, "share_set", &[("set", &set)]).await.status(),
        200
    );
    let page: Value = b
        .call(&ada, "set", &[("id", &set)])
        .await
        .json()
        .await
        .expect("json");
    let token = page["Found"]["share_token"]
        .as_str()
        .expect("shared")
        .to_owned();
    let visitor = browser();
    let join = format!("/join/{token}");
    for _ in 0..2 {
        let response = visitor
            .get(format!("{}{join}", b.base))
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), 200, "served (and cached) by the other");
    }
    assert_eq!(
        a.call(&ada, "revoke_link", &[("set", &set)]).await.status(),
        200
    );
    let response = visitor
        .get(format!("{}{join}", b.base))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 404);

    // Each answer sent to both servers at once is stored once, and both name that attempt.
    let mut tokens = Vec::new();
    for _ in 0..12 {
        tokens.push(form_token(a, &ada).await);
    }
    let mut sends = Vec::new();
    for (n, token) in tokens.iter().enumerate() {
        let answer = format!("Answer {n}: a quorum of W=2 of N=3.");
        for server in [a, b] {
            sends.push(tokio::spawn(submit(
                server.base.clone(),
                ada.clone(),
                token.clone(),
                answer.clone(),
            )));
        }
    }
    let mut ids = Vec::new();
    for send in sends {
        ids.push(send.await.expect("the submission task"));
    }
    let stored: Vec<(String, String)> = ids
        .chunks(2)
        .map(|pair| (pair[0].clone(), pair[1].clone()))
        .collect();
    for (on_a, on_b) in &stored {
        assert_eq!(on_a, on_b, "one attempt per form, whichever server took it");
    }
    assert_eq!(number(a, "SELECT COUNT(*) FROM attempts").await, 12);
    assert_eq!(
        number(a, "SELECT COUNT(DISTINCT answer_md) FROM attempts").await,
        12
    );
    assert_eq!(
        number(
            a,
            "SELECT CAST(SUM(attempts) AS BIGINT) FROM daily_activity"
        )
        .await,
        12,
        "the roll-up counted each once"
    );

    // One attempt graded on both at once: one grade stands.
    let (first, _) = &stored[0];
    let (on_a, on_b) = tokio::join!(grade(a, &ada, first, "3"), grade(b, &ada, first, "1"));
    assert_eq!((on_a, on_b), (200, 200), "the second is told it was graded");
    assert_eq!(
        number(a, "SELECT COUNT(*) FROM attempts WHERE rating IS NOT NULL").await,
        1
    );
    let counted = "SELECT CAST(SUM(again + hard + good + easy) AS BIGINT) FROM daily_activity";
    assert_eq!(number(a, counted).await, 1);
    assert_eq!(number(a, "SELECT reviews FROM review_states").await, 1);

    // Two attempts at the question graded at once, one on each: both count, the second
    // scheduled from the memory the first left.
    let (second, _) = &stored[1];
    let (third, _) = &stored[2];
    let (on_a, on_b) = tokio::join!(grade(a, &ada, second, "3"), grade(b, &ada, third, "3"));
    assert_eq!((on_a, on_b), (200, 200));
    assert_eq!(number(a, counted).await, 3);
    assert_eq!(number(a, "SELECT reviews FROM review_states").await, 3);

    // Two edits of one story at once, one on each server: both kept, one version each.
    let story = crate::stories::create(a, &ada, &crate::stories::LEDGER).await;
    let first = crate::stories::Story {
        title: "Ledger writes, first edit",
        ..crate::stories::LEDGER
    };
    let second = crate::stories::Story {
        title: "Ledger writes, second edit",
        ..crate::stories::LEDGER
    };
    let (mut first, mut second) = (first.form(), second.form());
    first.push(("story", &story));
    second.push(("story", &story));
    let (on_a, on_b) = tokio::join!(
        a.call(&ada, "update_story", &first),
        b.call(&ada, "update_story", &second)
    );
    assert_eq!((on_a.status().as_u16(), on_b.status().as_u16()), (200, 200));
    let versions = format!("SELECT COUNT(*) FROM story_versions WHERE story_id = {story}");
    assert_eq!(number(a, &versions).await, 3);

    // Two rehearsals of it at once: both counted, the second scheduled from the first.
    let (on_a, on_b) = tokio::join!(
        crate::stories::rehearse(a, &ada, &story, &["0"], "3", None),
        crate::stories::rehearse(b, &ada, &story, &["1"], "3", None)
    );
    assert_eq!((on_a.status().as_u16(), on_b.status().as_u16()), (200, 200));
    assert_eq!(
        number(a, "SELECT reviews FROM story_review_states").await,
        2
    );
}
