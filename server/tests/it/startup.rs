//! Start-up: content validation stops the server; a second start on the same database is
//! idempotent; the database file is created where the URL says.

use crate::common::{build, content_dir, spawn_app};
use std::fs;

#[tokio::test]
async fn broken_content_stops_start_up_and_names_the_file() {
    let db_dir = tempfile::tempdir().expect("tempdir");
    let content = tempfile::tempdir().expect("tempdir");
    let questions = content.path().join("questions");
    fs::create_dir(&questions).expect("mkdir");
    let good = fs::read_to_string(content_dir().join("questions/03-cap-mysql-partition.md"))
        .expect("seed file");
    fs::write(
        questions.join("broken-level.md"),
        good.replace("level = 1", "level = 12"),
    )
    .expect("write");

    let err = build(db_dir.path(), content.path())
        .await
        .err()
        .expect("start-up fails");
    let message = err.to_string();
    assert!(message.contains("broken-level.md:4"), "{message}");
    assert!(message.contains("unknown level 12"), "{message}");
}

#[tokio::test]
async fn a_missing_section_stops_start_up() {
    let db_dir = tempfile::tempdir().expect("tempdir");
    let content = tempfile::tempdir().expect("tempdir");
    let questions = content.path().join("questions");
    fs::create_dir(&questions).expect("mkdir");
    let good = fs::read_to_string(content_dir().join("questions/03-cap-mysql-partition.md"))
        .expect("seed file");
    let cut = good
        .split("## Strong answer")
        .next()
        .expect("prefix")
        .to_owned();
    fs::write(questions.join("no-answer.md"), cut).expect("write");

    let message = build(db_dir.path(), content.path())
        .await
        .err()
        .expect("fails")
        .to_string();
    assert!(
        message.contains("no-answer.md") && message.contains("missing section `## Strong answer`"),
        "{message}"
    );
}

#[tokio::test]
async fn starting_twice_on_the_same_database_is_idempotent() {
    let db_dir = tempfile::tempdir().expect("tempdir");
    for _ in 0..2 {
        let app = build(db_dir.path(), &content_dir()).await.expect("starts");
        assert_eq!(
            app::db::questions::count_active(app.db())
                .await
                .expect("count"),
            9
        );
        let listed = app::db::questions::list_questions(app.db(), None, None)
            .await
            .expect("list");
        assert_eq!(listed.len(), 9);
        app.db().close().await;
    }
}

#[tokio::test]
async fn the_database_file_and_its_directory_are_created() {
    let app = spawn_app().await;
    assert!(app.dir.path().join("rehearse.db").is_file());
}
