//! Practice sets over real HTTP on a fresh database: share links (their randomness and
//! revocation), owner-only changes, the opt-in peer table, shared answers and peer review,
//! stale reorders, the set file, and bad input that stores nothing.

use crate::common::{TestApp, create_set, learner, practise, practise_with, scalar, spawn_app};
use serde_json::Value;

const Q1: &str = "performance-vs-scalability";
const Q2: &str = "log-aggregation-throughput";
const Q3: &str = "cap-mysql-partition";

/// Every table a set writes, counted: a refused request must leave all alone.
async fn stored(app: &TestApp) -> [i64; 6] {
    [
        scalar(app, "SELECT COUNT(*) FROM practice_sets").await,
        scalar(app, "SELECT COUNT(*) FROM set_questions").await,
        scalar(app, "SELECT COUNT(*) FROM set_members").await,
        scalar(app, "SELECT COUNT(*) FROM shared_answers").await,
        scalar(app, "SELECT COUNT(*) FROM peer_reviews").await,
        scalar(app, "SELECT COUNT(*) FROM peer_review_ticks").await,
    ]
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_owned()
}

/// Creates a set with `questions` and returns its id.
async fn new_set(
    app: &TestApp,
    owner: &reqwest::Client,
    title: &str,
    questions: &[&str],
) -> String {
    let response = app
        .call(
            owner,
            "create_set",
            &[
                ("title", title),
                ("description", "Do *these* first."),
                ("due_on", ""),
            ],
        )
        .await;
    assert_eq!(
        response.status(),
        200,
        "{}",
        response.text().await.unwrap_or_default()
    );
    let id = location(&response)
        .strip_prefix("/sets/")
        .and_then(|rest| rest.split('?').next())
        .expect("a set id")
        .to_owned();
    for slug in questions {
        let response = app
            .call(owner, "add_to_set", &[("set", &id), ("question", slug)])
            .await;
        assert_eq!(response.status(), 200);
    }
    id
}

/// The set page's data as `client` loads it.
async fn set_page(app: &TestApp, client: &reqwest::Client, id: &str) -> Value {
    let response = app.call(client, "set", &[("id", id)]).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("json")
}

/// Shares the set and returns the link's token.
async fn share(app: &TestApp, owner: &reqwest::Client, id: &str) -> String {
    let response = app.call(owner, "share_set", &[("set", id)]).await;
    assert_eq!(response.status(), 200);
    set_page(app, owner, id).await["Found"]["share_token"]
        .as_str()
        .expect("a token")
        .to_owned()
}

async fn status_of(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    let response = client
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .expect("request sent");
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

/// The link's token as the owner receives it: 22 URL-safe characters (128 bits, whose
/// randomness `services::shared` tests where it is drawn), a new one at each share, and the
/// one it replaces finds nothing.
#[tokio::test]
async fn each_share_draws_a_new_url_safe_token_and_the_old_link_dies() {
    let app = spawn_app().await;
    let owner = learner(&app, "owner").await;
    let id = new_set(&app, &owner, "Random", &[Q1]).await;
    let first = share(&app, &owner, &id).await;
    let second = share(&app, &owner, &id).await;
    for token in [&first, &second] {
        assert_eq!(token.len(), 22, "{token}");
        assert!(
            token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{token}"
        );
    }
    assert_ne!(first, second);
    assert_eq!(
        status_of(&app, &owner, &format!("/join/{first}")).await.0,
        404
    );
    assert_eq!(
        status_of(&app, &owner, &format!("/join/{second}")).await.0,
        200
    );
}

#[tokio::test]
async fn a_link_opens_the_set_until_it_is_revoked() {
    let app = spawn_app().await;
    let owner = learner(&app, "owner").await;
    let id = new_set(&app, &owner, "CAP before Thursday", &[Q3, Q1]).await;
    let token = share(&app, &owner, &id).await;

    // Signed out, the link shows the set and invites a sign-up that comes back here.
    let visitor = crate::common::browser();
    let (status, page) = status_of(&app, &visitor, &format!("/join/{token}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("CAP before Thursday"), "{page}");
    assert!(
        page.contains(&format!("/sign-up?next=/join/{token}")),
        "{page}"
    );

    // Joining twice is joining once.
    let peer = learner(&app, "peer").await;
    for _ in 0..2 {
        let response = app.call(&peer, "join_set", &[("token", &token)]).await;
        assert_eq!(response.status(), 200);
        assert_eq!(location(&response), format!("/sets/{id}?joined=1"));
    }
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM set_members").await, 2);
    let seen = set_page(&app, &peer, &id).await;
    assert_eq!(seen["Found"]["title"], "CAP before Thursday");
    assert_eq!(
        seen["Found"]["share_token"],
        Value::Null,
        "only the owner is told the link"
    );
    let sets: Value = app
        .call(&peer, "my_sets", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(sets["joined"][0]["title"], "CAP before Thursday");
    assert_eq!(sets["owned"].as_array().map(Vec::len), Some(0));

    // Revoked: the old link is a 404 at once, with a page that says why; members stay.
    let response = app.call(&owner, "revoke_link", &[("set", &id)]).await;
    assert_eq!(response.status(), 200);
    let (status, page) = status_of(&app, &peer, &format!("/join/{token}")).await;
    assert_eq!(status, 404);
    assert!(page.contains("revoked"), "{page}");
    let response = app.call(&visitor, "shared_set", &[("token", &token)]).await;
    assert_eq!(response.json::<Value>().await.expect("json"), Value::Null);
    let late = learner(&app, "late").await;
    let response = app.call(&late, "join_set", &[("token", &token)]).await;
    assert_eq!(response.status(), 404);
    assert!(set_page(&app, &peer, &id).await.get("Found").is_some());

    // A new link works; the old one still does not.
    let fresh = share(&app, &owner, &id).await;
    assert_ne!(fresh, token);
    assert_eq!(
        status_of(&app, &late, &format!("/join/{fresh}")).await.0,
        200
    );
    assert_eq!(
        status_of(&app, &late, &format!("/join/{token}")).await.0,
        404
    );
    assert_eq!(status_of(&app, &late, "/join/not-a-token").await.0, 404);
}

#[tokio::test]
async fn only_the_owner_changes_a_set() {
    let app = spawn_app().await;
    let owner = learner(&app, "owner").await;
    let id = new_set(&app, &owner, "Mine", &[Q1, Q2]).await;
    let token = share(&app, &owner, &id).await;
    let member = learner(&app, "member").await;
    app.call(&member, "join_set", &[("token", &token)]).await;
    let stranger = learner(&app, "stranger").await;
    let version = set_page(&app, &owner, &id).await["Found"]["list_version"].to_string();

    let before = stored(&app).await;
    // A member sees the set but may not change it (403); to anyone outside it, the set does
    // not exist (404), so ids reveal nothing.
    for (client, status) in [(&member, 403), (&stranger, 404)] {
        for (endpoint, form) in [
            (
                "update_set",
                vec![
                    ("set", id.as_str()),
                    ("title", "Theirs"),
                    ("description", ""),
                    ("due_on", ""),
                ],
            ),
            ("add_to_set", vec![("set", id.as_str()), ("question", Q3)]),
            (
                "remove_from_set",
                vec![("set", id.as_str()), ("question", Q1)],
            ),
            (
                "move_in_set",
                vec![
                    ("set", id.as_str()),
                    ("question", Q2),
                    ("direction", "up"),
                    ("version", version.as_str()),
                ],
            ),
            ("share_set", vec![("set", id.as_str())]),
            ("revoke_link", vec![("set", id.as_str())]),
            ("delete_set", vec![("set", id.as_str()), ("confirm", "1")]),
        ] {
            let response = app.call(client, endpoint, &form).await;
            assert_eq!(response.status(), status, "{endpoint}");
        }
        // Outside the set, nothing else reaches it either.
        if status == 404 {
            for (endpoint, form) in [
                ("share_progress", vec![("set", id.as_str()), ("share", "1")]),
                ("leave_set", vec![("set", id.as_str())]),
                ("copy_set", vec![("set", id.as_str())]),
                ("share_answer", vec![("set", id.as_str()), ("attempt", "1")]),
            ] {
                let response = app.call(client, endpoint, &form).await;
                assert_eq!(response.status(), 404, "{endpoint}");
            }
            let response = client
                .get(format!("{}/sets/{id}/export", app.base))
                .send()
                .await
                .expect("sent");
            assert_eq!(response.status(), 404);
        }
    }
    assert_eq!(stored(&app).await, before);
    let page = set_page(&app, &owner, &id).await;
    assert_eq!(page["Found"]["title"], "Mine");
    assert_eq!(page["Found"]["share_token"], token.as_str());

    // A member may copy it into a set of their own, which they then own.
    let response = app.call(&member, "copy_set", &[("set", &id)]).await;
    assert_eq!(response.status(), 200);
    let copy = location(&response);
    assert!(copy.ends_with("?copied=1"), "{copy}");
    let copy_id = copy
        .strip_prefix("/sets/")
        .and_then(|r| r.split('?').next())
        .expect("an id")
        .to_owned();
    let copied = set_page(&app, &member, &copy_id).await;
    assert_eq!(copied["Found"]["title"], "Copy of Mine");
    assert_eq!(copied["Found"]["is_owner"], true);
    assert_eq!(
        copied["Found"]["share_token"],
        Value::Null,
        "a copy is not shared"
    );

    // A stranger does not see the set at all; an unknown set is the same 404.
    assert_eq!(
        set_page(&app, &stranger, &id).await,
        Value::String("NotFound".into())
    );
    assert_eq!(
        status_of(&app, &stranger, &format!("/sets/{id}")).await.0,
        404
    );
    assert_eq!(status_of(&app, &owner, "/sets/99999").await.0, 404);
    assert_eq!(status_of(&app, &owner, "/sets/abc").await.0, 404);
    // Signed out: the page asks for a sign-in; changes are refused.
    let nobody = crate::common::browser();
    assert_eq!(
        set_page(&app, &nobody, &id).await,
        Value::String("SignedOut".into())
    );
    assert_eq!(
        app.call(&nobody, "delete_set", &[("set", &id)])
            .await
            .status(),
        401
    );
}

#[tokio::test]
async fn the_peer_table_shows_only_members_who_opted_in() {
    let app = spawn_app().await;
    let owner = learner(&app, "owner").await;
    let id = new_set(&app, &owner, "Team", &[Q1, Q2]).await;
    let token = share(&app, &owner, &id).await;
    let sharer = learner(&app, "sharer").await;
    let private = learner(&app, "private").await;
    for client in [&sharer, &private] {
        app.call(client, "join_set", &[("token", &token)]).await;
        practise(&app, client, Q2, "3").await;
    }
    let response = app
        .call(&sharer, "share_progress", &[("set", &id), ("share", "1")])
        .await;
    assert_eq!(response.status(), 200);

    for viewer in [&owner, &sharer, &private] {
        let page = set_page(&app, viewer, &id).await;
        let peers = page["Found"]["peers"].as_array().expect("peers").clone();
        assert_eq!(peers.len(), 1, "{peers:?}");
        assert_eq!(peers[0]["username"], "sharer");
        assert_eq!(peers[0]["cells"][0]["attempts"], 0);
        assert_eq!(peers[0]["cells"][1]["attempts"], 1);
        assert_eq!(peers[0]["cells"][1]["last_rating"], 3, "Good");
    }
    let (_, html) = status_of(&app, &owner, &format!("/sets/{id}")).await;
    assert!(html.contains("sharer"), "the owner's page shows the sharer");
    assert!(
        !html.contains("private"),
        "nobody sees a member who did not opt in"
    );

    // Opting out takes the row away again.
    app.call(&sharer, "share_progress", &[("set", &id)]).await;
    let page = set_page(&app, &owner, &id).await;
    assert_eq!(page["Found"]["peers"].as_array().map(Vec::len), Some(0));
}

/// The owner edits the details and every member sees them; a visitor copies the set through
/// its share link into a set of their own with the same questions in the same order, leaving
/// the original as it was; the owner cannot leave their own set (they delete it instead).
#[tokio::test]
async fn the_owner_edits_a_visitor_copies_by_link_and_the_owner_cannot_leave() {
    let app = spawn_app().await;
    let owner = learner(&app, "owner").await;
    let id = new_set(&app, &owner, "Before", &[Q2, Q1]).await;
    let token = share(&app, &owner, &id).await;
    let member = learner(&app, "member").await;
    app.call(&member, "join_set", &[("token", &token)]).await;

    // Half a year ahead: within the two years a due date may be set.
    let due = app::domain::Timestamp::from_secs(app.now() + 180 * 86_400)
        .utc_date()
        .to_string();
    let due = due.as_str();
    let response = app
        .call(
            &owner,
            "update_set",
            &[
                ("set", id.as_str()),
                ("title", "After the edit"),
                ("description", "Now with **bold** advice."),
                ("due_on", due),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(location(&response), format!("/sets/{id}?saved=1#details"));
    for client in [&owner, &member] {
        let page = set_page(&app, client, &id).await;
        assert_eq!(page["Found"]["title"], "After the edit");
        assert_eq!(page["Found"]["description_md"], "Now with **bold** advice.");
        assert!(
            page["Found"]["description_html"]
                .as_str()
                .expect("html")
                .contains("<strong>bold</strong>")
        );
        assert_eq!(page["Found"]["due_on"], due);
    }

    let visitor = learner(&app, "visitor").await;
    let response = app.call(&visitor, "copy_set", &[("token", &token)]).await;
    assert_eq!(response.status(), 200);
    let copy = location(&response);
    let copy_id = copy
        .strip_prefix("/sets/")
        .and_then(|rest| rest.split('?').next())
        .expect("an id")
        .to_owned();
    assert_ne!(copy_id, id);
    let copied = set_page(&app, &visitor, &copy_id).await;
    assert_eq!(copied["Found"]["title"], "Copy of After the edit");
    assert_eq!(copied["Found"]["is_owner"], true);
    assert_eq!(
        copied["Found"]["members"], 1,
        "a copy starts with its owner alone"
    );
    let slugs = |page: &Value| -> Vec<String> {
        page["Found"]["questions"]
            .as_array()
            .expect("questions")
            .iter()
            .map(|q| q["slug"].as_str().expect("a slug").to_owned())
            .collect()
    };
    assert_eq!(slugs(&copied), [Q2, Q1]);
    let original = set_page(&app, &owner, &id).await;
    assert_eq!(slugs(&original), [Q2, Q1]);
    assert_eq!(original["Found"]["members"], 2, "copying does not join");
    assert_eq!(
        app.call(&visitor, "set", &[("id", &id)])
            .await
            .json::<Value>()
            .await
            .expect("json"),
        "NotFound"
    );

    let before = stored(&app).await;
    let response = app.call(&owner, "leave_set", &[("set", &id)]).await;
    assert_eq!(response.status(), 400);
    assert!(
        response
            .text()
            .await
            .expect("body")
            .contains("delete it instead"),
        "the refusal says what to do"
    );
    assert_eq!(stored(&app).await, before);
    assert_eq!(set_page(&app, &owner, &id).await["Found"]["is_owner"], true);
}

#[tokio::test]
async fn shared_answers_are_reviewed_and_unshared_ones_stay_private() {
    let app = spawn_app().await;
    let owner = learner(&app, "owner").await;
    let id = new_set(&app, &owner, "Review circle", &[Q1]).await;
    let token = share(&app, &owner, &id).await;
    let author = learner(&app, "author").await;
    app.call(&author, "join_set", &[("token", &token)]).await;
    let shared = practise_with(&app, &author, Q1, "3", "Shared: cache the hot keys").await;
    let unshared = practise_with(&app, &author, Q1, "2", "Unshared: my first try").await;
    let elsewhere = practise_with(&app, &author, Q3, "2", "Elsewhere: quorum").await;

    // An answer never shared is unreachable by id, for the owner and for its author alike.
    for (client, attempt) in [(&owner, &unshared), (&author, &unshared), (&owner, &shared)] {
        let response = app
            .call(
                client,
                "shared_answer",
                &[("set", &id), ("attempt", attempt)],
            )
            .await;
        assert_eq!(response.json::<Value>().await.expect("json"), Value::Null);
        let path = format!("/sets/{id}/answers/{attempt}");
        assert_eq!(status_of(&app, client, &path).await.0, 404, "{path}");
    }
    // Only my own answers, at the set's questions, can be shared.
    let before = stored(&app).await;
    for attempt in [elsewhere.as_str(), "99999", "x"] {
        let response = app
            .call(
                &author,
                "share_answer",
                &[("set", &id), ("attempt", attempt)],
            )
            .await;
        assert_eq!(response.status(), 400, "{attempt}");
    }
    let response = app
        .call(
            &owner,
            "share_answer",
            &[("set", &id), ("attempt", &shared)],
        )
        .await;
    assert_eq!(response.status(), 400, "someone else's answer");
    assert_eq!(stored(&app).await, before);

    let response = app
        .call(
            &author,
            "share_answer",
            &[("set", &id), ("attempt", &shared)],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(location(&response), format!("/sets/{id}/answers/{shared}"));

    // Someone outside the set cannot read or review it, by id or by page.
    let outsider = learner(&app, "outsider").await;
    let response = app
        .call(
            &outsider,
            "shared_answer",
            &[("set", &id), ("attempt", &shared)],
        )
        .await;
    assert_eq!(response.json::<Value>().await.expect("json"), Value::Null);
    assert_eq!(
        status_of(&app, &outsider, &format!("/sets/{id}/answers/{shared}"))
            .await
            .0,
        404
    );
    let response = app
        .call(
            &outsider,
            "review_answer",
            &[("set", &id), ("attempt", &shared), ("comment", "hi")],
        )
        .await;
    assert_eq!(response.status(), 404);
    // The shared answer's text reaches the owner on its page; the unshared answers' texts
    // appear nowhere the owner can see.
    let (_, set_page) = status_of(&app, &owner, &format!("/sets/{id}")).await;
    let (status, answer_page) =
        status_of(&app, &owner, &format!("/sets/{id}/answers/{shared}")).await;
    assert_eq!(status, 200);
    assert!(answer_page.contains("Shared: cache the hot keys"));
    for page in [&set_page, &answer_page] {
        for private in ["Unshared: my first try", "Elsewhere: quorum"] {
            assert!(!page.contains(private), "answer text stays private");
        }
    }

    // The owner scores it; bad ticks and a long comment store nothing.
    let before = stored(&app).await;
    let long = "x".repeat(1_001);
    for form in [
        vec![
            ("set", id.as_str()),
            ("attempt", shared.as_str()),
            ("ticked[]", "7"),
            ("comment", ""),
        ],
        vec![
            ("set", id.as_str()),
            ("attempt", shared.as_str()),
            ("comment", long.as_str()),
        ],
    ] {
        let response = app.call(&owner, "review_answer", &form).await;
        assert_eq!(response.status(), 400);
    }
    assert_eq!(stored(&app).await, before);
    let review = [
        ("set", id.as_str()),
        ("attempt", shared.as_str()),
        ("ticked[]", "0"),
        ("comment", "Name the bottleneck first."),
    ];
    let response = app.call(&owner, "review_answer", &review).await;
    assert_eq!(response.status(), 200);
    let response = app.call(&owner, "review_answer", &review).await;
    assert_eq!(response.status(), 409, "the first review stands");
    let response = app.call(&author, "review_answer", &review).await;
    assert_eq!(response.status(), 400, "not one's own answer");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM peer_reviews").await, 1);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM peer_review_ticks").await,
        1
    );

    // The author sees the peer's score beside their own self-rating.
    let page: Value = app
        .call(
            &author,
            "shared_answer",
            &[("set", &id), ("attempt", &shared)],
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(page["self_grade"]["rating"], 3, "Good");
    assert_eq!(page["reviews"][0]["reviewer"], "owner");
    assert_eq!(page["reviews"][0]["comment"], "Name the bottleneck first.");
    assert_eq!(
        page["reviews"][0]["ticked"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(page["can_review"], false);
    let (status, html) = status_of(&app, &author, &format!("/sets/{id}/answers/{shared}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Your self-rating"), "{html}");
    assert!(html.contains("Name the bottleneck first."), "{html}");
    // The owner does not see the author's self-grade.
    let page: Value = app
        .call(
            &owner,
            "shared_answer",
            &[("set", &id), ("attempt", &shared)],
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(page["self_grade"], Value::Null);
    // The author's own attempt page carries the peer's score under the self-grade.
    let attempt: Value = app
        .call(&author, "practice", &[("slug", Q1), ("attempt", &shared)])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(attempt["Attempt"]["grade"]["rating"], 3);
    assert_eq!(attempt["Attempt"]["peer_reviews"][0]["reviewer"], "owner");
    assert_eq!(
        attempt["Attempt"]["peer_reviews"][0]["set_title"],
        "Review circle"
    );

    // Both sides find it in "download my data".
    let mine: Value = author
        .get(format!("{}/api/my_data", app.base))
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");
    let sets = &mine["practice_sets"];
    assert_eq!(sets["memberships"][0]["set_title"], "Review circle");
    assert_eq!(sets["shared_answers"][0]["attempt_id"].to_string(), shared);
    assert_eq!(
        sets["reviews_received"][0]["comment"],
        "Name the bottleneck first."
    );
    let theirs: Value = owner
        .get(format!("{}/api/my_data", app.base))
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");
    assert_eq!(theirs["practice_sets"]["owned"][0]["questions"][0], Q1);
    assert_eq!(
        theirs["practice_sets"]["reviews_given"][0]["ticked"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    // Leaving takes the shared answer (and its reviews) back.
    let response = app.call(&author, "leave_set", &[("set", &id)]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(stored(&app).await[3..], [0, 0, 0]);
}

#[tokio::test]
async fn a_reorder_made_on_a_stale_page_is_refused() {
    let app = spawn_app().await;
    let owner = learner(&app, "owner").await;
    let id = new_set(&app, &owner, "Order", &[Q1, Q2, Q3]).await;
    let order = |page: &Value| -> Vec<String> {
        page["Found"]["questions"]
            .as_array()
            .expect("questions")
            .iter()
            .map(|q| q["slug"].as_str().expect("slug").to_owned())
            .collect()
    };
    let page = set_page(&app, &owner, &id).await;
    let version = page["Found"]["list_version"].to_string();
    let moved = [
        ("set", id.as_str()),
        ("question", Q3),
        ("direction", "up"),
        ("version", version.as_str()),
    ];
    assert_eq!(app.call(&owner, "move_in_set", &moved).await.status(), 200);
    assert_eq!(order(&set_page(&app, &owner, &id).await), [Q1, Q3, Q2]);
    // The same form again (a second tab, a double click) is against an old list.
    let response = app.call(&owner, "move_in_set", &moved).await;
    assert_eq!(response.status(), 400);
    let error: Value = response.json().await.expect("json");
    assert_eq!(error["Field"]["problem"], "list_changed");
    assert_eq!(order(&set_page(&app, &owner, &id).await), [Q1, Q3, Q2]);
    // Removing and adding change the version too.
    let page = set_page(&app, &owner, &id).await;
    let version = page["Found"]["list_version"].to_string();
    app.call(&owner, "remove_from_set", &[("set", &id), ("question", Q1)])
        .await;
    let response = app
        .call(
            &owner,
            "move_in_set",
            &[
                ("set", &id),
                ("question", Q2),
                ("direction", "up"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(response.status(), 400);
    assert_eq!(order(&set_page(&app, &owner, &id).await), [Q3, Q2]);
}

#[tokio::test]
async fn bad_input_is_named_and_stores_nothing() {
    let app = spawn_app().await;
    let owner = learner(&app, "owner").await;
    let id = new_set(&app, &owner, "Valid", &[Q1]).await;
    let before = stored(&app).await;
    let long_title = "t".repeat(121);
    let long_text = "d".repeat(4_001);
    for (form, field) in [
        (
            vec![("title", "  "), ("description", ""), ("due_on", "")],
            "title",
        ),
        (
            vec![
                ("title", long_title.as_str()),
                ("description", ""),
                ("due_on", ""),
            ],
            "title",
        ),
        (
            vec![
                ("title", "ok"),
                ("description", long_text.as_str()),
                ("due_on", ""),
            ],
            "description",
        ),
        (
            vec![
                ("title", "ok"),
                ("description", ""),
                ("due_on", "2020-01-01"),
            ],
            "due_on",
        ),
        (
            vec![
                ("title", "ok"),
                ("description", ""),
                ("due_on", "2027-02-30"),
            ],
            "due_on",
        ),
        (
            vec![("title", "ok"), ("description", ""), ("due_on", "soon")],
            "due_on",
        ),
    ] {
        let response = app.call(&owner, "create_set", &form).await;
        assert_eq!(response.status(), 400, "{form:?}");
        let error: Value = response.json().await.expect("json");
        assert_eq!(error["Field"]["field"], field, "{form:?}");
    }
    for question in ["no-such-question", "Not A Slug", Q1] {
        let response = app
            .call(
                &owner,
                "add_to_set",
                &[("set", &id), ("question", question)],
            )
            .await;
        assert_eq!(response.status(), 400, "{question}");
    }
    let response = app
        .call(&owner, "remove_from_set", &[("set", &id), ("question", Q2)])
        .await;
    assert_eq!(response.status(), 400);
    let response = app
        .call(
            &owner,
            "move_in_set",
            &[
                ("set", &id),
                ("question", Q1),
                ("direction", "sideways"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(response.status(), 400);
    assert_eq!(
        app.call(&owner, "add_to_set", &[("set", "x"), ("question", Q2)])
            .await
            .status(),
        400
    );
    assert_eq!(stored(&app).await, before);
}

/// Posts a set file as the import form does (multipart, field `set_file`).
async fn import(app: &TestApp, client: &reqwest::Client, file: &str) -> reqwest::Response {
    let boundary = "rehearse-test-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"set_file\"; filename=\"set.md\"\r\n\
         Content-Type: text/markdown\r\n\r\n{file}\r\n--{boundary}--\r\n"
    );
    client
        .post(format!("{}/import-set", app.base))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .expect("request sent")
}

#[tokio::test]
async fn a_set_exports_and_imports_as_markdown() {
    let app = spawn_app().await;
    let owner = learner(&app, "owner").await;
    let id = new_set(&app, &owner, "Round trip", &[Q3, Q1]).await;

    let response = owner
        .get(format!("{}/sets/{id}/export", app.base))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("text/markdown")
    );
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .expect("ascii")
            .starts_with("attachment")
    );
    let file = response.text().await.expect("body");
    assert!(file.starts_with("+++\n"), "{file}");
    assert!(
        file.contains(Q3) && file.contains("Do *these* first."),
        "{file}"
    );
    // Someone outside the set cannot export it.
    let stranger = learner(&app, "stranger").await;
    let response = stranger
        .get(format!("{}/sets/{id}/export", app.base))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 404);

    let response = import(&app, &stranger, &file).await;
    assert_eq!(response.status(), 303);
    let copy = location(&response);
    let copy_id = copy
        .strip_prefix("/sets/")
        .and_then(|r| r.split('?').next())
        .expect("a new set")
        .to_owned();
    assert_ne!(copy_id, id);
    let page = set_page(&app, &stranger, &copy_id).await;
    assert_eq!(page["Found"]["title"], "Round trip");
    assert_eq!(page["Found"]["is_owner"], true);
    let slugs: Vec<&str> = page["Found"]["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .filter_map(|q| q["slug"].as_str())
        .collect();
    assert_eq!(slugs, [Q3, Q1]);

    // Unknown slugs are named and nothing is created; a question file is not a set.
    let before = stored(&app).await;
    let bad = file.replace(Q1, "no-such-question");
    let response = import(&app, &stranger, &bad).await;
    assert_eq!(response.status(), 303);
    let back = location(&response);
    assert!(back.starts_with("/sets?import_error="), "{back}");
    let (status, page) = status_of(&app, &stranger, &back).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("no-such-question") && page.contains("Nothing was imported"),
        "{page}"
    );
    let response = import(&app, &stranger, &file.replace(Q1, "Not A Slug")).await;
    let (_, page) = status_of(&app, &stranger, &location(&response)).await;
    assert!(
        page.contains("Question 2 in the file") && page.contains("Nothing was imported"),
        "{page}"
    );
    let question = std::fs::read_to_string(
        crate::common::content_dir().join("questions/03-cap-mysql-partition.md"),
    )
    .expect("a question file");
    let response = import(&app, &stranger, &question).await;
    let (_, page) = status_of(&app, &stranger, &location(&response)).await;
    assert!(page.contains("That is not a Rehearse set file"), "{page}");
    assert_eq!(stored(&app).await, before);
}

#[tokio::test]
async fn forms_work_as_plain_posts() {
    let app = spawn_app().await;
    let owner = learner(&app, "owner").await;
    let sets_page = format!("{}/sets", app.base);
    // No JavaScript: the browser posts the form and follows the redirect it is answered with.
    let post = |title: &'static str| {
        owner
            .post(format!("{}/api/create_set", app.base))
            .header("accept", "text/html")
            .header("referer", &sets_page)
            .header("origin", &app.base)
            .form(&[("title", title), ("description", ""), ("due_on", "")])
            .send()
    };
    // A refused form comes back to the page with the message by the title.
    let response = post(" ").await.expect("sent");
    assert_eq!(response.status(), 302);
    let back = location(&response);
    let (status, page) = status_of(&app, &owner, back.trim_start_matches(&app.base)).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(r#"id="new-set-title-error" data-error-for="title" role="alert""#),
        "{page}"
    );
    assert!(page.contains("Give the set a title"), "{page}");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM practice_sets").await, 0);

    let response = post("Plain form").await.expect("sent");
    assert_eq!(response.status(), 302);
    let to = location(&response);
    assert!(
        to.starts_with("/sets/") && to.ends_with("?created=1"),
        "{to}"
    );
    let (status, page) = status_of(&app, &owner, &to).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Plain form") && page.contains("Set created"),
        "{page}"
    );
    assert!(
        page.contains("Add a question"),
        "the owner's add form is there"
    );
}

#[tokio::test]
async fn sets_go_with_their_owners_and_members_with_theirs() {
    let app = spawn_app().await;
    let owner = learner(&app, "owner").await;
    let id = new_set(&app, &owner, "Ephemeral", &[Q1]).await;
    let token = share(&app, &owner, &id).await;
    let member = learner(&app, "member").await;
    app.call(&member, "join_set", &[("token", &token)]).await;
    let attempt = practise(&app, &member, Q1, "3").await;
    app.call(
        &member,
        "share_answer",
        &[("set", &id), ("attempt", &attempt)],
    )
    .await;
    app.call(
        &owner,
        "review_answer",
        &[
            ("set", &id),
            ("attempt", &attempt),
            ("ticked[]", "0"),
            ("comment", ""),
        ],
    )
    .await;
    assert_eq!(stored(&app).await, [1, 1, 2, 1, 1, 1]);

    // The member's account goes: their membership, shared answer and its review go with it.
    let response = app
        .call(
            &member,
            "delete_account",
            &[("password", crate::common::PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(stored(&app).await, [1, 1, 1, 0, 0, 0]);
    // The owner's account goes: the set goes, and its link opens nothing.
    let response = app
        .call(
            &owner,
            "delete_account",
            &[("password", crate::common::PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(stored(&app).await, [0; 6]);
    let visitor = crate::common::browser();
    assert_eq!(
        status_of(&app, &visitor, &format!("/join/{token}")).await.0,
        404
    );
}

/// After a move the page loads with `?moved=…&direction=…`: it puts focus back on the moved
/// question and announces the move, named by its title in the set. If a later post on that
/// page is refused, the page comes back to the same URL with the error, and then the error is
/// the news, not the old move. A slug not in the set announces nothing.
#[tokio::test]
async fn a_move_is_announced_after_it_and_not_after_a_refused_post() {
    let app = spawn_app().await;
    let owner = learner(&app, "mover").await;
    let id = create_set(&app, &owner, "Moves", "").await;
    for question in [Q1, Q2] {
        let response = app
            .call(
                &owner,
                "add_to_set",
                &[("set", &id), ("question", question)],
            )
            .await;
        assert_eq!(response.status(), 200);
    }
    let page = |query: String| {
        let owner = owner.clone();
        let url = format!("{}/sets/{id}?{query}", app.base);
        async move {
            let response = owner.get(url).send().await.expect("sent");
            assert_eq!(response.status(), 200);
            response.text().await.expect("body")
        }
    };
    let moved = page(format!("moved={Q2}&direction=up")).await;
    assert!(moved.contains(r#"data-component="Arrival"#), "{moved}");
    assert!(
        moved.contains(&format!("move-up-{Q2}")),
        "focus goes to the moved button"
    );
    assert!(
        moved.contains("Moved “Latency vs Throughput” up."),
        "{moved}"
    );

    // base64url of "NotFound", as a refused post's redirect carries it.
    let refused = page(format!(
        "moved={Q2}&direction=up&__path=/api/update_set&__err=Ik5vdEZvdW5kIg=="
    ))
    .await;
    assert!(!refused.contains(r#"data-component="Arrival"#), "{refused}");
    let stranger = page("moved=not-in-this-set&direction=up".to_owned()).await;
    assert!(!stranger.contains(r#"data-component="Arrival"#));
}
