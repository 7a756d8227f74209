//! The progress pages over real HTTP: figures that match a seeded history, the learner's time
//! zone, and other learners' attempts never counting.

use crate::common::{
    PASSWORD, TestApp, browser, learner, practise, spawn_app, spawn_seed_app, submit_answer,
    without_markers,
};
use serde_json::Value;

const DAY: i64 = 24 * 60 * 60;

async fn dashboard(app: &TestApp, client: &reqwest::Client) -> Value {
    let response = app.call(client, "dashboard", &[]).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("json")
}

fn concept<'a>(dashboard: &'a Value, slug: &str) -> &'a Value {
    dashboard["concepts"]
        .as_array()
        .expect("concepts")
        .iter()
        .find(|c| c["concept"] == slug)
        .expect("the concept")
}

#[tokio::test]
async fn the_dashboard_matches_weeks_of_practice() {
    let app = spawn_seed_app().await;
    let ada = learner(&app, "ada").await;
    let response = app
        .call(
            &ada,
            "set_time_zone",
            &[("time_zone", "Pacific/Kiritimati")],
        )
        .await;
    assert_eq!(response.status(), 200);

    // Earlier days, practised on the server's clock: five days in a row three weeks ago, then
    // the day before yesterday and yesterday (a streak of three with today); two answers of
    // a minute each every day, not graded.
    let start = app.now();
    app.advance(-24 * DAY);
    for ago in (20..=24).rev().chain([2, 1]) {
        assert_eq!(app.now(), start - ago * DAY);
        for _ in 0..2 {
            submit_answer(&app, &ada, "cap-mysql-partition", "Earlier practice", 60).await;
        }
        app.advance(if ago == 20 { 18 * DAY } else { DAY });
    }
    assert_eq!(app.now(), start, "back at today");
    // Today: two questions, one in CAP (rated Good), one in performance (rated Again).
    practise(&app, &ada, "cap-mysql-partition", "3").await;
    practise(&app, &ada, "performance-vs-scalability", "1").await;
    let d = app.db().await;
    let today: i64 = sqlx::query_scalar("SELECT MAX(day) FROM daily_activity")
        .fetch_one(&d)
        .await
        .expect("today");
    d.close().await;

    let board = dashboard(&app, &ada).await;
    assert_eq!(board["time_zone"], "Pacific/Kiritimati");
    assert_eq!(board["time_zone_set"], true);
    // Kiritimati is UTC+14, worked out here independently of the roll-up's rows.
    let kiritimati = (app.now() + 14 * 3600).div_euclid(DAY);
    assert_eq!(
        board["today"],
        app::domain::Date::from_day_number(kiritimati).to_string()
    );
    assert_eq!(
        today, kiritimati,
        "today's attempts were filed under the local day"
    );
    assert_eq!(board["current_streak"], 3);
    assert_eq!(board["longest_streak"], 5);
    assert_eq!(board["attempts"], 2 + 7 * 2);
    assert_eq!(
        board["ratings"],
        serde_json::json!([1, 0, 1, 0]),
        "only today's grades"
    );
    assert_eq!(board["total_seconds"], 2 * 45 + 7 * 120);
    assert_eq!(
        board["weekly_seconds"][7],
        2 * 45 + 2 * 120,
        "this week: today and two days"
    );
    assert_eq!(board["heatmap"].as_array().map(Vec::len), Some(8));

    let cap = concept(&board, "cap");
    assert_eq!(cap["attempted"], 1);
    assert_eq!(cap["questions"], 6);
    assert_eq!(
        cap["mastery"], 17,
        "one of six recalled for certain: 100 / 6"
    );
    assert_eq!(cap["latest"], serde_json::json!([3]));
    assert_eq!(cap["trend"][7], 3.0, "this week's average grade");
    let perf = concept(&board, "performance-scalability");
    assert_eq!(perf["attempted"], 1);
    assert_eq!(perf["latest"], serde_json::json!([1]));
    let latency = concept(&board, "latency-throughput");
    assert_eq!(latency["attempted"], 0);
    assert_eq!(latency["mastery"], 0);

    // Weakest first: the Again (due within the day) before the Good.
    assert_eq!(board["weakest"][0]["slug"], "performance-vs-scalability");
    // Both reviews fall in the forecast: the Again within hours (today or, late in the
    // learner's evening, tomorrow), the Good two or three days out.
    let forecast: Vec<i64> = board["forecast"]
        .as_array()
        .expect("forecast")
        .iter()
        .map(|n| n.as_i64().expect("a count"))
        .collect();
    assert_eq!(forecast.len(), 14);
    assert_eq!(forecast.iter().sum::<i64>(), 2);
    assert_eq!(forecast[0] + forecast[1], 1, "{forecast:?}");
    assert_eq!(forecast[2] + forecast[3], 1, "{forecast:?}");

    // The page says the same.
    let page = ada
        .get(format!("{}/progress", app.base))
        .send()
        .await
        .expect("sent");
    assert_eq!(page.status(), 200);
    let page = without_markers(&page.text().await.expect("body"));
    assert!(
        page.contains("<dt>Current streak</dt><dd>3 days</dd>"),
        "{page}"
    );
    assert!(page.contains("<dt>Longest streak</dt><dd>5 days</dd>"));
    assert!(page.contains("Coverage: 1 of 6 questions attempted"));
    assert!(
        page.contains(r#"role="img""#),
        "charts are images with a summary"
    );
    assert!(page.contains("16 attempts on 8 days in the last 12 months"));

    // A concept page lists its questions with a status each.
    let page = ada
        .get(format!("{}/progress/cap", app.base))
        .send()
        .await
        .expect("sent");
    assert_eq!(page.status(), 200);
    let page = without_markers(&page.text().await.expect("body"));
    assert!(
        page.contains("6 questions: 5 new, 1 learning, 0 due, 0 mastered."),
        "{page}"
    );
    let (status, _) = app.get("/progress/not-a-concept").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn another_learners_attempts_never_count() {
    let app = spawn_seed_app().await;
    let ada = learner(&app, "ada").await;
    let bob = learner(&app, "bob").await;
    for slug in [
        "cap-mysql-partition",
        "trading-order-latency",
        "scaling-a-monolith",
    ] {
        practise(&app, &bob, slug, "4").await;
    }
    let board = dashboard(&app, &ada).await;
    assert_eq!(board["attempts"], 0);
    assert_eq!(board["current_streak"], 0);
    assert_eq!(board["ratings"], serde_json::json!([0, 0, 0, 0]));
    assert_eq!(board["weakest"], serde_json::json!([]));
    for c in board["concepts"].as_array().expect("concepts") {
        assert_eq!(c["attempted"], 0);
        assert_eq!(c["latest"], serde_json::json!([]));
    }
    let page = ada
        .get(format!("{}/progress", app.base))
        .send()
        .await
        .expect("sent")
        .text()
        .await
        .expect("body");
    assert!(page.contains("Nothing here yet"), "the empty state");
    let page = ada
        .get(format!("{}/progress/cap", app.base))
        .send()
        .await
        .expect("sent")
        .text()
        .await
        .expect("body");
    assert!(without_markers(&page).contains("6 questions: 6 new"));
    assert_eq!(dashboard(&app, &bob).await["attempts"], 3);
}

#[tokio::test]
async fn the_time_zone_is_a_known_name_and_the_browser_only_suggests_it() {
    let app = spawn_app().await;
    let client = browser();
    // Signing up with the browser's zone sets it.
    let response = app
        .call(
            &client,
            "sign_up",
            &[
                ("username", "zoe"),
                ("password", PASSWORD),
                ("time_zone", "Asia/Tokyo"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(dashboard(&app, &client).await["time_zone"], "Asia/Tokyo");

    let response = app
        .call(
            &client,
            "set_time_zone",
            &[("time_zone", "Mars/Olympus_Mons")],
        )
        .await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["Field"]["field"], "time_zone");
    assert_eq!(body["Field"]["problem"], "unknown_time_zone");
    let response = app
        .call(&client, "set_time_zone", &[("time_zone", "Europe/Berlin")])
        .await;
    assert_eq!(response.status(), 200);

    // A later sign-in from a browser elsewhere does not override the learner's choice.
    app.call(&client, "sign_out", &[]).await;
    let response = app
        .call(
            &client,
            "sign_in",
            &[
                ("username", "zoe"),
                ("password", PASSWORD),
                ("time_zone", "America/Denver"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(dashboard(&app, &client).await["time_zone"], "Europe/Berlin");
    // Signed out, the dashboard invites sign-in.
    let (status, page) = app.get("/progress").await;
    assert_eq!(status, 200);
    assert!(page.contains("create an account"));
}
