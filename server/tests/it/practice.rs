//! The practice loop over real HTTP on a fresh database: an attempt's round trip, privacy
//! between learners, idempotent submits, bad input, the review queue and the interview date.

use crate::common::{
    PASSWORD, TestApp, browser, execute, learner, practise_with, scalar, spawn_app, spawn_seed_app,
    without_markers,
};
use serde_json::Value;

const Q1: &str = "performance-vs-scalability";
const Q2: &str = "log-aggregation-throughput";
const Q3: &str = "cap-mysql-partition";
const DAY: i64 = 24 * 60 * 60;

/// Every table the practice loop writes, counted: a refused request must leave all alone.
async fn stored(app: &TestApp) -> [i64; 4] {
    [
        scalar(app, "SELECT COUNT(*) FROM attempts").await,
        scalar(app, "SELECT COUNT(*) FROM attempt_ticks").await,
        scalar(app, "SELECT COUNT(*) FROM attempt_key_terms").await,
        scalar(app, "SELECT COUNT(*) FROM review_states").await,
    ]
}

/// The practice state of a question page, as the hydrated page loads it.
async fn practice(
    app: &TestApp,
    client: &reqwest::Client,
    slug: &str,
    attempt: Option<&str>,
) -> Value {
    let mut form = vec![("slug", slug)];
    if let Some(attempt) = attempt {
        form.push(("attempt", attempt));
    }
    let response = app.call(client, "practice", &form).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("json")
}

async fn fresh_token(app: &TestApp, client: &reqwest::Client, slug: &str) -> (String, String) {
    let state = practice(app, client, slug, None).await;
    let form = &state["Answer"];
    (
        form["token"].as_str().expect("a token").to_owned(),
        form["opened_at"].to_string(),
    )
}

/// Submits an answer and returns the response.
async fn submit(
    app: &TestApp,
    client: &reqwest::Client,
    slug: &str,
    token: &str,
    answer: &str,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let opened_at = (app.now() - 90).to_string();
    let mut form = vec![
        ("slug", slug),
        ("token", token),
        ("answer", answer),
        ("opened_at", opened_at.as_str()),
    ];
    form.extend_from_slice(extra);
    app.call(client, "submit_answer", &form).await
}

/// The attempt id a successful submit redirects to.
fn attempt_id(response: &reqwest::Response) -> String {
    assert_eq!(response.status(), 200);
    let location = response.headers()["location"].to_str().expect("ascii");
    let id = location
        .split("attempt=")
        .nth(1)
        .and_then(|rest| rest.split(['#', '&']).next())
        .expect("an attempt id");
    id.to_owned()
}

async fn answer(app: &TestApp, client: &reqwest::Client, slug: &str, text: &str) -> String {
    let (token, _) = fresh_token(app, client, slug).await;
    attempt_id(&submit(app, client, slug, &token, text, &[]).await)
}

async fn grade(
    app: &TestApp,
    client: &reqwest::Client,
    slug: &str,
    attempt: &str,
    ticked: &[&str],
    rating: Option<&str>,
) -> reqwest::Response {
    let mut form = vec![("slug", slug), ("attempt", attempt)];
    for tick in ticked {
        form.push(("ticked[]", tick));
    }
    if let Some(rating) = rating {
        form.push(("rating", rating));
    }
    app.call(client, "grade_attempt", &form).await
}

async fn field_error(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status(), status);
    let body: Value = response.json().await.expect("a JSON error");
    body
}

#[tokio::test]
async fn an_attempt_round_trips_through_sqlite() {
    let app = spawn_app().await;
    let ada = learner(&app, "ada").await;
    let (token, opened_at) = fresh_token(&app, &ada, Q1).await;
    assert_eq!(token.len(), 22, "128 bits, URL-safe: {token}");
    let opened_at: i64 = opened_at.parse().expect("a time");
    assert!((opened_at - app.now()).abs() < 5);

    let text = "Performance is speed for **one** user; scalability is keeping it under LOAD.\r\n\r\nA single lock is the bottleneck.";
    let response = submit(
        &app,
        &ada,
        Q1,
        &token,
        text,
        &[("elapsed_ms", "42000"), ("timed", "1")],
    )
    .await;
    let id = attempt_id(&response);

    // Stored as written (line endings normalised), with the times and the key terms.
    let db = app.db().await;
    let (answer_md, timed, skipped, duration, rating): (String, i64, i64, i64, Option<i64>) =
        sqlx::query_as(
            "SELECT answer_md, timed, skipped, duration_secs, rating FROM attempts WHERE id = $1",
        )
        .bind(id.parse::<i64>().expect("numeric id"))
        .fetch_one(&db)
        .await
        .expect("the attempt row");
    db.close().await;
    assert_eq!(answer_md, text.replace("\r\n", "\n"));
    assert_eq!((timed, skipped), (1, 0));
    assert!(
        (42..=43).contains(&duration),
        "measured in the browser: {duration}"
    );
    assert_eq!(rating, None, "not graded yet");

    let detail = practice(&app, &ada, Q1, Some(&id)).await;
    let attempt = &detail["Attempt"];
    assert!(
        attempt["answer_html"]
            .as_str()
            .expect("html")
            .contains("<strong>one</strong>"),
        "{attempt}"
    );
    let used: Vec<&str> = attempt["key_terms"]
        .as_array()
        .expect("terms")
        .iter()
        .filter(|t| t["used"] == true)
        .map(|t| t["term"].as_str().expect("a term"))
        .collect();
    // "bottleneck | bottlenecked | global lock" is shown by its name.
    assert_eq!(used, ["performance", "scalability", "bottleneck"]);
    assert!(attempt["grade"].is_null());

    // Grade it: the first rubric item ticked, rated Good (3) against a suggested Hard.
    let response = grade(&app, &ada, Q1, &id, &["0"], Some("3")).await;
    assert_eq!(
        response.status(),
        200,
        "{}",
        response.text().await.unwrap_or_default()
    );
    let detail = practice(&app, &ada, Q1, Some(&id)).await;
    let saved = &detail["Attempt"]["grade"];
    assert_eq!(saved["rating"], 3);
    assert_eq!(saved["suggested"], 2, "one of two items is Hard");
    assert_eq!(saved["rubric_total"], 2);
    assert_eq!(
        saved["ticked"][0],
        "Can you articulate basic concepts clearly?"
    );
    let due = saved["due_at"].as_i64().expect("a due time");
    let days = (due - app.now()) as f64 / DAY as f64;
    assert!(
        (1.5..4.0).contains(&days),
        "a first Good comes back in a couple of days: {days}"
    );
    assert_eq!(stored(&app).await, [1, 1, 7, 1]);

    // The page shows it in full, graded, and the question page lists it.
    let (status, page) = app_get(&app, &ada, &format!("/questions/{Q1}?attempt={id}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("You rated this <strong>Good</strong>."),
        "{page}"
    );
    assert!(page.contains("Your answer used"));
    let (_, page) = app_get(&app, &ada, &format!("/questions/{Q1}")).await;
    assert!(
        page.contains(&format!("/questions/{Q1}?attempt={id}")),
        "listed: {page}"
    );
    assert!(page.contains("rated Good (3)"));
    assert!(page.contains("Comes back for review"));

    // The export has it, and deleting the account removes every row of it.
    let export: Value = ada
        .get(format!("{}/api/my_data", app.base))
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");
    assert_eq!(
        export["attempts"][0]["answer_markdown"],
        text.replace("\r\n", "\n")
    );
    assert_eq!(export["attempts"][0]["rating"], 3);
    assert_eq!(export["review_states"][0]["question"], Q1);
    let response = app
        .call(&ada, "delete_account", &[("password", PASSWORD)])
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(stored(&app).await, [0, 0, 0, 0]);
}

async fn app_get(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    let response = client
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .expect("sent");
    let status = response.status().as_u16();
    (
        status,
        without_markers(&response.text().await.expect("body")),
    )
}

#[tokio::test]
async fn another_learners_attempts_are_not_found() {
    let app = spawn_app().await;
    let ada = learner(&app, "ada").await;
    let bob = learner(&app, "bob").await;
    let id = answer(&app, &ada, Q1, "Ada's private answer about scalability").await;

    let (status, page) = app_get(&app, &bob, &format!("/questions/{Q1}?attempt={id}")).await;
    assert_eq!(status, 404);
    assert!(!page.contains("private answer"));
    assert_eq!(practice(&app, &bob, Q1, Some(&id)).await, "NoSuchAttempt");
    // Nor at another question, nor by a malformed id.
    let (status, _) = app_get(&app, &ada, &format!("/questions/{Q2}?attempt={id}")).await;
    assert_eq!(status, 404);
    let (status, _) = app_get(&app, &ada, &format!("/questions/{Q1}?attempt=abc")).await;
    assert_eq!(status, 404);
    // Signed out, the page invites sign-in rather than showing anything.
    let (status, page) = app.get(&format!("/questions/{Q1}?attempt={id}")).await;
    assert_eq!(status, 200);
    assert!(!page.contains("private answer"));
    assert!(page.contains("to write your answer"));

    // Bob cannot grade it either, and it stays ungraded.
    let response = grade(&app, &bob, Q1, &id, &["0"], Some("4")).await;
    assert_eq!(response.status(), 404);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM attempts WHERE rating IS NOT NULL"
        )
        .await,
        0
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM review_states").await, 0);
    // Bob's export holds none of it.
    let export: Value = bob
        .get(format!("{}/api/my_data", app.base))
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");
    assert_eq!(export["attempts"], serde_json::json!([]));
}

#[tokio::test]
async fn a_double_submit_stores_one_attempt_and_one_grade() {
    let app = spawn_app().await;
    let ada = learner(&app, "ada").await;
    let (token, _) = fresh_token(&app, &ada, Q2).await;
    let first = attempt_id(&submit(&app, &ada, Q2, &token, "Batch the writes.", &[]).await);
    let second = attempt_id(&submit(&app, &ada, Q2, &token, "Batch the writes.", &[]).await);
    assert_eq!(first, second, "the same form names the same attempt");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM attempts").await, 1);
    // The same form brought back (the Back button) with a different answer: that answer is
    // a new attempt, kept, not dropped as a duplicate.
    let third = attempt_id(&submit(&app, &ada, Q2, &token, "Batch, then compress.", &[]).await);
    assert_ne!(third, first);
    let again = attempt_id(&submit(&app, &ada, Q2, &token, "Batch, then compress.", &[]).await);
    assert_eq!(again, third, "and its own double submit is one row too");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM attempts").await, 2);
    execute(&app, &format!("DELETE FROM attempts WHERE id = {third}")).await;

    let response = grade(&app, &ada, Q2, &first, &["0", "1"], Some("3")).await;
    assert_eq!(response.status(), 200);
    let response = grade(&app, &ada, Q2, &first, &["2"], Some("1")).await;
    assert_eq!(response.status(), 200, "a second save is not an error");
    assert_eq!(stored(&app).await[..2], [1, 2]);
    assert_eq!(
        scalar(&app, "SELECT rating FROM attempts").await,
        3,
        "the first grade stands"
    );
    assert_eq!(scalar(&app, "SELECT reviews FROM review_states").await, 1);
}

#[tokio::test]
async fn bad_input_gets_a_clear_message_and_stores_nothing() {
    let app = spawn_app().await;
    let ada = learner(&app, "ada").await;
    let (token, _) = fresh_token(&app, &ada, Q1).await;

    let body = field_error(submit(&app, &ada, Q1, &token, "  \r\n ", &[]).await, 400).await;
    assert_eq!(body["Field"]["field"], "answer");
    assert_eq!(body["Field"]["problem"]["answer"], "empty");
    let long = "x".repeat(20_001);
    let body = field_error(submit(&app, &ada, Q1, &token, &long, &[]).await, 400).await;
    assert_eq!(body["Field"]["problem"]["answer"], "too_long");
    let body = field_error(
        submit(&app, &ada, Q1, &token, &long, &[("skip", "1")]).await,
        400,
    )
    .await;
    assert_eq!(
        body["Field"]["problem"]["answer"], "too_long",
        "skipping does not lift the limit"
    );
    let response = submit(&app, &ada, "no-such-question", &token, "An answer", &[]).await;
    assert_eq!(response.status(), 404);
    let response = submit(&app, &ada, "../../etc", &token, "An answer", &[]).await;
    assert_eq!(response.status(), 404);
    let response = submit(&app, &ada, Q1, "short", "An answer", &[]).await;
    assert_eq!(response.status(), 400);
    let response = app
        .call(
            &ada,
            "submit_answer",
            &[
                ("slug", Q1),
                ("token", &token),
                ("answer", "x"),
                ("opened_at", "yesterday"),
            ],
        )
        .await;
    assert_eq!(
        response.status(),
        400,
        "a malformed field is the client's fault"
    );
    let response = submit(&app, &browser(), Q1, &token, "An answer", &[]).await;
    assert_eq!(response.status(), 401, "signed out");
    assert_eq!(
        stored(&app).await,
        [0, 0, 0, 0],
        "nothing stored by any of those"
    );

    // The explicit skip stores an empty, skipped attempt.
    let id = attempt_id(&submit(&app, &ada, Q1, &token, "", &[("skip", "1")]).await);
    assert_eq!(scalar(&app, "SELECT skipped FROM attempts").await, 1);
    let before = stored(&app).await;

    for (ticked, rating, field, problem) in [
        (&["0"][..], Some("0"), "rating", "rating_out_of_range"),
        (&["0"][..], Some("5"), "rating", "rating_out_of_range"),
        (&["0"][..], Some("Good"), "rating", "rating_out_of_range"),
        (&["0", "2"][..], Some("3"), "ticked", "unknown_rubric_item"),
    ] {
        let body = field_error(grade(&app, &ada, Q1, &id, ticked, rating).await, 400).await;
        assert_eq!(body["Field"]["field"], field, "{body}");
        assert_eq!(body["Field"]["problem"], problem, "{body}");
    }
    let response = grade(&app, &ada, Q1, &id, &["-1"], Some("3")).await;
    assert_eq!(response.status(), 400);
    let response = grade(&app, &ada, Q2, &id, &[], Some("3")).await;
    assert_eq!(
        response.status(),
        404,
        "the attempt is not at that question"
    );
    let response = grade(&app, &ada, Q1, "999999", &[], Some("3")).await;
    assert_eq!(response.status(), 404);
    assert_eq!(stored(&app).await, before, "no grade half-written");

    // Without a chosen rating the rubric decides: both items ticked is Easy.
    let response = grade(&app, &ada, Q1, &id, &["1", "0", "1"], None).await;
    assert_eq!(response.status(), 200);
    assert_eq!(scalar(&app, "SELECT rating FROM attempts").await, 4);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM attempt_ticks").await,
        2,
        "a repeated tick counts once"
    );
}

#[tokio::test]
async fn the_review_queue_lists_due_then_new_then_later() {
    let app = spawn_seed_app().await;
    let ada = learner(&app, "ada").await;
    // Days of study on the server's clock: Q2 rated Good first (back in about 2.3 days), Q1
    // Good a day later, Q3 Easy that day (back in about 8 days). Five days after the first,
    // Q2 and Q1 are due (Q2 the longer), and Q3 is still ahead.
    for (slug, rating, then_wait) in [(Q2, "3", DAY), (Q1, "3", 0), (Q3, "4", 4 * DAY)] {
        let id = answer(&app, &ada, slug, "An answer").await;
        assert_eq!(
            grade(&app, &ada, slug, &id, &[], Some(rating))
                .await
                .status(),
            200
        );
        app.advance(then_wait);
    }
    let response = app.call(&ada, "review_queue", &[]).await;
    assert_eq!(response.status(), 200);
    let queue: Value = response.json().await.expect("json");
    let slugs = |list: &str| -> Vec<String> {
        queue[list]
            .as_array()
            .expect("a list")
            .iter()
            .map(|item| item["slug"].as_str().expect("a slug").to_owned())
            .collect()
    };
    assert_eq!(slugs("due"), [Q2, Q1], "oldest due first");
    assert_eq!(slugs("later"), [Q3]);
    let new = slugs("new");
    assert_eq!(new.len(), 6, "the other six seed questions");
    assert_eq!(new[0], "trading-order-latency", "in the bank's order");
    assert_eq!(queue["due"][0]["last_rating"], 3);

    let (status, page) = app_get(&app, &ada, "/review").await;
    assert_eq!(status, 200);
    let due_at = page.find("Due today (2)").expect("a due heading");
    let new_at = page.find("New (6)").expect("a new heading");
    let later_at = page.find("Coming up (1)").expect("a later heading");
    assert!(due_at < new_at && new_at < later_at);

    // Another learner's queue is untouched by Ada's grades.
    let bob = learner(&app, "bob").await;
    let queue: Value = app
        .call(&bob, "review_queue", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(queue["new"].as_array().map(Vec::len), Some(9));
    // Signed out, the page explains itself.
    let (status, page) = app.get("/review").await;
    assert_eq!(status, 200);
    assert!(page.contains("create an account"));
}

#[tokio::test]
async fn an_interview_date_brings_every_review_before_it() {
    let app = spawn_seed_app().await;
    let ada = learner(&app, "ada").await;
    let id = answer(&app, &ada, Q1, "Scalability answer").await;
    assert_eq!(
        grade(&app, &ada, Q1, &id, &["0", "1"], Some("4"))
            .await
            .status(),
        200
    );
    let easy_due = scalar(&app, "SELECT due_at FROM review_states").await;
    assert!(
        easy_due - app.now() > 5 * DAY,
        "a first Easy waits about a week"
    );

    let today = app.now().div_euclid(DAY);
    let date = |days: i64| {
        let db_day = today + days;
        // YYYY-MM-DD from a day number, through the app's own calendar type.
        app::domain::Date::of_time(db_day * DAY).to_string()
    };
    let set = |value: String| set_interview_date(&app, &ada, value);
    for (value, problem) in [
        (date(-1), serde_json::json!("date_in_the_past")),
        (date(800), serde_json::json!("date_too_far")),
        (
            "2027-02-30".to_owned(),
            serde_json::json!({"date": "no_such_day"}),
        ),
        (
            "next week".to_owned(),
            serde_json::json!({"date": "format"}),
        ),
    ] {
        let body = field_error(set(value.clone()).await, 400).await;
        assert_eq!(body["Field"]["field"], "interview_on", "{value}");
        assert_eq!(body["Field"]["problem"], problem, "{value}");
    }
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM users WHERE interview_on IS NOT NULL"
        )
        .await,
        0
    );

    // Three days out: the Easy review moves to the eve of the interview.
    assert_eq!(set(date(3)).await.status(), 200);
    let eve = (today + 2) * DAY;
    assert_eq!(scalar(&app, "SELECT due_at FROM review_states").await, eve);
    // A new grade is capped the same way.
    let id = answer(&app, &ada, Q2, "Throughput answer").await;
    assert_eq!(
        grade(&app, &ada, Q2, &id, &["0", "1", "2"], Some("4"))
            .await
            .status(),
        200
    );
    assert!(
        scalar(
            &app,
            &format!("SELECT due_at FROM review_states WHERE question_slug = '{Q2}'")
        )
        .await
            <= eve
    );
    let (_, page) = app_get(&app, &ada, "/review").await;
    assert!(page.contains("Interview in 3 days ("), "{page}");
    assert!(page.contains("7 questions not practised yet"));
    let (_, page) = app_get(&app, &ada, "/account").await;
    assert!(
        page.contains(&format!(r#"value="{}""#, date(3))),
        "the form shows the date"
    );

    // Clearing it keeps the schedule and forgets the date.
    assert_eq!(set(String::new()).await.status(), 200);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM users WHERE interview_on IS NOT NULL"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn the_whole_loop_works_as_plain_form_posts() {
    let app = spawn_app().await;
    let ada = learner(&app, "ada").await;
    let page_url = format!("{}/questions/{Q1}", app.base);
    let (status, page) = app_get(&app, &ada, &format!("/questions/{Q1}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(r#"<label for="answer">Your answer</label>"#),
        "{page}"
    );
    let token = page
        .split(r#"name="token" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a token in the form")
        .to_owned();
    let post = |endpoint: &str, body: Vec<(&str, String)>| {
        ada.post(format!("{}/api/{endpoint}", app.base))
            .header("accept", "text/html")
            .header("referer", &page_url)
            .header("origin", &app.base)
            .form(&body)
            .send()
    };

    // A refused answer comes back to the page, with the message by the textarea.
    let response = post(
        "submit_answer",
        vec![
            ("slug", Q1.into()),
            ("token", token.clone()),
            ("answer", " ".into()),
            ("opened_at", app.now().to_string()),
            ("skip", "0".into()),
        ],
    )
    .await
    .expect("sent");
    assert_eq!(response.status(), 302);
    let back = response.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_owned();
    let (_, page) = app_get(&app, &ada, back.trim_start_matches(&app.base)).await;
    assert!(
        page.contains(r#"id="answer-error" data-error-for="answer" role="alert""#),
        "{page}"
    );
    assert!(page.contains("Write your answer first"));
    assert!(page.contains(r#"aria-describedby="answer-hint answer-error""#));

    let response = post(
        "submit_answer",
        vec![
            ("slug", Q1.into()),
            ("token", token),
            ("answer", "Performance vs scalability".into()),
            ("opened_at", app.now().to_string()),
            ("skip", "0".into()),
        ],
    )
    .await
    .expect("sent");
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        location.starts_with(&format!("/questions/{Q1}?attempt=")),
        "{location}"
    );
    let (status, page) = app_get(&app, &ada, &location).await;
    assert_eq!(status, 200);
    assert!(page.contains("Grade your answer"));
    assert!(page.contains(r#"name="ticked[]""#));
    let id = location
        .split("attempt=")
        .nth(1)
        .and_then(|r| r.split('#').next())
        .expect("id");

    let response = post(
        "grade_attempt",
        vec![
            ("slug", Q1.into()),
            ("attempt", id.into()),
            ("ticked[]", "0".into()),
            ("ticked[]", "1".into()),
        ],
    )
    .await
    .expect("sent");
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_owned();
    let (_, page) = app_get(&app, &ada, &location).await;
    assert!(
        page.contains("You rated this <strong>Easy</strong>."),
        "the rubric decided: {page}"
    );
}

#[tokio::test]
async fn attempts_at_a_retired_question_stay_readable() {
    let app = spawn_app().await;
    let ada = learner(&app, "ada").await;
    let id = answer(&app, &ada, Q1, "Written before the question was retired").await;
    let (token, _) = fresh_token(&app, &ada, Q1).await;
    // The question leaves content/: the next start-up retires it, as this does.
    execute(
        &app,
        &format!("UPDATE questions SET retired_at = CURRENT_TIMESTAMP WHERE slug = '{Q1}'"),
    )
    .await;

    let (status, page) = app_get(&app, &ada, &format!("/questions/{Q1}?attempt={id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Written before the question was retired"));
    assert!(page.contains("This question has left the bank."));
    assert_eq!(
        grade(&app, &ada, Q1, &id, &["0"], Some("3")).await.status(),
        200,
        "still gradable"
    );

    let (status, page) = app_get(&app, &ada, &format!("/questions/{Q1}")).await;
    assert_eq!(status, 200);
    assert!(!page.contains(r#"name="answer""#), "no new answers");
    assert!(
        page.contains(&format!("?attempt={id}")),
        "the history is listed"
    );
    let response = submit(&app, &ada, Q1, &token, "A new answer", &[]).await;
    assert_eq!(response.status(), 404);
    let (_, bank) = app.get("/").await;
    assert!(
        !bank.contains(&format!("/questions/{Q1}\"")),
        "out of the bank"
    );
    let queue: Value = app
        .call(&ada, "review_queue", &[])
        .await
        .json()
        .await
        .expect("json");
    assert!(
        !queue.to_string().contains(Q1),
        "and out of the review queue"
    );
}

async fn set_interview_date(
    app: &TestApp,
    client: &reqwest::Client,
    value: String,
) -> reqwest::Response {
    app.call(
        client,
        "set_interview_date",
        &[("interview_on", value.as_str())],
    )
    .await
}

/// "Today" and the eve of the interview are the learner's, not UTC's. A zone is picked whose
/// date differs from UTC's right now (Niue, UTC−11, before 10:00 UTC; Kiritimati, UTC+14,
/// from 10:00, each at least an hour from its midnight), so the test checks a real
/// disagreement whenever it runs.
#[tokio::test]
async fn a_learner_far_from_utc_gets_their_own_today_and_eve() {
    let app = spawn_seed_app().await;
    let ada = learner(&app, "ada").await;
    let now = app.now();
    let hour = now.rem_euclid(DAY) / 3600;
    let (zone, offset) = if hour < 10 {
        ("Pacific/Niue", -11 * 3600)
    } else {
        ("Pacific/Kiritimati", 14 * 3600)
    };
    let response = app
        .call(&ada, "set_time_zone", &[("time_zone", zone)])
        .await;
    assert_eq!(response.status(), 200);
    let utc_day = now.div_euclid(DAY);
    let local_day = (now + offset).div_euclid(DAY);
    assert_ne!(utc_day, local_day, "the zone disagrees with UTC now");
    let date = |day: i64| app::domain::Date::from_day_number(day).to_string();
    let set = |value: String| set_interview_date(&app, &ada, value);
    // The learner's yesterday is refused, whatever day it is in UTC.
    let body = field_error(set(date(local_day - 1)).await, 400).await;
    assert_eq!(body["Field"]["problem"], "date_in_the_past");
    // The learner's today is accepted, and the review page says "today".
    assert_eq!(set(date(local_day)).await.status(), 200);
    let (_, page) = app_get(&app, &ada, "/review").await;
    assert!(page.contains("Interview today ("), "{page}");

    // Three local days out, a graded question comes back by the local start of the eve.
    assert_eq!(set(date(local_day + 3)).await.status(), 200);
    let id = answer(&app, &ada, Q1, "Scalability answer").await;
    assert_eq!(
        grade(&app, &ada, Q1, &id, &["0", "1"], Some("4"))
            .await
            .status(),
        200
    );
    let eve_starts = (local_day + 2) * DAY - offset;
    assert_eq!(
        scalar(&app, "SELECT due_at FROM review_states").await,
        eve_starts
    );
}

/// A long history at one question is read a page at a time: the question page lists the
/// newest 20 with a link to older ones, which lists the rest with a link back, and the links
/// keep the attempt on show.
#[tokio::test]
async fn past_attempts_page_through_plain_links() {
    let app = spawn_seed_app().await;
    let ada = learner(&app, "ada").await;
    let mut ids = Vec::new();
    for i in 0..23 {
        ids.push(answer(&app, &ada, Q1, &format!("Answer {i}")).await);
        // A second apart, so the order is by time, not only by id.
        app.advance(1);
    }
    let href = |id: &str| format!("/questions/{Q1}?attempt={id}\"");
    let (status, first) = app_get(&app, &ada, &format!("/questions/{Q1}")).await;
    assert_eq!(status, 200);
    for id in &ids[3..] {
        assert!(first.contains(&href(id)), "the newest 20 are listed");
    }
    for id in &ids[..3] {
        assert!(
            !first.contains(&href(id)),
            "the oldest three wait on the next page"
        );
    }
    assert!(!first.contains("Newest attempts"));
    let older = format!("/questions/{Q1}?before={}#past-heading", ids[3]);
    assert!(
        first.contains(&format!("href=\"{older}\"")),
        "an Older attempts link"
    );

    let (status, second) = app_get(&app, &ada, &older.replace("#past-heading", "")).await;
    assert_eq!(status, 200);
    for id in &ids[..3] {
        assert!(second.contains(&href(id)), "the rest");
    }
    assert!(!second.contains(&href(&ids[3])));
    assert!(!second.contains("Older attempts"), "nothing older");
    assert!(second.contains(&format!("href=\"/questions/{Q1}#past-heading\"")));

    // On an attempt's page the links keep that attempt in view, and leave it out of the list.
    let shown = &ids[22];
    let (_, page) = app_get(&app, &ada, &format!("/questions/{Q1}?attempt={shown}")).await;
    assert!(page.contains(&format!(
        "href=\"/questions/{Q1}?attempt={shown}&amp;before={}#past-heading\"",
        ids[2]
    )));
    assert!(
        !page.contains(&href(shown)),
        "the attempt on show is not in its own list"
    );
}

/// NUL cannot be stored on PostgreSQL and breaks nothing on SQLite: text that carries one
/// (a paste from a binary file) is stored without it, on both engines, and a name or a query
/// that carries one is answered, never with a server error.
#[tokio::test]
async fn text_with_a_nul_character_is_stored_without_it() {
    let app = spawn_app().await;
    let ada = learner(&app, "ada").await;
    let id = practise_with(&app, &ada, "cap-mysql-partition", "3", "quorum\u{0} reads").await;
    let stored: String = sqlx::query_scalar("SELECT answer_md FROM attempts WHERE id = $1")
        .bind(id.parse::<i64>().expect("an id"))
        .fetch_one(&app.db().await)
        .await
        .expect("the answer");
    assert_eq!(stored, "quorum reads");

    let stranger = browser();
    let response = app
        .call(
            &stranger,
            "sign_in",
            &[("username", "ada\u{0}"), ("password", "not the password")],
        )
        .await;
    assert!(response.status().is_client_error(), "{}", response.status());
    let (status, _) = app.get("/search?q=quorum%00").await;
    assert_eq!(status, 200);
}
