//! The story bank over real HTTP on a fresh database: a story's versions, its rehearsals in
//! the review schedule, the offers on level-4 questions and the study guide, search over my
//! own answers and stories (and never anyone else's), bad and hostile input, the export and
//! the account's deletion.

use crate::common::{TestApp, execute, learner, scalar, spawn_app, submit_answer, without_markers};
use serde_json::Value;

const DAY: i64 = 24 * 60 * 60;
/// A level-4 question tagged `cap`.
const CAP_STORY_QUESTION: &str = "consistency-vs-availability-story";

async fn get_as(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
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

/// A story's fields, for the create and update forms.
pub(crate) struct Story<'a> {
    pub(crate) title: &'a str,
    pub(crate) kind: &'a str,
    pub(crate) concepts: &'a [&'a str],
    pub(crate) parts: [&'a str; 5],
}

impl Story<'_> {
    pub(crate) fn form(&self) -> Vec<(&str, &str)> {
        let mut form = vec![("title", self.title), ("kind", self.kind)];
        for concept in self.concepts {
            form.push(("concepts[]", concept));
        }
        for (name, text) in ["situation", "options", "decision", "result", "lessons"]
            .into_iter()
            .zip(self.parts)
        {
            form.push((name, text));
        }
        form
    }
}

pub(crate) const LEDGER: Story<'static> = Story {
    title: "Ledger writes during the failover",
    kind: "consistency",
    concepts: &["cap"],
    parts: [
        "A payments ledger on three MySQL nodes; a regulator forbids double spending.",
        "Keep accepting writes in both regions (available, risk a double spend) or refuse them.",
        "We refused writes in the minority region: money must never be counted twice.",
        "Eleven minutes of refused writes, zero reconciliation tickets, 0.4 % checkout loss.",
        "We watched replication lag and the fencing-token rejections; next time, a read-only mode.",
    ],
};

/// Creates a story of `client`'s and returns its id.
pub(crate) async fn create(app: &TestApp, client: &reqwest::Client, story: &Story<'_>) -> String {
    let response = app.call(client, "create_story", &story.form()).await;
    assert_eq!(
        response.status(),
        200,
        "{}",
        response.text().await.unwrap_or_default()
    );
    let location = response.headers()["location"].to_str().expect("ascii");
    location
        .strip_prefix("/stories/")
        .and_then(|rest| rest.split('?').next())
        .expect("a story id")
        .to_owned()
}

/// Rehearses story `id` with a fresh form, ticking `ticked` and rating `rating`.
pub(crate) async fn rehearse(
    app: &TestApp,
    client: &reqwest::Client,
    id: &str,
    ticked: &[&str],
    rating: &str,
    from: Option<&str>,
) -> reqwest::Response {
    let mut load = vec![("id", id)];
    if let Some(from) = from {
        load.push(("from", from));
    }
    let page: Value = app
        .call(client, "story_rehearsal", &load)
        .await
        .json()
        .await
        .expect("json");
    let token = page["Found"]["token"].as_str().expect("a token").to_owned();
    let opened_at = (app.now() - 150).to_string();
    let mut form = vec![
        ("story", id),
        ("token", token.as_str()),
        ("notes", "Forgot the checkout loss figure."),
        ("rating", rating),
        ("opened_at", opened_at.as_str()),
        ("elapsed_ms", "125000"),
        ("timed", "1"),
        ("from", from.unwrap_or("")),
    ];
    for tick in ticked {
        form.push(("ticked[]", tick));
    }
    app.call(client, "rehearse_story", &form).await
}

async fn stored(app: &TestApp) -> [i64; 4] {
    [
        scalar(app, "SELECT COUNT(*) FROM stories").await,
        scalar(app, "SELECT COUNT(*) FROM story_versions").await,
        scalar(app, "SELECT COUNT(*) FROM story_rehearsals").await,
        scalar(app, "SELECT COUNT(*) FROM story_review_states").await,
    ]
}

#[tokio::test]
async fn a_story_keeps_every_version_it_had() {
    let app = spawn_app().await;
    let ada = learner(&app, "ada").await;
    let id = create(&app, &ada, &LEDGER).await;

    let (status, page) = get_as(&app, &ada, &format!("/stories/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Ledger writes during the failover"));
    assert!(page.contains("a regulator forbids double spending"));
    assert!(page.contains("Situation and constraints"));
    assert!(page.contains("Not rehearsed yet"));

    // An edit of the text is version 2; the first stays readable.
    let better = Story {
        title: "Ledger writes in the 2023 failover",
        parts: [
            LEDGER.parts[0],
            LEDGER.parts[1],
            LEDGER.parts[2],
            "Eleven minutes of refused writes; zero double spends; checkout loss 0.4 %.",
            LEDGER.parts[4],
        ],
        ..LEDGER
    };
    let mut form = better.form();
    form.push(("story", &id));
    let response = app.call(&ada, "update_story", &form).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["location"],
        format!("/stories/{id}?saved=1").as_str()
    );
    let (_, page) = get_as(&app, &ada, &format!("/stories/{id}")).await;
    assert!(page.contains("Ledger writes in the 2023 failover"));
    assert!(page.contains("zero double spends"));
    assert!(page.contains("Versions (2)"));
    let (status, old) = get_as(&app, &ada, &format!("/stories/{id}?version=1")).await;
    assert_eq!(status, 200);
    assert!(old.contains("You are reading version 1 of 2"));
    assert!(
        old.contains("zero reconciliation tickets"),
        "the replaced text"
    );

    // Saving the same text (a kind or concept change only) makes no version.
    let recast = Story {
        kind: "other",
        concepts: &["cap", "latency-throughput"],
        ..better
    };
    let mut form = recast.form();
    form.push(("story", &id));
    let response = app.call(&ada, "update_story", &form).await;
    assert_eq!(
        response.headers()["location"],
        format!("/stories/{id}?saved=same").as_str()
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM story_versions").await, 2);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM story_concepts").await, 2);
    let (_, edit) = get_as(&app, &ada, &format!("/stories/{id}/edit")).await;
    assert!(edit.contains("You are editing version 2"));
    assert!(edit.contains("value=\"other\" checked"), "{edit}");

    // Unknown versions and ids are "not found".
    for path in [
        format!("/stories/{id}?version=9"),
        format!("/stories/{id}?version=x"),
        "/stories/999999".to_owned(),
        "/stories/abc".to_owned(),
        "/stories/abc/edit".to_owned(),
        "/stories/999999/rehearse".to_owned(),
    ] {
        assert_eq!(get_as(&app, &ada, &path).await.0, 404, "{path}");
    }

    // Deleting asks for the tick, then removes everything of the story.
    let refused = app.call(&ada, "delete_story", &[("story", &id)]).await;
    assert_eq!(refused.status(), 400);
    let body: Value = refused.json().await.expect("json");
    assert_eq!(body["Field"]["field"], "confirm");
    let response = app
        .call(&ada, "delete_story", &[("story", &id), ("confirm", "1")])
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["location"], "/stories?deleted=1");
    assert_eq!(stored(&app).await, [0, 0, 0, 0]);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM story_search").await,
        0,
        "the search index forgets it too"
    );
}

#[tokio::test]
async fn bad_story_input_is_named_and_nothing_is_stored() {
    let app = spawn_app().await;
    let ada = learner(&app, "ada").await;
    let too_long = "x".repeat(4_001);
    let cases: Vec<(Story<'_>, &str)> = vec![
        (
            Story {
                title: "   ",
                ..LEDGER
            },
            "title",
        ),
        (
            Story {
                title: "two\nlines",
                ..LEDGER
            },
            "title",
        ),
        (
            Story {
                kind: "cp",
                ..LEDGER
            },
            "kind",
        ),
        (
            Story {
                concepts: &["cap", "sharding"],
                ..LEDGER
            },
            "concepts",
        ),
        (
            Story {
                parts: [
                    LEDGER.parts[0],
                    LEDGER.parts[1],
                    LEDGER.parts[2],
                    &too_long,
                    LEDGER.parts[4],
                ],
                ..LEDGER
            },
            "result",
        ),
    ];
    for (story, field) in cases {
        let response = app.call(&ada, "create_story", &story.form()).await;
        assert_eq!(response.status(), 400, "{field}");
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["Field"]["field"], field);
    }
    // A body that is not the form at all is a 400, not a server error.
    let garbage = ada
        .post(format!("{}/api/create_story", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("title=%ZZ&&&kind")
        .send()
        .await
        .expect("sent");
    assert!(garbage.status().is_client_error(), "{}", garbage.status());
    assert_eq!(stored(&app).await, [0, 0, 0, 0]);

    // A refused edit changes nothing either.
    let id = create(&app, &ada, &LEDGER).await;
    let mut form = Story {
        title: "",
        ..LEDGER
    }
    .form();
    form.push(("story", &id));
    assert_eq!(app.call(&ada, "update_story", &form).await.status(), 400);
    assert_eq!(stored(&app).await, [1, 1, 0, 0]);

    // A rehearsal with a rubric item the story rubric lacks, or a rating out of range.
    let response = rehearse(&app, &ada, &id, &["7"], "3", None).await;
    assert_eq!(response.status(), 400);
    let response = rehearse(&app, &ada, &id, &["0"], "9", None).await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["Field"]["field"], "rating");
    assert_eq!(stored(&app).await, [1, 1, 0, 0]);
}

#[tokio::test]
async fn a_rehearsed_story_comes_back_in_review() {
    let app = spawn_app().await;
    let ada = learner(&app, "ada").await;
    let id = create(&app, &ada, &LEDGER).await;

    let (_, review) = get_as(&app, &ada, "/review").await;
    assert!(review.contains("Stories not rehearsed yet (1)"), "{review}");

    let response = rehearse(&app, &ada, &id, &["0", "1", "3"], "3", None).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["location"],
        format!("/stories/{id}?rehearsed=1#rehearsals").as_str()
    );
    assert_eq!(stored(&app).await, [1, 1, 1, 1]);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM story_rehearsal_ticks").await,
        3
    );
    assert_eq!(
        scalar(&app, "SELECT duration_secs FROM story_rehearsals").await,
        125,
        "the browser's measure of the telling"
    );
    let due = scalar(&app, "SELECT due_at FROM story_review_states").await;
    assert!(due > app.now(), "a Good rating sends it into the future");

    let (_, page) = get_as(&app, &ada, &format!("/stories/{id}?rehearsed=1")).await;
    assert!(page.contains("Rehearsals (1)"));
    assert!(page.contains("3 of 5 rubric points"));
    assert!(page.contains("Forgot the checkout loss figure."));

    let (_, review) = get_as(&app, &ada, "/review").await;
    assert!(review.contains("Stories (1)"), "coming up later: {review}");
    app.advance(due - app.now() + DAY);
    let (_, review) = get_as(&app, &ada, "/review").await;
    assert!(review.contains("Stories due today (1)"), "{review}");
    assert!(review.contains(&format!("/stories/{id}/rehearse")));

    // The same form posted twice records one rehearsal.
    let page: Value = app
        .call(&ada, "story_rehearsal", &[("id", &id)])
        .await
        .json()
        .await
        .expect("json");
    let token = page["Found"]["token"].as_str().expect("token").to_owned();
    let opened_at = app.now().to_string();
    let form = [
        ("story", id.as_str()),
        ("token", token.as_str()),
        ("notes", ""),
        ("rating", "4"),
        ("opened_at", opened_at.as_str()),
    ];
    for _ in 0..2 {
        assert_eq!(app.call(&ada, "rehearse_story", &form).await.status(), 200);
    }
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM story_rehearsals").await,
        2
    );
    assert_eq!(
        scalar(&app, "SELECT reviews FROM story_review_states").await,
        2
    );
}

#[tokio::test]
async fn level_four_questions_offer_my_stories_and_the_guide_counts_them() {
    let app = spawn_app().await;
    let ada = learner(&app, "ada").await;
    let (_, guide) = get_as(&app, &ada, "/study-guide").await;
    assert!(guide.contains("three stories: 0 of 3 ready"), "{guide}");
    assert!(guide.contains("/stories/new?kind=consistency"));
    let (_, question) = get_as(&app, &ada, &format!("/questions/{CAP_STORY_QUESTION}")).await;
    assert!(question.contains("Write one in your story bank"));

    let id = create(&app, &ada, &LEDGER).await;
    let (_, question) = get_as(&app, &ada, &format!("/questions/{CAP_STORY_QUESTION}")).await;
    let offer = format!("/stories/{id}/rehearse?from={CAP_STORY_QUESTION}");
    assert!(question.contains(&offer), "{question}");
    // A level-1 question offers nothing; a performance story is not offered for CAP.
    let (_, level_one) = get_as(&app, &ada, "/questions/performance-vs-scalability").await;
    assert!(!level_one.contains("id=\"story-offer-heading\""));
    let perf = create(
        &app,
        &ada,
        &Story {
            title: "The cache that fell over",
            kind: "performance",
            concepts: &[],
            ..LEDGER
        },
    )
    .await;
    let (_, question) = get_as(&app, &ada, &format!("/questions/{CAP_STORY_QUESTION}")).await;
    assert!(!question.contains(&format!("/stories/{perf}/rehearse")));

    let (_, guide) = get_as(&app, &ada, "/study-guide").await;
    assert!(guide.contains("0 of 3 ready"), "written is not ready");
    assert!(guide.contains("Written, not rehearsed"));

    // Rehearsed from the question's offer: the rehearsal names it, and the kind is ready.
    let (_, rehearsal) = get_as(&app, &ada, &offer).await;
    assert!(rehearsal.contains("Told as your answer to"));
    let response = rehearse(&app, &ada, &id, &["0"], "2", Some(CAP_STORY_QUESTION)).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM story_rehearsals WHERE question_slug IS NOT NULL"
        )
        .await,
        1
    );
    // A question that offers no story (level 1) is not recorded as told for.
    let response = rehearse(
        &app,
        &ada,
        &id,
        &[],
        "3",
        Some("performance-vs-scalability"),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM story_rehearsals WHERE question_slug IS NOT NULL"
        )
        .await,
        1
    );
    let (_, guide) = get_as(&app, &ada, "/study-guide").await;
    assert!(guide.contains("1 of 3 ready"), "{guide}");
    let (_, list) = get_as(&app, &ada, "/stories").await;
    assert!(list.contains("1 of 3 ready"));
    assert!(list.contains("rehearsed 2 times"), "{list}");

    // A signed-out visitor's guide has no readiness (it is the same for everyone).
    let (_, public) = app.get("/study-guide").await;
    assert!(!public.contains("three stories:"));
}

#[tokio::test]
async fn my_stories_and_answers_are_mine_alone() {
    let app = spawn_app().await;
    let ada = learner(&app, "ada").await;
    let eve = learner(&app, "eve").await;
    let id = create(&app, &ada, &LEDGER).await;
    submit_answer(
        &app,
        &ada,
        "performance-vs-scalability",
        "I would shard by tenant and watch the zanzibar metric <b>closely</b>.",
        60,
    )
    .await;

    for path in [
        format!("/stories/{id}"),
        format!("/stories/{id}/edit"),
        format!("/stories/{id}/rehearse"),
    ] {
        assert_eq!(get_as(&app, &eve, &path).await.0, 404, "{path}");
    }
    let mut form = LEDGER.form();
    form.push(("story", &id));
    assert_eq!(app.call(&eve, "update_story", &form).await.status(), 404);
    assert_eq!(
        app.call(&eve, "delete_story", &[("story", &id), ("confirm", "1")])
            .await
            .status(),
        404
    );
    assert_eq!(
        rehearse_as_other(&app, &ada, &eve, &id).await,
        404,
        "a token drawn by the author does not let another learner rehearse"
    );
    assert_eq!(stored(&app).await, [1, 1, 0, 0]);

    // Search finds my story and my answer for me, highlighted, and never for anyone else.
    let (_, mine) = get_as(&app, &ada, "/search?q=reconciliation").await;
    assert!(mine.contains("My stories"));
    assert!(mine.contains(&format!("href=\"/stories/{id}\"")), "{mine}");
    assert!(mine.contains("<mark>reconciliation</mark>"));
    let (_, mine) = get_as(&app, &ada, "/search?q=zanzibar").await;
    assert!(mine.contains("My answers"));
    assert!(mine.contains("<mark>zanzibar</mark>"));
    assert!(
        mine.contains("&lt;b&gt;closely&lt;/b&gt;") && !mine.contains("<b>closely</b>"),
        "an answer's markup is text in a snippet"
    );
    for query in ["reconciliation", "zanzibar", "ledger"] {
        let (_, theirs) = get_as(&app, &eve, &format!("/search?q={query}")).await;
        assert!(theirs.contains("None of your answers match."), "{query}");
        assert!(theirs.contains("None of your stories match."), "{query}");
        assert!(!theirs.contains(&format!("/stories/{id}")));
        let (_, public) = app.get(&format!("/search?q={query}")).await;
        assert!(!public.contains("My answers") && !public.contains(&format!("/stories/{id}")));
    }
    // A consistency story is about CAP, tagged or not.
    let untagged = create(
        &app,
        &ada,
        &Story {
            title: "Untagged quokka story",
            concepts: &[],
            ..LEDGER
        },
    )
    .await;
    let (_, cap) = get_as(&app, &ada, "/search?q=quokka&concept=cap").await;
    assert!(cap.contains(&format!("/stories/{untagged}")), "{cap}");
    let (_, other) = get_as(&app, &ada, "/search?q=quokka&concept=latency-throughput").await;
    assert!(!other.contains(&format!("/stories/{untagged}")));

    // The search's data, fetched on its own, is private to the learner too.
    let response = ada
        .get(format!("{}/api/search?q=zanzibar", app.base))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "private, no-cache");

    // Asking for a group while signed out shows the bank only.
    let (_, public) = app.get("/search?q=ledger&group=stories").await;
    assert!(public.contains("id=\"questions-found\""));
}

async fn rehearse_as_other(
    app: &TestApp,
    author: &reqwest::Client,
    other: &reqwest::Client,
    id: &str,
) -> u16 {
    let page: Value = app
        .call(author, "story_rehearsal", &[("id", id)])
        .await
        .json()
        .await
        .expect("json");
    let token = page["Found"]["token"].as_str().expect("token").to_owned();
    let opened_at = app.now().to_string();
    app.call(
        other,
        "rehearse_story",
        &[
            ("story", id),
            ("token", &token),
            ("notes", ""),
            ("rating", "3"),
            ("opened_at", &opened_at),
        ],
    )
    .await
    .status()
    .as_u16()
}

#[tokio::test]
async fn searching_my_groups_pages_and_filters() {
    let app = spawn_app().await;
    let ada = learner(&app, "ada").await;
    for n in 0..12 {
        submit_answer(
            &app,
            &ada,
            "performance-vs-scalability",
            &format!("Answer {n}: a hedgehog would add replicas."),
            30,
        )
        .await;
    }
    let (_, all) = get_as(&app, &ada, "/search?q=hedgehog").await;
    assert!(
        all.contains("12 answers of yours found, newest first."),
        "{all}"
    );
    assert_eq!(all.matches("#your-attempt").count(), 5, "the best five");
    assert!(all.contains("All 12 matching answers"));
    assert!(all.contains("href=\"/search?q=hedgehog&amp;group=answers\""));

    let (_, first) = get_as(&app, &ada, "/search?q=hedgehog&group=answers").await;
    assert_eq!(first.matches("#your-attempt").count(), 10);
    assert!(!first.contains("id=\"questions-found\""), "one group only");
    assert!(
        first.contains("name=\"group\" value=\"answers\""),
        "the form keeps the group"
    );
    let newest = first.find("Answer 11:").expect("the newest answer");
    let older = first.find("Answer 2:").expect("an older answer");
    assert!(newest < older, "newest first");
    let (_, second) = get_as(&app, &ada, "/search?q=hedgehog&group=answers&page=2").await;
    assert_eq!(second.matches("#your-attempt").count(), 2);
    assert!(second.contains("Answer 0:") && second.contains("Answer 1:"));

    // Past a hundred, the count stops ("more than") and the pages go on as long as answers do.
    execute(
        &app,
        "INSERT INTO attempts (user_id, question_slug, client_token, answer_md, skipped, timed,
                               started_at, submitted_at, duration_secs)
         SELECT u.id, 'performance-vs-scalability', 'bulk-' || n.i, 'Bulk hedgehog ' || n.i,
                0, 0, 1, 2, 1
         FROM users u, (WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c
                                                  WHERE i < 100) SELECT i FROM c) n
         WHERE u.username = 'ada'",
    )
    .await;
    let (_, capped) = get_as(&app, &ada, "/search?q=hedgehog").await;
    assert!(
        capped.contains("More than 100 answers of yours found, newest first."),
        "{capped}"
    );
    assert!(capped.contains("All matching answers"));
    let (_, eleventh) = get_as(&app, &ada, "/search?q=hedgehog&group=answers&page=11").await;
    assert_eq!(eleventh.matches("#your-attempt").count(), 10);
    assert!(
        eleventh.contains("rel=\"next\""),
        "112 answers: a twelfth page"
    );
    let (_, last) = get_as(&app, &ada, "/search?q=hedgehog&group=answers&page=12").await;
    assert_eq!(last.matches("#your-attempt").count(), 2);
    assert!(!last.contains("rel=\"next\"") && last.contains("rel=\"prev\""));
    execute(
        &app,
        "DELETE FROM attempts WHERE client_token LIKE 'bulk-%'",
    )
    .await;

    // The question's level and concept narrow answers; a level other than 4 leaves out
    // stories.
    let (_, narrowed) = get_as(&app, &ada, "/search?q=hedgehog&concept=cap").await;
    assert!(narrowed.contains("None of your answers match."));
    let (_, level) = get_as(&app, &ada, "/search?q=hedgehog&level=1").await;
    assert!(level.contains("12 answers of yours found, newest first."));
    assert!(!level.contains("My stories"));
}

#[tokio::test]
async fn hostile_story_text_stays_text_everywhere_it_lands() {
    let app = spawn_app().await;
    let ada = learner(&app, "ada").await;
    let hostile = Story {
        title: "</title><script>alert(1)</script>\"><img src=x onerror=alert(2)>",
        kind: "availability",
        concepts: &["cap"],
        parts: [
            "</textarea><script>alert(3)</script>",
            "<img src=x onerror=alert(4)>",
            "[link](javascript:alert(5))",
            "plain",
            "<iframe src=\"https://example.invalid\"></iframe>",
        ],
    };
    let id = create(&app, &ada, &hostile).await;
    rehearse(&app, &ada, &id, &[], "3", Some(CAP_STORY_QUESTION)).await;
    for path in [
        "/stories".to_owned(),
        format!("/stories/{id}"),
        format!("/stories/{id}/edit"),
        format!("/stories/{id}/rehearse"),
        "/review".to_owned(),
        "/search?q=alert".to_owned(),
        format!("/questions/{CAP_STORY_QUESTION}"),
        "/study-guide".to_owned(),
    ] {
        let (status, page) = get_as(&app, &ada, &path).await;
        assert_eq!(status, 200, "{path}");
        for bad in [
            "<script>alert",
            "<img src=x",
            "href=\"javascript",
            "<iframe",
            "</textarea><script",
        ] {
            assert!(!page.contains(bad), "{path} carries {bad}: {page}");
        }
    }
    let (_, edit) = get_as(&app, &ada, &format!("/stories/{id}/edit")).await;
    assert!(
        edit.contains("&lt;/textarea&gt;&lt;script&gt;alert(3)"),
        "the textarea holds the text as written"
    );
    let (_, page) = get_as(&app, &ada, &format!("/stories/{id}")).await;
    let title = page
        .split("<title>")
        .nth(1)
        .and_then(|rest| rest.split("</title>").next())
        .expect("a title");
    assert!(title.contains("&lt;/title&gt;"), "{title}");
}

#[tokio::test]
async fn stories_are_in_my_data_and_go_with_the_account() {
    let app = spawn_app().await;
    let ada = learner(&app, "ada").await;
    let id = create(&app, &ada, &LEDGER).await;
    let mut form = Story {
        title: "Ledger, second telling",
        ..LEDGER
    }
    .form();
    form.push(("story", &id));
    app.call(&ada, "update_story", &form).await;
    rehearse(&app, &ada, &id, &["0", "4"], "3", None).await;
    submit_answer(
        &app,
        &ada,
        "performance-vs-scalability",
        "A zanzibar answer.",
        30,
    )
    .await;

    let data: Value = ada
        .get(format!("{}/api/my_data", app.base))
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");
    let story = &data["stories"][0];
    assert_eq!(story["kind"], "consistency");
    assert_eq!(story["concepts"], serde_json::json!(["cap"]));
    assert_eq!(story["versions"].as_array().map(Vec::len), Some(2));
    assert_eq!(story["versions"][0]["title"], LEDGER.title);
    assert_eq!(story["versions"][1]["title"], "Ledger, second telling");
    assert_eq!(
        story["rehearsals"][0]["rubric_ticked"],
        serde_json::json!([
            "States the constraint that forced the choice",
            "Says what was monitored to know it worked"
        ])
    );
    assert!(story["due_at"].is_number());

    let response = app
        .call(
            &ada,
            "delete_account",
            &[("password", crate::common::PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(stored(&app).await, [0, 0, 0, 0]);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM story_search").await, 0);
    // The answers' index reads from the attempts: after the cascade it must still agree.
    // (On PostgreSQL the index is a column of the attempt itself, gone with it.)
    let found = if crate::common::on_postgres() {
        "SELECT COUNT(*) FROM attempts
         WHERE search_vector @@ to_tsquery('rehearse_english', 'zanzibar')"
    } else {
        execute(
            &app,
            "INSERT INTO answer_search (answer_search) VALUES ('integrity-check')",
        )
        .await;
        "SELECT COUNT(*) FROM answer_search WHERE answer_search MATCH 'zanzibar'"
    };
    assert_eq!(scalar(&app, found).await, 0);
}

#[tokio::test]
async fn a_story_shared_with_a_set_is_scored_by_its_members_only() {
    let app = spawn_app().await;
    let ada = learner(&app, "ada").await;
    let eve = learner(&app, "eve").await;
    let mallory = learner(&app, "mallory").await;
    let story = create(&app, &ada, &LEDGER).await;
    let set = crate::common::create_set(&app, &ada, "Stories before Friday", "").await;
    assert_eq!(
        app.call(&ada, "share_set", &[("set", &set)]).await.status(),
        200
    );
    let page: Value = app
        .call(&ada, "set", &[("id", &set)])
        .await
        .json()
        .await
        .expect("json");
    let token = page["Found"]["share_token"]
        .as_str()
        .expect("a token")
        .to_owned();
    assert_eq!(
        page["Found"]["shareable_stories"][0]["title"], LEDGER.title,
        "my story is offered to share"
    );
    assert_eq!(
        app.call(&eve, "join_set", &[("token", &token)])
            .await
            .status(),
        200
    );

    // Only my own story, and only in a set I am in.
    let theirs = app
        .call(&eve, "share_story", &[("set", &set), ("story", &story)])
        .await;
    assert_eq!(theirs.status(), 400);
    let body: Value = theirs.json().await.expect("json");
    assert_eq!(body["Field"]["field"], "story");
    assert_eq!(
        app.call(&mallory, "share_story", &[("set", &set), ("story", &story)])
            .await
            .status(),
        404
    );
    let shared = app
        .call(&ada, "share_story", &[("set", &set), ("story", &story)])
        .await;
    assert_eq!(shared.status(), 200);
    let path = format!("/sets/{set}/stories/{story}");
    assert_eq!(shared.headers()["location"], path.as_str());

    // A member reads it and scores it with the story rubric, once; an outsider cannot.
    let (status, page) = get_as(&app, &eve, &path).await;
    assert_eq!(status, 200);
    assert!(page.contains("a regulator forbids double spending"));
    assert!(page.contains("Score this story"));
    assert_eq!(get_as(&app, &mallory, &path).await.0, 404);
    let review = [
        ("set", set.as_str()),
        ("story", story.as_str()),
        ("ticked[]", "0"),
        ("ticked[]", "3"),
        ("comment", "Say the <b>checkout</b> loss first."),
    ];
    assert_eq!(app.call(&eve, "review_story", &review).await.status(), 200);
    assert_eq!(app.call(&eve, "review_story", &review).await.status(), 409);
    assert_eq!(
        app.call(&mallory, "review_story", &review).await.status(),
        404
    );
    assert_eq!(
        app.call(&ada, "review_story", &review).await.status(),
        400,
        "the author does not score their own story"
    );
    let bad = [
        ("set", set.as_str()),
        ("story", story.as_str()),
        ("ticked[]", "5"),
        ("comment", ""),
    ];
    assert_eq!(app.call(&mallory, "review_story", &bad).await.status(), 404);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM story_reviews").await, 1);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM story_review_ticks").await,
        2
    );

    // The author sees the score on the story's own page, the comment as text.
    let (_, mine) = get_as(&app, &ada, &format!("/stories/{story}")).await;
    assert!(mine.contains("Peer scores from your sets"));
    assert!(mine.contains("2 of 5 rubric items"));
    assert!(mine.contains("Say the &lt;b&gt;checkout&lt;/b&gt; loss first."));
    let (_, set_page) = get_as(&app, &eve, &format!("/sets/{set}")).await;
    assert!(set_page.contains(&path) && set_page.contains("1 review"));

    // An edit stays the author's until shared again: members keep reading the shared version.
    let mut form = Story {
        parts: [
            LEDGER.parts[0],
            LEDGER.parts[1],
            LEDGER.parts[2],
            "A draft figure I have not checked: 42 minutes.",
            LEDGER.parts[4],
        ],
        ..LEDGER
    }
    .form();
    form.push(("story", &story));
    assert_eq!(app.call(&ada, "update_story", &form).await.status(), 200);
    let (_, page) = get_as(&app, &eve, &path).await;
    assert!(page.contains("zero reconciliation tickets") && !page.contains("42 minutes"));
    let again: Value = app
        .call(&ada, "set", &[("id", &set)])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        again["Found"]["shareable_stories"][0]["title"], LEDGER.title,
        "the new version can be shared"
    );
    app.call(&ada, "share_story", &[("set", &set), ("story", &story)])
        .await;
    let (_, page) = get_as(&app, &eve, &path).await;
    assert!(page.contains("42 minutes"), "shared again: the new version");
    assert_eq!(scalar(&app, "SELECT version FROM shared_stories").await, 2);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM story_reviews").await,
        1,
        "reviews stay"
    );

    // Both sides find it in their data.
    let data: Value = ada
        .get(format!("{}/api/my_data", app.base))
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");
    let sets = &data["practice_sets"];
    assert_eq!(sets["shared_stories"][0]["story_id"].to_string(), story);
    assert_eq!(sets["story_reviews_received"][0]["reviewer"], "eve");
    let data: Value = eve
        .get(format!("{}/api/my_data", app.base))
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");
    assert_eq!(
        data["practice_sets"]["story_reviews_given"][0]["ticked"],
        serde_json::json!([
            "States the constraint that forced the choice",
            "Gives a measured result, with numbers"
        ])
    );

    // Leaving the set takes the story back, with its reviews.
    let member_story = create(
        &app,
        &eve,
        &Story {
            title: "Eve's story",
            ..LEDGER
        },
    )
    .await;
    assert_eq!(
        app.call(
            &eve,
            "share_story",
            &[("set", &set), ("story", &member_story)]
        )
        .await
        .status(),
        200
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM shared_stories").await, 2);
    assert_eq!(
        app.call(&eve, "leave_set", &[("set", &set)]).await.status(),
        200
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM shared_stories").await, 1);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM story_reviews").await,
        1,
        "eve's review of ada's story stays with ada's story"
    );
}
