//! The bank, question pages, the study guide and 404s over real HTTP.

use crate::common::{html_escaped, learner, spawn_app, submit_answer};

const SEED_TITLES: [&str; 9] = [
    "Trade-offs Explanation",
    "Latency vs Throughput",
    "CAP in Practice",
    "Design Decision",
    "Architecture Evolution",
    "Real-World Problem Solving",
    "Trade-off Analysis",
    "Debugging Under Pressure",
    "Past Experience",
];

#[tokio::test]
async fn the_bank_lists_every_seed_question_grouped_by_level() {
    let app = spawn_app().await;
    let (status, body) = app.get("/").await;
    assert_eq!(status, 200);
    for title in SEED_TITLES {
        assert_eq!(
            body.matches(&format!(">{title}</a>")).count(),
            1,
            "{title} listed once"
        );
    }
    let headings = [
        "Level 1: Conceptual understanding",
        "Level 2: System design application",
        "Level 3: Complex scenarios",
        "Behavioral + technical",
    ];
    let positions: Vec<usize> = headings
        .iter()
        .map(|h| {
            body.find(&html_escaped(h))
                .unwrap_or_else(|| panic!("heading {h}"))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "levels in order");
    assert_eq!(body.matches("<h1").count(), 1);
    assert!(body.contains("<title>Question bank · Rehearse</title>"));
}

#[tokio::test]
async fn the_bank_filters_by_level_and_concept() {
    let app = spawn_app().await;
    let (status, body) = app.get("/?level=2&concept=").await;
    assert_eq!(status, 200);
    assert!(body.contains(">Design Decision</a>") && body.contains(">Architecture Evolution</a>"));
    assert!(!body.contains(">CAP in Practice</a>"));

    let (_, body) = app.get("/?concept=performance-scalability").await;
    assert!(body.contains(">Trade-offs Explanation</a>"));
    assert!(!body.contains(">Trade-off Analysis</a>"));
}

#[tokio::test]
async fn unknown_filter_values_are_explained_not_failed() {
    let app = spawn_app().await;
    let (status, body) = app.get("/?level=9&concept=%3Cscript%3E").await;
    assert_eq!(status, 200);
    assert!(
        body.contains("The link names a level that does not exist; showing every level."),
        "level message"
    );
    assert!(
        body.contains("The link names a concept that does not exist"),
        "concept message"
    );
    // The URL's words never reach the page: a crafted link cannot write to the learner.
    let (status, body) = app
        .get("/?level=Call+555-0100+now&concept=Your+account+is+locked")
        .await;
    assert_eq!(status, 200);
    assert!(
        !body.contains("555-0100") && !body.contains("is locked"),
        "{body}"
    );
    for title in SEED_TITLES {
        assert!(
            body.contains(&format!(">{title}</a>")),
            "{title} still listed"
        );
    }
}

#[tokio::test]
async fn each_question_page_shows_the_seed_text() {
    let app = spawn_app().await;
    let cases = [
        (
            "cap-mysql-partition",
            "CAP in Practice",
            "Our MySQL database has a primary in US-East and a replica in EU-West.",
            "Understanding of replication modes",
            "Read-after-write consistency: redirect users to primary for their own writes",
        ),
        (
            "quorum-loss-incident",
            "Debugging Under Pressure",
            "Your CP system is rejecting all writes because it can't reach a quorum.",
            "Understanding of distributed systems failure modes",
            "etcdctl member add node6 --peer-urls=http://node6:2380",
        ),
        (
            "distributed-rate-limiter",
            "Trade-off Analysis",
            "Should this be CP or AP? Defend your choice.",
            "Recognizing there's no perfect answer",
            "local_count = redis_local.incr(f\"rate_limit:{user_id}\")",
        ),
    ];
    for (slug, title, prompt, rubric, answer) in cases {
        let (status, body) = app.get(&format!("/questions/{slug}")).await;
        assert_eq!(status, 200, "{slug}");
        assert!(body.contains(&format!("<h1>{title}</h1>")), "{slug}: title");
        assert!(
            body.contains(&format!("<title>{title} · Rehearse</title>")),
            "{slug}: <title>"
        );
        for text in [prompt, rubric, answer] {
            assert!(body.contains(&html_escaped(text)), "{slug}: {text}");
        }
        assert!(
            body.contains("aria-expanded=\"false\""),
            "{slug}: closed by default"
        );
        assert!(
            body.contains("Reveal the strong answer</button>"),
            "{slug}: reveal button"
        );
        assert!(
            body.contains("<div id=\"strong-answer\" hidden"),
            "{slug}: answer hidden"
        );
        assert_eq!(body.matches("<h1").count(), 1, "{slug}: one h1");
    }
}

#[tokio::test]
async fn reveal_works_as_a_plain_get() {
    let app = spawn_app().await;
    let (status, body) = app.get("/questions/cap-mysql-partition?reveal=1").await;
    assert_eq!(status, 200);
    assert!(body.contains("aria-expanded=\"true\""));
    assert!(body.contains("Hide the strong answer</button>"));
    assert!(
        body.contains("<div id=\"strong-answer\" class=\"reveal-body\">"),
        "not hidden"
    );
}

#[tokio::test]
async fn the_study_guide_is_served() {
    let app = spawn_app().await;
    let (status, body) = app.get("/study-guide").await;
    assert_eq!(status, 200);
    assert!(body.contains("<h1>How to Prepare</h1>"));
    assert!(body.contains("Mental framework for any question"));
    assert!(body.contains("1. Clarify requirements (5 seconds)"));
}

#[tokio::test]
async fn unknown_paths_and_questions_answer_404() {
    let app = spawn_app().await;
    for path in [
        "/nowhere",
        "/questions/no-such-question",
        "/questions/NOT%20A%20SLUG",
        "/questions/..%2F..%2Fetc",
    ] {
        let (status, body) = app.get(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(body.contains("<h1>Page not found</h1>"), "{path}");
    }
}

#[tokio::test]
async fn server_functions_answer_over_http() {
    let app = spawn_app().await;
    let (status, body) = app
        .post_form("/api/get_question", "slug=cap-mysql-partition")
        .await;
    assert_eq!(status, 200);
    assert!(body.contains("\"title\":\"CAP in Practice\""), "{body}");

    let (status, body) = app.post_form("/api/list_questions", "level=banana").await;
    assert_eq!(status, 400, "bad input is the client's error, not a 500");
    assert!(
        body.starts_with("{\"InvalidInput\":"),
        "the error body is kept: {body}"
    );
}

/// Breaks the running server's database behind its back, as a failed disk or a bad manual
/// edit would.
async fn break_the_database(app: &crate::common::TestApp) {
    let pool = app.db().await;
    sqlx::query("DROP TABLE question_concepts")
        .execute(&pool)
        .await
        .expect("drop");
    pool.close().await;
}

#[tokio::test]
async fn a_database_failure_is_a_500_with_a_clear_sentence_not_a_200() {
    let app = spawn_app().await;
    break_the_database(&app).await;
    let (status, body) = app.get("/").await;
    assert_eq!(status, 500);
    assert!(body.contains("role=\"alert\""), "the error is announced");
    assert!(body.contains("Something went wrong on our side"));
    assert!(
        !body.contains("question_concepts"),
        "no internal detail leaks"
    );

    let (status, body) = app.post_form("/api/list_questions", "").await;
    assert_eq!(status, 500);
    assert_eq!(body, "\"Internal\"");
}

#[tokio::test]
async fn a_missing_question_over_http_is_null_not_an_error() {
    let app = spawn_app().await;
    let (status, body) = app
        .post_form("/api/get_question", "slug=NOT%20A%20SLUG")
        .await;
    assert_eq!(status, 200);
    assert_eq!(body, "null");
}

#[tokio::test]
async fn a_drill_reveals_one_step_per_request_without_javascript() {
    let app = spawn_app().await;
    let path = "/questions/split-brain-after-failover-drill";
    let visible = |page: &str, marker: &str| {
        // A hidden element carries the `hidden` attribute in the opening tag that has the id.
        let at = page
            .find(marker)
            .unwrap_or_else(|| panic!("{marker} is on the page"));
        let start = page[..at].rfind('<').expect("a tag");
        let end = at + page[at..].find('>').expect("the tag ends");
        let tag = &page[start..=end];
        !(tag.contains(" hidden ") || tag.contains(" hidden>") || tag.contains(" hidden="))
    };
    let (status, page) = app.get(path).await;
    assert_eq!(status, 200);
    assert!(page.contains("Step 1: What you see"));
    assert!(visible(&page, r#"id="step-1""#));
    assert!(!visible(&page, r#"id="step-1-reveal""#), "the reveal waits");
    assert!(!visible(&page, r#"id="step-2""#), "one step at a time");
    assert!(page.contains(r#"<input type="hidden" name="step" value="1""#));

    let (_, page) = app.get(&format!("{path}?step=1")).await;
    assert!(visible(&page, r#"id="step-1-reveal""#));
    assert!(visible(&page, r#"id="step-2""#));
    assert!(!visible(&page, r#"id="step-2-reveal""#));
    assert!(!visible(&page, r#"id="step-3""#));

    // Past the last step, or nonsense: clamped, never an error.
    let (status, page) = app.get(&format!("{path}?step=99")).await;
    assert_eq!(status, 200);
    assert!(visible(&page, r#"id="step-4-reveal""#));
    assert!(page.contains("Every step is revealed"));
    let (status, page) = app.get(&format!("{path}?step=x")).await;
    assert_eq!(status, 200);
    assert!(!visible(&page, r#"id="step-1-reveal""#));

    // The revealed answer keeps the revealed steps, and lists its sources.
    let (_, page) = app.get(&format!("{path}?step=2&reveal=1")).await;
    assert!(visible(&page, r#"id="step-2-reveal""#));
    assert!(page.contains("Further reading"));
    assert!(
        page.contains(
            r#"href="https://www.postgresql.org/docs/current/warm-standby-failover.html""#
        )
    );
}

/// A seed question keeps its strong answer as written and carries the reviewer's note beside
/// it, marked as such, inside the revealed part of the page; a question without one shows no
/// empty note; 09 heads its answer with the seed's cue.
#[tokio::test]
async fn the_reviewers_note_sits_beside_the_seed_answer_it_reviews() {
    let app = spawn_app().await;
    let (status, page) = app.get("/questions/quorum-loss-incident?reveal=1").await;
    assert_eq!(status, 200);
    let answer = page
        .find("id=\"answer-heading\"")
        .expect("the strong answer");
    let note = page
        .find("What an interviewer would push back on")
        .expect("the reviewer's note");
    let reading = page
        .find("id=\"reading-heading\"")
        .expect("further reading");
    assert!(
        answer < note && note < reading,
        "between the answer and the reading"
    );
    assert!(page.contains("A reviewer&#x27;s note") || page.contains("A reviewer's note"));
    // Inside the part that Reveal shows: after the reveal body opens.
    assert!(page.find("id=\"strong-answer\"").expect("reveal body") < note);

    let (_, plain) = app.get("/questions/what-cap-does-not-say?reveal=1").await;
    assert!(!plain.contains("What an interviewer would push back on"));

    let (_, story) = app
        .get("/questions/consistency-vs-availability-story?reveal=1")
        .await;
    assert!(story.contains("Strong answer using your projects"));

    // After an attempt, the side-by-side view shows the note beside the strong answer too.
    let ada = learner(&app, "ada").await;
    let id = submit_answer(&app, &ada, "quorum-loss-incident", "Add a sixth node.", 60).await;
    let response = ada
        .get(format!(
            "{}/questions/quorum-loss-incident?attempt={id}",
            app.base
        ))
        .send()
        .await
        .expect("sent");
    let side_by_side = response.text().await.expect("body");
    let strong = side_by_side
        .find("id=\"strong-heading\"")
        .expect("the strong answer");
    let note = side_by_side
        .find("id=\"attempt-pushback-heading\"")
        .expect("the note beside it");
    assert!(strong < note);
}
