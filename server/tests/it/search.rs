//! Search over real HTTP: words found in the bank, ranked and highlighted, spelling and word
//! forms forgiven, filters and pages, and hostile or malformed queries answered with a
//! message, never markup of theirs and never a server error.

use crate::common::spawn_app;

fn encoded(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The links of the questions found, in rank order.
fn hit_links(page: &str) -> Vec<&str> {
    page.split("<a href=\"")
        .skip(1)
        .filter(|rest| rest.contains("class=\"hit-title\"") && rest.starts_with("/questions/"))
        .filter_map(|rest| rest.split('"').next())
        .filter(|link| {
            // Only the result list's links: each is followed by its class.
            page.contains(&format!("<a href=\"{link}\" class=\"hit-title\""))
        })
        .collect()
}

#[tokio::test]
async fn a_search_finds_ranks_and_highlights_bank_questions() {
    let app = spawn_app().await;
    let (status, page) = app.get("/search").await;
    assert_eq!(status, 200);
    assert!(page.contains("Search the bank"));
    assert!(
        !page.contains("id=\"questions-found\""),
        "nothing searched yet"
    );

    let (status, page) = app.get("/search?q=fencing+token").await;
    assert_eq!(status, 200);
    let titles = hit_links(&page);
    assert!(
        titles[..3].contains(&"/questions/lease-lock-fencing-tokens"),
        "the question about fencing tokens ranks near the top: {titles:?}"
    );
    assert!(page.contains("<mark>fencing</mark>") || page.contains("<mark>Fencing</mark>"));

    // "linearisable" finds "linearizable"; "idempotent" finds "idempotency".
    let (_, page) = app.get("/search?q=linearisable").await;
    assert!(
        page.contains("/questions/quorum-is-not-linearizable"),
        "{page}"
    );
    let (_, page) = app.get("/search?q=idempotent").await;
    assert!(page.contains("/questions/idempotency-keys-and-exactly-once-effects"));

    // A concept narrows the results; a level too.
    let (_, all) = app.get("/search?q=quorum").await;
    let (_, narrowed) = app.get("/search?q=quorum&concept=latency-throughput").await;
    let hits = |page: &str| hit_links(page).len();
    assert!(
        hits(&narrowed) < hits(&all),
        "{} < {}",
        hits(&narrowed),
        hits(&all)
    );
    let (_, level_one) = app.get("/search?q=quorum&level=1").await;
    assert!(
        !level_one.contains("/questions/quorum-loss-incident"),
        "a level-3 question"
    );

    // Ten a page, with a link to the next that keeps the query.
    let (_, first_page) = app.get("/search?q=latency").await;
    assert_eq!(hits(&first_page), 10);
    assert!(
        first_page.contains("href=\"/search?q=latency&amp;page=2\""),
        "{first_page}"
    );
    let (status, second_page) = app.get("/search?q=latency&page=2").await;
    assert_eq!(status, 200);
    assert!(second_page.contains("rel=\"prev\""));
}

#[tokio::test]
async fn hostile_and_malformed_queries_get_a_message_not_markup_or_an_error() {
    let app = spawn_app().await;
    for query in [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "\"unbalanced",
        "fencing*",
        "NEAR(fencing token, 2)",
        "title:lease OR -quorum",
        "(((",
        "\u{0}",
    ] {
        let (status, page) = app.get(&format!("/search?q={}", encoded(query))).await;
        assert_eq!(status, 200, "{query:?}");
        assert!(!page.contains("<script>alert"), "{query:?}");
        assert!(!page.contains("<img src=x"), "{query:?}");
        assert!(!page.contains("<img"), "{query:?}");
    }
    // What was typed goes back into the field, escaped.
    let (_, page) = app
        .get(&format!("/search?q={}", encoded("\"><b>bold</b>")))
        .await;
    assert!(
        page.contains("value=\"&quot;&gt;&lt;b&gt;bold&lt;/b&gt;\""),
        "{page}"
    );

    let (status, page) = app.get(&format!("/search?q={}", "a".repeat(201))).await;
    assert_eq!(status, 200);
    assert!(page.contains("Keep a search to 200 characters or fewer."));
    assert!(page.contains("aria-invalid=\"true\""));
    let (_, page) = app.get("/search?q=%20%20").await;
    assert!(page.contains("Type a word or two to search for."));
    let (_, page) = app.get(&format!("/search?q={}", encoded("\"*()\""))).await;
    assert!(page.contains("Search for words: letters or digits"));
    // Unknown filters and pages are ignored, not errors.
    let (status, _) = app
        .get("/search?q=quorum&level=9&concept=nope&page=-3")
        .await;
    assert_eq!(status, 200);
    let (status, page) = app.get("/search?q=quorum&page=999").await;
    assert_eq!(status, 200);
    assert!(page.contains("rel=\"prev\"") || page.contains("found"));
}
