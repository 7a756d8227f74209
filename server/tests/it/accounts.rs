//! Accounts over real HTTP on a fresh database: sessions, the uniform sign-in answer,
//! throttling, cross-site refusal, password change and account deletion.

use crate::common::{PASSWORD, browser, scalar, spawn_app, spawn_app_with};
use app::error::AppError;
use app::services::auth::Limit;
use std::time::{Duration, Instant};

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.contains("rehearse_session="))
        .map(str::to_owned)
}

fn cookie_value(set_cookie: &str) -> String {
    let pair = set_cookie.split(';').next().expect("a cookie pair");
    pair.split_once('=').expect("name=value").1.to_owned()
}

async fn error_body(response: reqwest::Response) -> serde_json::Value {
    response.json().await.expect("a JSON error")
}

#[tokio::test]
async fn sign_up_sign_out_and_sign_in_with_a_well_marked_cookie() {
    let app = spawn_app().await;
    let client = browser();
    assert_eq!(app.who(&client).await, None, "nobody yet");
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM sessions").await,
        0,
        "a visitor who signs in to nothing gets no session row"
    );

    let response = app
        .call(
            &client,
            "sign_up",
            &[("username", "Ada"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    let cookie = session_cookie(&response).expect("a session cookie");
    assert!(cookie.starts_with("rehearse_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain http on loopback: {cookie}"
    );
    assert!(cookie.contains("Max-Age=2592000"), "30 days: {cookie}");
    assert!(
        response
            .headers()
            .get("strict-transport-security")
            .is_none(),
        "no HSTS over plain http"
    );
    assert_eq!(app.who(&client).await.as_deref(), Some("Ada"));

    // Sign-out deletes the server-side session: replaying the old cookie gets nobody.
    let old = cookie_value(&cookie);
    let response = app.call(&client, "sign_out", &[]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["clear-site-data"],
        r#""cookies", "storage""#,
        "the browser forgets what it kept for this site"
    );
    assert_eq!(app.who(&client).await, None);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM sessions").await, 0);
    let replay = app
        .client
        .post(format!("{}/api/current_user", app.base))
        .header("cookie", format!("rehearse_session={old}"))
        .send()
        .await
        .expect("sent");
    assert_eq!(replay.text().await.expect("body"), "null");

    // Case does not matter for the username.
    let response = app
        .call(
            &client,
            "sign_in",
            &[("username", "ADA"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    let fresh = cookie_value(&session_cookie(&response).expect("a new cookie"));
    assert_ne!(fresh, old);
    assert_eq!(app.who(&client).await.as_deref(), Some("Ada"));
}

#[tokio::test]
async fn over_https_the_cookie_is_secure_and_host_prefixed() {
    let app = spawn_app_with(|settings, _| settings.secure_cookies = true).await;
    let response = app
        .call(
            &browser(),
            "sign_up",
            &[("username", "grace"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    let cookie = session_cookie(&response).expect("a session cookie");
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000",
        "Secure cookies mean https, and the browser is told to keep to it"
    );
    assert!(cookie.starts_with("__Host-rehearse_session="), "{cookie}");
    assert!(cookie.contains("Secure"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.contains("Domain"), "{cookie}");
}

#[tokio::test]
async fn signing_in_rotates_the_session_id() {
    let app = spawn_app().await;
    let client = browser();
    app.sign_up(&client, "linus", PASSWORD).await;
    let first = app.db().await;
    let before: String = sqlx::query_scalar("SELECT id FROM sessions")
        .fetch_one(&first)
        .await
        .expect("one session");
    first.close().await;

    // Signing in again on the same browser (which still sends the old id) gets a new id,
    // and the old one is gone from the store.
    let response = app
        .call(
            &client,
            "sign_in",
            &[("username", "linus"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    let after = cookie_value(&session_cookie(&response).expect("a cookie"));
    assert_ne!(after, before);
    assert_eq!(
        scalar(
            &app,
            &format!("SELECT COUNT(*) FROM sessions WHERE id = '{before}'")
        )
        .await,
        0
    );
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer_in_about_the_same_time() {
    let app = spawn_app().await;
    app.sign_up(&browser(), "margaret", PASSWORD).await;

    let mut answers = Vec::new();
    let mut timings = Vec::new();
    for username in ["margaret", "nobody-here"] {
        let mut fastest = Duration::MAX;
        for _ in 0..3 {
            let started = Instant::now();
            let response = app
                .call(
                    &browser(),
                    "sign_in",
                    &[("username", username), ("password", "wrong password 1")],
                )
                .await;
            fastest = fastest.min(started.elapsed());
            answers.push((
                response.status().as_u16(),
                response.text().await.expect("body"),
            ));
        }
        timings.push(fastest);
    }
    assert!(
        answers.iter().all(|answer| answer == &answers[0]),
        "{answers:?}"
    );
    assert_eq!(answers[0].0, 401);
    assert!(
        answers[0].1.contains("WrongCredentials"),
        "{}",
        answers[0].1
    );
    // The unknown name is checked against a dummy hash: no shortcut that a stopwatch shows.
    let (known, unknown) = (timings[0], timings[1]);
    assert!(
        unknown * 2 > known && known * 2 > unknown,
        "known {known:?} vs unknown {unknown:?}"
    );
}

/// Failures count per account and address, with a looser ceiling per account; successes do
/// not count; every attempt counts per address. A guesser at one address cannot lock the
/// learner out of theirs.
#[tokio::test]
async fn sign_in_is_throttled_without_letting_anyone_lock_a_learner_out() {
    let app = spawn_app_with(|settings, _| {
        settings.client_ip_header = Some(axum::http::HeaderName::from_static("x-forwarded-for"));
        settings
            .auth_policy
            .sign_in_failures_per_account_and_address = Limit {
            max: 3,
            window_secs: 600,
        };
        settings.auth_policy.sign_in_failures_per_account = Limit {
            max: 6,
            window_secs: 600,
        };
        settings.auth_policy.sign_in_per_address = Limit {
            max: 8,
            window_secs: 600,
        };
    })
    .await;
    app.sign_up(&browser(), "barbara", PASSWORD).await;
    let attempt = |from: &'static str, username: &'static str, password: &'static str| {
        let app = &app;
        async move {
            browser()
                .post(format!("{}/api/sign_in", app.base))
                .header("accept", "application/json")
                .header("x-forwarded-for", from)
                .form(&[("username", username), ("password", password)])
                .send()
                .await
                .expect("sent")
        }
    };
    // Successes are not failures: more than any failure limit, all let in.
    for _ in 0..7 {
        assert_eq!(
            attempt("192.0.2.1", "barbara", PASSWORD).await.status(),
            200
        );
    }
    // Three wrong passwords from the guesser's address stop that address on that account,
    // even with the right password...
    for _ in 0..3 {
        let response = attempt("198.51.100.9", "barbara", "not her password").await;
        assert_eq!(response.status(), 401);
    }
    let response = attempt("198.51.100.9", "BARBARA", PASSWORD).await;
    assert_eq!(response.status(), 429);
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=600).contains(&retry_after), "{retry_after}");
    let body = error_body(response).await;
    assert_eq!(body["TooManyAttempts"]["retry_after_secs"], retry_after);
    // ...while Barbara, at her own address, signs in as usual.
    assert_eq!(
        attempt("192.0.2.1", "barbara", PASSWORD).await.status(),
        200
    );

    // A guesser spread over addresses meets the account-wide ceiling (six failures).
    for from in ["203.0.113.1", "203.0.113.1", "203.0.113.2"] {
        assert_eq!(
            attempt(from, "barbara", "a wrong guess").await.status(),
            401
        );
    }
    assert_eq!(
        attempt("203.0.113.3", "barbara", "a wrong guess")
            .await
            .status(),
        429
    );

    // Every attempt counts against its address: eight, whatever the accounts.
    for name in ["someone-else", "another-one", "a-third-one", "a-fourth"] {
        assert_eq!(
            attempt("192.0.2.50", name, "whatever pass").await.status(),
            401
        );
    }
    for name in ["fifth", "sixth", "seventh", "eighth"] {
        assert_eq!(
            attempt("192.0.2.50", name, "whatever pass").await.status(),
            401
        );
    }
    assert_eq!(
        attempt("192.0.2.50", "ninth", "whatever pass")
            .await
            .status(),
        429
    );
}

#[tokio::test]
async fn sign_up_is_throttled_per_address() {
    let app = spawn_app_with(|settings, _| {
        settings.auth_policy.sign_up_per_address = Limit {
            max: 2,
            window_secs: 3600,
        };
    })
    .await;
    app.sign_up(&browser(), "first", PASSWORD).await;
    app.sign_up(&browser(), "second", PASSWORD).await;
    let response = app
        .call(
            &browser(),
            "sign_up",
            &[("username", "third"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 429);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM users").await, 2);
}

#[tokio::test]
async fn a_cross_site_sign_up_or_deletion_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let evil = crate::common::bare_client();
    let response = evil
        .post(format!("{}/api/sign_up", app.base))
        .header("origin", "https://evil.example")
        .form(&[("username", "mallory"), ("password", PASSWORD)])
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 403);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM users").await, 0);

    // A signed-in victim's browser, lured to post from another site: refused, account kept.
    let victim = browser();
    app.sign_up(&victim, "victim", PASSWORD).await;
    let response = victim
        .post(format!("{}/api/delete_account", app.base))
        .header("sec-fetch-site", "cross-site")
        .form(&[("password", PASSWORD)])
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 403);
    assert_eq!(app.who(&victim).await.as_deref(), Some("victim"));
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM users").await, 1);
}

#[tokio::test]
async fn bad_sign_up_input_is_named_next_to_its_field_and_nothing_is_stored() {
    // More refused sign-ups than the address may make in an hour.
    let app = spawn_app_with(|settings, _| {
        settings.auth_policy.sign_up_per_address = Limit {
            max: 100,
            window_secs: 3600,
        };
    })
    .await;
    app.sign_up(&browser(), "Taken", PASSWORD).await;
    let long = "x".repeat(33);
    let huge = "p".repeat(129);
    // Whatever is refused, the hint said so first, in the same words.
    let hint = app
        .call(
            &browser(),
            "password_strength",
            &[("password", "Password123!"), ("username", "newcomer")],
        )
        .await;
    assert_eq!(hint.status(), 200);
    let hint: serde_json::Value = hint.json().await.expect("json");
    assert_eq!(hint["problem"], "guessable", "{hint}");
    assert!(hint["score"].as_u64().expect("a score") < 3);
    let hint: serde_json::Value = app
        .call(&browser(), "password_strength", &[("password", PASSWORD)])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(hint["problem"], serde_json::Value::Null, "{hint}");
    let cases: [(&str, &str, &str, &str); 13] = [
        ("", PASSWORD, "username", "Choose a username."),
        ("ab", PASSWORD, "username", "at least 3"),
        (&long, PASSWORD, "username", "at most 32"),
        ("bell\u{7}", PASSWORD, "username", "control characters"),
        ("taken", PASSWORD, "username", "taken"),
        ("newcomer", "short", "password", "at least 8"),
        ("newcomer", "password1", "password", "most common passwords"),
        ("newcomer", &huge, "password", "at most 128"),
        // What the review found accepted: on no list, yet guessed first.
        ("newcomer", "password123", "password", "easy to guess"),
        ("newcomer", "Password123!", "password", "easy to guess"),
        ("newcomer", "iloveyou123", "password", "easy to guess"),
        ("newcomer", "PASSWORD1", "password", "most common passwords"),
        ("newcomer", "newcomer2026", "password", "easy to guess"),
    ];
    for (username, password, field, words) in cases {
        let response = app
            .call(
                &browser(),
                "sign_up",
                &[("username", username), ("password", password)],
            )
            .await;
        assert_eq!(
            response.status(),
            400,
            "{username:?} / {field} / {} chars",
            password.chars().count()
        );
        let error: AppError = response.json().await.expect("an AppError");
        let message = error
            .message_for(field)
            .unwrap_or_else(|| panic!("{error:?} should be about {field}"));
        assert!(message.contains(words), "{message} should say {words}");
    }
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM users").await, 1);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM sessions").await, 1);
}

#[tokio::test]
async fn a_plain_form_sign_up_works_without_javascript() {
    let app = spawn_app().await;
    let client = browser();
    let sign_up_page = format!("{}/sign-up", app.base);
    let post = |username: &'static str, password: &'static str| {
        client
            .post(format!("{}/api/sign_up", app.base))
            .header("accept", "text/html")
            .header("referer", &sign_up_page)
            .header("origin", &app.base)
            .form(&[("username", username), ("password", password)])
            .send()
    };

    // A refused form comes back to the sign-up page, which shows the message by its field.
    let response = post("x", PASSWORD).await.expect("sent");
    assert_eq!(response.status(), 302);
    let back = response.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(back.starts_with("/sign-up?"), "a path on this site: {back}");
    let (status, page) = app.get(back.trim_start_matches(&app.base)).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("A username needs at least 3 characters."),
        "{page}"
    );
    assert!(
        page.contains(r#"id="sign-up-username-error" data-error-for="username" role="alert""#),
        "{page}"
    );
    assert!(page.contains(r#"aria-describedby="sign-up-username-hint sign-up-username-error""#));

    // An accepted form signs in and goes home.
    let response = post("plainform", PASSWORD).await.expect("sent");
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/");
    assert!(session_cookie(&response).is_some());
    let home = client
        .get(format!("{}/", app.base))
        .send()
        .await
        .expect("sent");
    let home = crate::common::without_markers(&home.text().await.expect("body"));
    assert!(home.contains("plainform"), "the header names the user");
}

#[tokio::test]
async fn a_throttled_plain_form_answers_429_with_the_wait() {
    let app = spawn_app_with(|settings, _| {
        settings.auth_policy.sign_in_per_address = Limit {
            max: 1,
            window_secs: 600,
        };
    })
    .await;
    let client = browser();
    let sign_in_page = format!("{}/sign-in", app.base);
    let mut last = String::new();
    for _ in 0..2 {
        let response = client
            .post(format!("{}/api/sign_in", app.base))
            .header("accept", "text/html")
            .header("referer", &sign_in_page)
            .form(&[("username", "nobody"), ("password", "wrong password")])
            .send()
            .await
            .expect("sent");
        last = response.headers()["location"]
            .to_str()
            .expect("ascii")
            .to_owned();
    }
    let response = client
        .get(format!("{}{last}", app.base))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 429);
    assert!(response.headers().contains_key("retry-after"));
    let page = response.text().await.expect("body");
    assert!(page.contains("Too many attempts. Try again in "), "{page}");
}

#[tokio::test]
async fn changing_the_password_signs_out_the_other_sessions() {
    let app = spawn_app().await;
    let laptop = browser();
    let phone = browser();
    app.sign_up(&laptop, "hopper", PASSWORD).await;
    let response = app
        .call(
            &phone,
            "sign_in",
            &[("username", "hopper"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.who(&phone).await.as_deref(), Some("hopper"));

    let new_password = "a brand new passphrase";
    let wrong = app
        .call(
            &laptop,
            "change_password",
            &[
                ("current_password", "not it at all"),
                ("new_password", new_password),
            ],
        )
        .await;
    assert_eq!(wrong.status(), 400);
    assert_eq!(
        error_body(wrong).await["Field"]["field"],
        "current_password"
    );
    assert_eq!(
        app.who(&phone).await.as_deref(),
        Some("hopper"),
        "nothing changed"
    );

    let session_ids = || async {
        let db = app.db().await;
        let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM sessions")
            .fetch_all(&db)
            .await
            .expect("session ids");
        db.close().await;
        ids
    };
    let old_ids = session_ids().await;
    assert_eq!(old_ids.len(), 2, "the laptop's and the phone's");
    let response = app
        .call(
            &laptop,
            "change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", new_password),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    let new_id = cookie_value(&session_cookie(&response).expect("a new session cookie"));
    assert!(
        !old_ids.contains(&new_id),
        "this device's session gets a new id"
    );
    assert_eq!(session_ids().await, vec![new_id]);
    assert_eq!(
        app.who(&laptop).await.as_deref(),
        Some("hopper"),
        "this device stays in"
    );
    for old_id in old_ids {
        let replay = browser()
            .post(format!("{}/api/current_user", app.base))
            .header("cookie", format!("rehearse_session={old_id}"))
            .send()
            .await
            .expect("sent");
        assert_eq!(replay.text().await.expect("body"), "null", "an old id");
    }
    assert_eq!(app.who(&phone).await, None, "the other device is out");

    let old = app
        .call(
            &browser(),
            "sign_in",
            &[("username", "hopper"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(old.status(), 401);
    let new = app
        .call(
            &browser(),
            "sign_in",
            &[("username", "hopper"), ("password", new_password)],
        )
        .await;
    assert_eq!(new.status(), 200);
}

#[tokio::test]
async fn deleting_the_account_removes_every_row_of_it() {
    let app = spawn_app().await;
    let laptop = browser();
    let phone = browser();
    app.sign_up(&laptop, "dijkstra", PASSWORD).await;
    app.sign_up(&browser(), "bystander", PASSWORD).await;
    app.call(
        &phone,
        "sign_in",
        &[("username", "dijkstra"), ("password", PASSWORD)],
    )
    .await;

    let refused = app
        .call(
            &laptop,
            "delete_account",
            &[("password", "wrong password!")],
        )
        .await;
    assert_eq!(refused.status(), 400);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM users").await, 2);

    let response = app
        .call(&laptop, "delete_account", &[("password", PASSWORD)])
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.who(&laptop).await, None);
    assert_eq!(app.who(&phone).await, None);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM users WHERE username_key = 'dijkstra'"
        )
        .await,
        0
    );
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM users").await,
        1,
        "others stay"
    );
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM sessions").await,
        1,
        "only the bystander's session is left"
    );
    let again = app
        .call(
            &browser(),
            "sign_in",
            &[("username", "dijkstra"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(again.status(), 401);
}

#[tokio::test]
async fn my_data_downloads_as_json_and_only_for_me() {
    let app = spawn_app().await;
    let client = browser();
    let signed_out = client
        .get(format!("{}/api/my_data", app.base))
        .send()
        .await
        .expect("sent");
    assert_eq!(signed_out.status(), 401);

    app.sign_up(&client, "knuth", PASSWORD).await;
    let response = client
        .get(format!("{}/api/my_data", app.base))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-disposition"],
        "attachment; filename=\"rehearse-my-data.json\""
    );
    let text = response.text().await.expect("body");
    assert!(!text.contains("argon2"), "no password hash: {text}");
    let data: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(data["username"], "knuth");
    assert_eq!(data["session_expiries"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn an_expired_session_signs_nobody_in() {
    let app = spawn_app().await;
    let client = browser();
    app.sign_up(&client, "expired", PASSWORD).await;
    let db = app.db().await;
    sqlx::query("UPDATE sessions SET expires_at = 1")
        .execute(&db)
        .await
        .expect("age the session");
    db.close().await;
    assert_eq!(app.who(&client).await, None);
}

#[tokio::test]
async fn the_pages_follow_the_session() {
    let app = spawn_app().await;
    let client = browser();
    let page = |path: &'static str| {
        let client = client.clone();
        let url = format!("{}{path}", app.base);
        async move {
            let response = client.get(url).send().await.expect("sent");
            let status = response.status().as_u16();
            (
                status,
                crate::common::without_markers(&response.text().await.expect("body")),
            )
        }
    };
    let (status, home) = page("/").await;
    assert_eq!(status, 200);
    assert!(home.contains(r#"href="/sign-in""#) && home.contains(r#"href="/sign-up""#));
    let (_, account) = page("/account").await;
    assert!(account.contains("to see your account"), "{account}");

    app.sign_up(&client, "turing", PASSWORD).await;
    let (_, home) = page("/").await;
    assert!(home.contains("Signed in as"), "{home}");
    assert!(home.contains(">turing</a>"), "{home}");
    assert!(home.contains("Sign out"));
    let (status, account) = page("/account").await;
    assert_eq!(status, 200);
    assert!(account.contains("Change password") && account.contains("Delete my account"));
}

/// A form posted without JavaScript gets its error back in the URL (`__err`). Anyone can
/// craft such a URL, so the page shows only our own sentences, never text from the URL.
#[tokio::test]
async fn a_crafted_error_url_cannot_put_words_on_the_page() {
    let app = spawn_app().await;
    // base64url of {"InvalidInput":"Call 555-0100 to unlock your account"}
    let planted = "eyJJbnZhbGlkSW5wdXQiOiJDYWxsIDU1NS0wMTAwIHRvIHVubG9jayB5b3VyIGFjY291bnQifQ==";
    let (status, page) = app
        .get(&format!("/sign-in?__path=/api/sign_in&__err={planted}"))
        .await;
    assert_eq!(status, 200);
    assert!(!page.contains("555-0100"), "{page}");
    assert!(page.contains("That did not work. Check the form and try again."));

    // A real error code from the URL still reads as our sentence ("WrongCredentials").
    let (_, page) = app
        .get("/sign-in?__path=/api/sign_in&__err=Ildyb25nQ3JlZGVudGlhbHMi")
        .await;
    assert!(page.contains("That username and password do not match an account."));
}

/// Inactivity, not age, ends a session: a visit on a new day pushes the expiry out again.
#[tokio::test]
async fn a_visit_keeps_the_session_alive() {
    let app = spawn_app().await;
    let client = browser();
    app.sign_up(&client, "regular", PASSWORD).await;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    // As if the last visit was on day 1 of 1970 and the session had a minute left.
    let db = app.db().await;
    let data: String = sqlx::query_scalar("SELECT data FROM sessions")
        .fetch_one(&db)
        .await
        .expect("the session");
    let mut data: serde_json::Value = serde_json::from_str(&data).expect("a JSON record");
    data["seen_day"] = 1.into();
    sqlx::query("UPDATE sessions SET expires_at = $1, data = $2")
        .bind(now + 60)
        .bind(data.to_string())
        .execute(&db)
        .await
        .expect("age the session");
    let (status, _) = {
        let response = client
            .get(format!("{}/", app.base))
            .send()
            .await
            .expect("sent");
        (response.status(), response.text().await)
    };
    assert_eq!(status, 200);
    let expires_at: i64 = sqlx::query_scalar("SELECT expires_at FROM sessions")
        .fetch_one(&db)
        .await
        .expect("the session");
    db.close().await;
    assert!(
        expires_at > now + 29 * 24 * 60 * 60,
        "expiry pushed to 30 days from now, got {} s",
        expires_at - now
    );
}

/// A request that was still running when its session was revoked (sign-out elsewhere, a
/// password change, a deleted account) must not write the session back when it ends.
#[tokio::test]
async fn a_late_session_write_cannot_bring_a_revoked_session_back() {
    use tower_sessions::SessionStore;

    let app = spawn_app().await;
    let client = browser();
    app.sign_up(&client, "late", PASSWORD).await;
    let db = app.db().await;
    let store = app::db::sessions::SqlSessionStore::new(app.app_db().await);
    let id: String = sqlx::query_scalar("SELECT id FROM sessions")
        .fetch_one(&db)
        .await
        .expect("the session");
    let id: tower_sessions::session::Id = id.parse().expect("a session id");
    let record = store
        .load(&id)
        .await
        .expect("load")
        .expect("a live session");

    // The account goes (and its sessions with it) while that request is in flight…
    let response = app
        .call(&client, "delete_account", &[("password", PASSWORD)])
        .await;
    assert_eq!(response.status(), 200);
    // …which then saves its copy of the session.
    store.save(&record).await.expect("save");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM sessions").await, 0);

    // Ids are never handed out again, so nothing that still names the old id reaches a
    // newcomer.
    let old_id = record.data["user_id"].as_i64().expect("a user id");
    app.sign_up(&browser(), "newcomer", PASSWORD).await;
    let new_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username_key = 'newcomer'")
        .fetch_one(&db)
        .await
        .expect("the new account");
    assert_ne!(new_id, old_id);
    db.close().await;
}

#[tokio::test]
async fn each_learner_downloads_only_their_own_data_and_no_cache_keeps_it() {
    let app = spawn_app().await;
    let (ada, alan) = (browser(), browser());
    app.sign_up(&ada, "ada", PASSWORD).await;
    app.sign_up(&alan, "alan", PASSWORD).await;
    for (client, name) in [(&ada, "ada"), (&alan, "alan")] {
        let response = client
            .get(format!("{}/api/my_data", app.base))
            .send()
            .await
            .expect("sent");
        assert_eq!(response.headers()["cache-control"], "no-store");
        let data: serde_json::Value = response.json().await.expect("json");
        assert_eq!(data["username"], name);
    }
    let page = ada
        .get(format!("{}/", app.base))
        .send()
        .await
        .expect("sent");
    assert_eq!(page.headers()["cache-control"], "private, no-cache");
}

#[tokio::test]
async fn signing_in_returns_to_the_page_that_asked_and_only_to_this_site() {
    let app = spawn_app().await;
    let client = browser();
    app.sign_up(&client, "returner", PASSWORD).await;
    let sign_in = |next: &'static str| {
        let client = client.clone();
        let base = app.base.clone();
        async move {
            let response = client
                .post(format!("{base}/api/sign_in"))
                .header("accept", "text/html")
                .header("origin", &base)
                .form(&[
                    ("username", "returner"),
                    ("password", PASSWORD),
                    ("next", next),
                ])
                .send()
                .await
                .expect("sent");
            assert_eq!(response.status(), 302);
            response.headers()["location"]
                .to_str()
                .expect("ascii")
                .to_owned()
        }
    };
    assert_eq!(
        sign_in("/questions/cap-mysql-partition").await,
        "/questions/cap-mysql-partition"
    );
    for hostile in [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
    ] {
        assert_eq!(sign_in(hostile).await, "/", "{hostile}");
    }
    // The sign-in page carries a valid `next` into its form, and drops a hostile one.
    let (_, page) = app.get("/sign-in?next=/review").await;
    assert!(page.contains(r#"name="next" value="/review""#), "{page}");
    assert!(page.contains(r#"href="/sign-up?next=/review""#));
    let (_, page) = app.get("/sign-in?next=//evil.example").await;
    assert!(!page.contains(r#"name="next""#));
    // A question invites sign-in with a way back to it.
    let (_, page) = app.get("/questions/cap-mysql-partition").await;
    assert!(page.contains(r#"href="/sign-in?next=/questions/cap-mysql-partition""#));
}

/// A request sent with the session's id just before a sign-in or a password change gave the
/// session a new one (the password hint's check, fired as the form is sent) answers after
/// the new cookie. Its answer must not remove the cookie: that would sign the learner out.
/// Only signing out and deleting the account remove it.
#[tokio::test]
async fn a_request_still_in_flight_with_the_old_id_does_not_remove_the_cookie() {
    let app = spawn_app().await;
    let client = browser();
    let response = app
        .call(
            &client,
            "sign_up",
            &[("username", "barbara"), ("password", PASSWORD)],
        )
        .await;
    let old = cookie_value(&session_cookie(&response).expect("a cookie"));
    let response = app
        .call(
            &client,
            "change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    let new = cookie_value(&session_cookie(&response).expect("a new cookie"));
    assert_ne!(new, old);

    // The late requests, with the old id: a server function that reads the session, one
    // that does not need anyone signed in, and a page.
    let stale = format!("rehearse_session={old}");
    for (method, path) in [
        ("POST", "/api/current_user"),
        ("POST", "/api/password_strength"),
        ("GET", "/review"),
    ] {
        let request = match method {
            "POST" => browser()
                .post(format!("{}{path}", app.base))
                .header("content-type", "application/x-www-form-urlencoded")
                .body("password=correct%20horse"),
            _ => browser().get(format!("{}{path}", app.base)),
        };
        let late = request.header("cookie", &stale).send().await.expect("sent");
        assert!(late.status().as_u16() < 500, "{path}: {}", late.status());
        assert_eq!(
            session_cookie(&late),
            None,
            "{path} must leave the cookie alone"
        );
    }
    assert_eq!(app.who(&client).await.as_deref(), Some("barbara"));

    // Signing out still removes it, and so does deleting the account.
    let response = app.call(&client, "sign_out", &[]).await;
    let removal = session_cookie(&response).expect("a removal cookie");
    assert!(removal.contains("Max-Age=0"), "{removal}");
    assert_eq!(app.who(&client).await, None);

    let client = browser();
    app.sign_up(&client, "edsger", PASSWORD).await;
    let response = app
        .call(&client, "delete_account", &[("password", PASSWORD)])
        .await;
    assert_eq!(response.status(), 200);
    let removal = session_cookie(&response).expect("a removal cookie");
    assert!(removal.contains("Max-Age=0"), "{removal}");
}
