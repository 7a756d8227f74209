//! Learner text that carries markup, followed to every place it reaches a page: `<title>`,
//! text, `<textarea>` and attribute values, for the owner, a member, a signed-out visitor of
//! the share link and a learner who copied the set. The framework escapes text nodes and
//! attributes itself but neither `<title>` (leptos_meta) nor a textarea's content (tachys),
//! so each place is fed markup here.

use crate::common::{
    TestApp, browser, create_set, learner, practise_with, set_id, spawn_app, without_markers,
};
use serde_json::Value;

/// 68 characters: a title that, unescaped, sends a signed-out visitor elsewhere.
const TITLE: &str = r#"T</title><meta http-equiv="refresh" content="0;url=/sign-in?phished=1">"#;
const DESCRIPTION: &str =
    r#"</textarea><script>probe("description")</script><b id="inj-description">"x"'y'&amp;</b>"#;
const ANSWER: &str = r#"</textarea></pre><script>probe("answer")</script><b id="inj-answer">a</b>"#;
const COMMENT: &str =
    r#"</textarea></blockquote><script>probe("comment")</script><b id="inj-comment">c</b>"#;
const Q1: &str = "performance-vs-scalability";

/// What must never appear raw in any page: each would be live markup.
const LIVE: [&str; 6] = [
    "<meta http-equiv",
    "<script>probe",
    r#"<b id="inj-description""#,
    r#"<b id="inj-answer""#,
    r#"<b id="inj-comment""#,
    "</title><meta",
];

fn assert_inert(page: &str, what: &str) {
    for live in LIVE {
        assert!(
            !page.contains(live),
            "{what}: `{live}` is live markup\n{page}"
        );
    }
}

/// The text between `<title>` and `</title>`, as sent.
fn title_of(page: &str) -> &str {
    let start = page.find("<title>").expect("a title") + "<title>".len();
    let end = page[start..].find("</title>").expect("a closed title") + start;
    &page[start..end]
}

async fn get(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    let response = client
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 200, "{path}");
    without_markers(&response.text().await.expect("body"))
}

const ESCAPED_TITLE: &str = r#"T&lt;/title&gt;&lt;meta http-equiv="refresh" content="0;url=/sign-in?phished=1"&gt; · Rehearse"#;

#[tokio::test]
async fn markup_in_a_sets_text_stays_text_on_every_page() {
    let app = spawn_app().await;
    let owner = learner(&app, "owner").await;
    let id = create_set(&app, &owner, TITLE, DESCRIPTION).await;
    let response = app
        .call(&owner, "add_to_set", &[("set", &id), ("question", Q1)])
        .await;
    assert_eq!(response.status(), 200);

    // The owner's page: the title in <title>, the heading and the edit form's value
    // attribute; the description rendered and in the edit form's textarea.
    let page = get(&app, &owner, &format!("/sets/{id}")).await;
    assert_inert(&page, "the owner's set page");
    assert_eq!(title_of(&page), ESCAPED_TITLE);
    assert!(
        page.contains(r#"&lt;/textarea&gt;&lt;script&gt;probe("description")&lt;/script&gt;"#),
        "the edit form's textarea holds the description as text\n{page}"
    );
    assert!(
        page.contains(r#"&amp;amp;"#),
        "a typed character reference stays as typed"
    );
    assert!(
        page.contains(r#"value="T&lt;/title&gt;&lt;meta http-equiv=&quot;refresh&quot;"#)
            || page.contains(r#"value="T</title><meta http-equiv=&quot;refresh&quot;"#),
        "the title's value attribute cannot be closed by a quote\n{page}"
    );
    assert_inert(&get(&app, &owner, "/sets").await, "the list of sets");

    // The share link, signed out and signed in.
    let response = app.call(&owner, "share_set", &[("set", &id)]).await;
    assert_eq!(response.status(), 200);
    let loaded: Value = app
        .call(&owner, "set", &[("id", &id)])
        .await
        .json()
        .await
        .expect("json");
    let token = loaded["Found"]["share_token"]
        .as_str()
        .expect("a token")
        .to_owned();
    let visitor = browser();
    let page = get(&app, &visitor, &format!("/join/{token}")).await;
    assert_inert(&page, "the share link, signed out");
    assert_eq!(title_of(&page), ESCAPED_TITLE);
    let member = learner(&app, "member").await;
    let page = get(&app, &member, &format!("/join/{token}")).await;
    assert_inert(&page, "the share link, signed in");
    assert_eq!(title_of(&page), ESCAPED_TITLE);

    // A member's view, and a copy: the copier's edit form carries the description too.
    let response = app.call(&member, "join_set", &[("token", &token)]).await;
    assert_eq!(response.status(), 200);
    let page = get(&app, &member, &format!("/sets/{id}")).await;
    assert_inert(&page, "a member's set page");
    assert_eq!(title_of(&page), ESCAPED_TITLE);
    let copier = learner(&app, "copier").await;
    let response = app.call(&copier, "copy_set", &[("token", &token)]).await;
    assert_eq!(response.status(), 200);
    let copy = set_id(&response);
    let page = get(&app, &copier, &format!("/sets/{copy}")).await;
    assert_inert(&page, "the copier's set page");
    assert!(
        page.contains(r#"&lt;/textarea&gt;&lt;script&gt;probe("description")"#),
        "{page}"
    );

    // An answer shared with the set, and a review's comment on it.
    let attempt = practise_with(&app, &member, Q1, "3", ANSWER).await;
    let page = get(&app, &member, &format!("/questions/{Q1}?attempt={attempt}")).await;
    assert_inert(&page, "the author's attempt page");
    let response = app
        .call(
            &member,
            "share_answer",
            &[("set", &id), ("attempt", &attempt)],
        )
        .await;
    assert_eq!(response.status(), 200);
    let response = app
        .call(
            &owner,
            "review_answer",
            &[("set", &id), ("attempt", &attempt), ("comment", COMMENT)],
        )
        .await;
    assert_eq!(response.status(), 200);
    for (client, who) in [(&owner, "the reviewer"), (&member, "the author")] {
        let page = get(&app, client, &format!("/sets/{id}/answers/{attempt}")).await;
        assert_inert(&page, who);
        assert!(
            page.contains("probe(&quot;comment&quot;)") || page.contains(r#"probe("comment")"#)
        );
    }
    let page = get(&app, &member, &format!("/questions/{Q1}?attempt={attempt}")).await;
    assert_inert(&page, "the author's attempt page with peer scores");
    let page = get(&app, &owner, &format!("/sets/{id}")).await;
    assert_inert(&page, "the set page with a shared answer");
}

/// Titles and usernames are one line of visible text: NUL, line breaks and direction
/// overrides are refused next to the field, and nothing is stored.
#[tokio::test]
async fn hidden_characters_are_refused_in_titles_and_usernames() {
    let app = spawn_app().await;
    let owner = learner(&app, "owner").await;
    for title in [
        "CAP\0",
        "CAP\nbefore Thursday",
        "Invoice \u{202E}fdp.exe",
        "\u{2066}CAP",
    ] {
        let response = app
            .call(
                &owner,
                "create_set",
                &[("title", title), ("description", ""), ("due_on", "")],
            )
            .await;
        assert_eq!(response.status(), 400, "{title:?}");
        let error: Value = response.json().await.expect("json");
        assert_eq!(error["Field"]["field"], "title", "{title:?}");
    }
    for name in ["ada\n", "ada\0", "\u{202E}ada", "ada\u{2069}"] {
        let response = app
            .call(
                &browser(),
                "sign_up",
                &[("username", name), ("password", crate::common::PASSWORD)],
            )
            .await;
        assert_eq!(response.status(), 400, "{name:?}");
        let error: Value = response.json().await.expect("json");
        assert_eq!(error["Field"]["field"], "username", "{name:?}");
    }
    assert_eq!(
        crate::common::scalar(&app, "SELECT COUNT(*) FROM practice_sets").await,
        0
    );
    assert_eq!(
        crate::common::scalar(&app, "SELECT COUNT(*) FROM users").await,
        1
    );
}

/// Learner Markdown is rendered once, when saved, without tables and with bounded depth and
/// size; a row saved before that (no stored HTML) is rendered when read.
#[tokio::test]
async fn learner_markdown_is_rendered_when_saved_and_bounded() {
    let app = spawn_app().await;
    let owner = learner(&app, "owner").await;
    let wide = format!(
        "|{}\n|{}\n|{}\n",
        "a|".repeat(600),
        "-|".repeat(600),
        "b|".repeat(600)
    );
    let description = format!("**Bold** first.\n\n{wide}");
    assert!(description.chars().count() <= 4_000);
    assert!(
        app::markdown::render(&description).matches("<td").count() >= 600,
        "as content, this is a wide table"
    );
    let id = create_set(&app, &owner, "Wide", &description).await;
    let db = app.db().await;
    let stored: Option<String> =
        sqlx::query_scalar("SELECT description_html FROM practice_sets WHERE id = $1")
            .bind(id.parse::<i64>().expect("an id"))
            .fetch_one(&db)
            .await
            .expect("the set");
    let stored = stored.expect("rendered when saved");
    assert!(stored.contains("<strong>Bold</strong>"), "{stored}");
    assert!(!stored.contains("<td"), "no table for learner text");
    assert!(stored.len() < 64 * 1024, "{} bytes", stored.len());

    // A set from before descriptions were rendered on save reads the same.
    let page = get(&app, &owner, &format!("/sets/{id}")).await;
    crate::common::execute(&app, "UPDATE practice_sets SET description_html = NULL").await;
    let again = get(&app, &owner, &format!("/sets/{id}")).await;
    assert!(again.contains("<strong>Bold</strong>"));
    assert_eq!(page.len(), again.len(), "the same page either way");

    // 19 000 `>` nest eight deep, once, when saved.
    let deep = ">".repeat(19_000);
    let attempt = practise_with(&app, &owner, Q1, "3", &deep).await;
    let html: Option<String> = sqlx::query_scalar("SELECT answer_html FROM attempts WHERE id = $1")
        .bind(attempt.parse::<i64>().expect("an id"))
        .fetch_one(&db)
        .await
        .expect("the attempt");
    db.close().await;
    let html = html.expect("rendered when saved");
    assert_eq!(html.matches("<blockquote>").count(), 8);
    let page = get(&app, &owner, &format!("/questions/{Q1}?attempt={attempt}")).await;
    assert!(page.contains(&html), "the page shows the stored rendering");
}

/// A set titled before titles refused direction overrides still copies: the copy drops the
/// override instead of failing.
#[tokio::test]
async fn a_set_titled_before_the_rule_still_copies() {
    let app = spawn_app().await;
    let owner = learner(&app, "owner").await;
    let id = create_set(&app, &owner, "Old", "").await;
    crate::common::execute(
        &app,
        &format!("UPDATE practice_sets SET title = 'Invoice \u{202E}fdp.exe' WHERE id = {id}"),
    )
    .await;
    let response = app.call(&owner, "copy_set", &[("set", &id)]).await;
    assert_eq!(response.status(), 200);
    let copy = set_id(&response);
    let page = get(&app, &owner, &format!("/sets/{copy}")).await;
    assert!(page.contains("Copy of Invoice fdp.exe"), "{page}");
    assert!(!page.contains('\u{202E}'));
}

/// A refused plain post comes back with its error in the URL (base64 of its JSON). The
/// server decodes it into one of its own messages: markup planted there, raw or encoded
/// inside an error's text, never reaches the page.
#[tokio::test]
async fn an_error_in_the_url_puts_only_our_words_on_the_page() {
    use base64::Engine;
    let app = spawn_app().await;
    let client = learner(&app, "erin").await;
    let markup = r#""'></leptos-island><script>probe("err")</script><b id="inj-err">"#;
    let encoded = base64::engine::general_purpose::URL_SAFE
        .encode(serde_json::json!({ "InvalidInput": markup }).to_string());
    for planted in [markup, encoded.as_str()] {
        let response = client
            .get(format!("{}/questions/{Q1}", app.base))
            .query(&[("__path", "/api/submit_answer"), ("__err", planted)])
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), 200);
        let page = response.text().await.expect("body");
        assert!(
            page.contains("That did not work. Check the form and try again."),
            "{page}"
        );
        assert!(!page.contains("probe"), "{page}");
        assert!(!page.contains("inj-err"), "{page}");
        assert!(!page.contains(r#""'></leptos-island>"#), "{page}");
    }
}
