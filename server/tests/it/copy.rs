//! `rehearse copy-database`: a SQLite database holding every kind of row, copied by the real
//! binary into PostgreSQL, serves the same learner the same data there. Runs in the
//! PostgreSQL pass.

use crate::common::{
    PASSWORD, TestApp, browser, create_set, execute, learner, new_database, on_postgres,
    spawn_app_on, spawn_sqlite_app, submit_answer,
};
use crate::stories::{LEDGER, create, rehearse};
use serde_json::Value;
use std::process::Command;

const Q: &str = "cap-mysql-partition";

/// Fills every table through the site, as learners would; the set's id.
async fn every_kind_of_row(app: &TestApp, ada: &reqwest::Client, eve: &reqwest::Client) -> String {
    let attempt = submit_answer(
        app,
        ada,
        Q,
        "A network partition forces the choice: we keep asynchronous replication and \
         accept a stale read on the replica.",
        90,
    )
    .await;
    let graded = app
        .call(
            ada,
            "grade_attempt",
            &[
                ("slug", Q),
                ("attempt", &attempt),
                ("ticked[]", "0"),
                ("ticked[]", "1"),
                ("rating", "3"),
            ],
        )
        .await;
    assert_eq!(graded.status(), 200);

    let set = create_set(app, ada, "Partitions before Friday", "Read *this* first.").await;
    let added = app
        .call(ada, "add_to_set", &[("set", &set), ("question", Q)])
        .await;
    assert_eq!(added.status(), 200);
    assert_eq!(
        app.call(ada, "share_set", &[("set", &set)]).await.status(),
        200
    );
    let page: Value = app
        .call(ada, "set", &[("id", &set)])
        .await
        .json()
        .await
        .expect("json");
    let token = page["Found"]["share_token"].as_str().expect("shared");
    assert_eq!(
        app.call(eve, "join_set", &[("token", token)])
            .await
            .status(),
        200
    );
    let shared = app
        .call(ada, "share_answer", &[("set", &set), ("attempt", &attempt)])
        .await;
    assert_eq!(shared.status(), 200);
    let reviewed = app
        .call(
            eve,
            "review_answer",
            &[
                ("set", &set),
                ("attempt", &attempt),
                ("ticked[]", "0"),
                ("comment", "Name the <b>quorum</b> sizes."),
            ],
        )
        .await;
    assert_eq!(reviewed.status(), 200);

    let story = create(app, ada, &LEDGER).await;
    assert_eq!(
        rehearse(app, ada, &story, &["0", "2"], "3", None)
            .await
            .status(),
        200
    );
    let shared = app
        .call(ada, "share_story", &[("set", &set), ("story", &story)])
        .await;
    assert_eq!(shared.status(), 200);
    let review = [
        ("set", set.as_str()),
        ("story", story.as_str()),
        ("ticked[]", "1"),
        ("comment", "Lead with the loss."),
    ];
    assert_eq!(app.call(eve, "review_story", &review).await.status(), 200);

    // A failed sign-in leaves its throttle rows.
    let guess = app
        .call(
            &browser(),
            "sign_in",
            &[("username", "ada"), ("password", "not the password at all")],
        )
        .await;
    assert_eq!(guess.status(), 401);
    // And an answer stored before NUL was dropped on input, which PostgreSQL cannot hold.
    execute(
        app,
        &format!(
            "UPDATE attempts SET answer_md = answer_md || char(0) || ' (pasted)' WHERE id = {attempt}"
        ),
    )
    .await;
    set
}

/// `rehearse copy-database` with these arguments: its exit status, standard output and error.
fn copy_database(from: &str, to: &str) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_rehearse"))
        .args(["copy-database", "--from", from, "--to", to])
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

async fn json(
    app: &TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    form: &[(&str, &str)],
) -> Value {
    let response = app.call(client, endpoint, form).await;
    assert_eq!(response.status(), 200, "{endpoint}");
    response.json().await.expect("json")
}

async fn my_data(app: &TestApp, client: &reqwest::Client) -> Value {
    let response = client
        .get(format!("{}/api/my_data", app.base))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 200);
    response.json().await.expect("json")
}

#[tokio::test]
async fn a_sqlite_database_copied_to_postgresql_serves_the_same_data() {
    if !on_postgres() {
        return;
    }
    let source = spawn_sqlite_app().await;
    let ada = learner(&source, "ada").await;
    let eve = learner(&source, "eve").await;
    let set = every_kind_of_row(&source, &ada, &eve).await;
    // An account made and deleted: SQLite never hands its id out again, nor may the copy.
    let zed = learner(&source, "zed").await;
    let gone = source
        .call(&zed, "delete_account", &[("password", PASSWORD)])
        .await;
    assert_eq!(gone.status(), 200);
    let db = source.db().await;
    for &table in app::db::copy::TABLES {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&db)
            .await
            .expect(table);
        assert!(rows > 0, "the source holds no row of {table}");
    }
    db.close().await;

    let dir = tempfile::tempdir().expect("tempdir");
    let target = new_database(dir.path()).await;
    // A mistyped source is not taken for an empty database (nor created).
    let nowhere = dir.path().join("nowhere.db");
    let (ok, _, err) = copy_database(&format!("sqlite://{}", nowhere.display()), &target);
    assert!(!ok);
    assert!(err.contains("there is no SQLite database at"), "{err}");
    assert!(!nowhere.exists());
    let (ok, out, err) = copy_database(&source.database_url, &target);
    assert!(ok, "{out}\n{err}");
    assert!(
        out.contains("every table's row count and checksum match"),
        "{out}"
    );
    assert!(out.contains("1 NUL characters"), "{out}");
    assert!(
        err.contains("attempts"),
        "the progress names the tables: {err}"
    );

    // Into a database that now holds learners: refused, and nothing changes.
    let (ok, out, err) = copy_database(&source.database_url, &target);
    assert!(!ok, "{out}");
    assert!(err.contains("already holds learner data"), "{err}");
    // The other way round is not what the command does.
    let (ok, _, err) = copy_database(&target, &source.database_url);
    assert!(!ok);
    assert!(err.contains("into PostgreSQL"), "{err}");

    // A server on the copy: the same learners, signed in by the same sessions (a cookie is
    // the host's, whatever the port), with the same data.
    let copy = spawn_app_on(&target, &source.clock).await;
    assert_eq!(copy.who(&ada).await.as_deref(), Some("ada"));
    assert_eq!(copy.who(&eve).await.as_deref(), Some("eve"));
    let mut before = my_data(&source, &ada).await;
    let mut after = my_data(&copy, &ada).await;
    // The NUL the copy removed is the one difference.
    let answer = "/attempts/0/answer_markdown";
    let stored = before
        .pointer(answer)
        .and_then(Value::as_str)
        .expect("an answer");
    assert!(stored.contains('\0'));
    assert_eq!(
        after.pointer(answer).and_then(Value::as_str),
        Some(stored.replace('\0', "").as_str())
    );
    for data in [&mut before, &mut after] {
        *data.pointer_mut(answer).expect("an answer") = Value::Null;
    }
    assert_eq!(before, after, "ada's data");
    assert_eq!(my_data(&source, &eve).await, my_data(&copy, &eve).await);
    for (client, endpoint, form) in [
        (&ada, "dashboard", vec![]),
        (&ada, "set", vec![("id", set.as_str())]),
        (&eve, "set", vec![("id", set.as_str())]),
        (&ada, "my_sets", vec![]),
        (&eve, "review_queue", vec![]),
    ] {
        assert_eq!(
            json(&source, client, endpoint, &form).await,
            json(&copy, client, endpoint, &form).await,
            "{endpoint}"
        );
    }

    // The copy takes new rows: its ids continue after the copied ones.
    let bob = browser();
    copy.sign_up(&bob, "bob", PASSWORD).await;
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM users ORDER BY id")
        .fetch_all(&copy.db().await)
        .await
        .expect("ids");
    assert_eq!(ids, [1, 2, 4], "zed's id stays unused");
    let attempt = submit_answer(&copy, &ada, Q, "Again, on PostgreSQL.", 30).await;
    assert!(attempt.parse::<i64>().expect("an id") > 1, "{attempt}");
}
