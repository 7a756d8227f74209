//! Start-up: content validation stops the server; a second start on the same database is
//! idempotent; the database file is created where the URL says.

use crate::common::{any_pool, build, content_dir, new_database, on_postgres, spawn_app};
use std::fs;

/// A content directory holding one question file, made from a seed question by `edit`.
fn content_with(name: &str, edit: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let content = tempfile::tempdir().expect("tempdir");
    let questions = content.path().join("questions");
    fs::create_dir(&questions).expect("mkdir");
    let seed = fs::read_to_string(content_dir().join("questions/03-cap-mysql-partition.md"))
        .expect("seed file");
    fs::write(questions.join(name), edit(seed)).expect("write");
    content
}

#[tokio::test]
async fn broken_content_stops_start_up_and_names_the_file() {
    let db_dir = tempfile::tempdir().expect("tempdir");
    let content = content_with("broken-level.md", |seed| {
        seed.replace("level = 1", "level = 12")
    });
    let message = build(&new_database(db_dir.path()).await, content.path())
        .await
        .err()
        .expect("start-up fails")
        .to_string();
    assert!(message.contains("broken-level.md:4"), "{message}");
    assert!(message.contains("unknown level 12"), "{message}");
}

#[tokio::test]
async fn a_missing_section_stops_start_up() {
    let db_dir = tempfile::tempdir().expect("tempdir");
    let content = content_with("no-answer.md", |seed| {
        seed.split("## Strong answer")
            .next()
            .unwrap_or_default()
            .to_owned()
    });
    let message = build(&new_database(db_dir.path()).await, content.path())
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
    let files = app::content::load(&content_dir())
        .expect("the shipped content")
        .questions
        .len();
    assert!(files >= 60, "{files}");
    let database = new_database(db_dir.path()).await;
    for _ in 0..2 {
        let app = build(&database, &content_dir()).await.expect("starts");
        let active = app::db::questions::count_active(app.db())
            .await
            .expect("count");
        assert_eq!(usize::try_from(active).ok(), Some(files));
        let listed = app::db::questions::list_questions(app.db(), None, None)
            .await
            .expect("list");
        assert_eq!(listed.len(), files);
        app.db().close().await;
    }
}

#[tokio::test]
async fn the_database_file_is_created() {
    if on_postgres() {
        return; // A PostgreSQL database is created by its administrator, not by Rehearse.
    }
    let app = spawn_app().await;
    assert!(app.dir.path().join("rehearse.db").is_file());
}

#[tokio::test]
async fn a_failed_migration_stops_start_up() {
    let db_dir = tempfile::tempdir().expect("tempdir");
    // A database that already has a `questions` table which no migration created.
    let mut database = new_database(db_dir.path()).await;
    if !on_postgres() {
        database.push_str("?mode=rwc");
    }
    let pool = any_pool(&database).await;
    sqlx::query("CREATE TABLE questions (id BIGINT PRIMARY KEY)")
        .execute(&pool)
        .await
        .expect("create");
    pool.close().await;

    let message = build(&database, &content_dir())
        .await
        .err()
        .expect("fails")
        .to_string();
    assert!(message.contains("migration failed"), "{message}");
}

/// The real binary: prints where its database is, serves, and exits cleanly on SIGTERM.
#[test]
fn the_binary_shuts_down_gracefully_on_sigterm() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let db_dir = tempfile::tempdir().expect("tempdir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_rehearse"))
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", db_dir.path().join("r.db").display()),
        )
        .env("REHEARSE_CONTENT_DIR", content_dir())
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut printed_database = false;
    let addr = loop {
        let line = lines
            .next()
            .expect("the server logs until it listens")
            .expect("utf-8");
        printed_database |= line.contains("database") && line.contains("r.db");
        if let Some(rest) = line.split("listening on http://").nth(1) {
            break rest.trim().to_owned();
        }
    };
    assert!(printed_database, "the database path is printed at start-up");
    let response = std::net::TcpStream::connect(&addr);
    assert!(response.is_ok(), "it accepts connections on {addr}");

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(exit) = child.try_wait().expect("wait") {
            break exit;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not stop within 10 s of SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "clean exit after SIGTERM: {exit}");
}

/// The real binary refuses to start on broken content and says why, on stderr.
#[test]
fn the_binary_reports_broken_content_and_exits_non_zero() {
    use std::process::Command;

    let db_dir = tempfile::tempdir().expect("tempdir");
    let content = tempfile::tempdir().expect("tempdir");
    fs::create_dir(content.path().join("questions")).expect("mkdir");
    fs::write(content.path().join("questions/bad.md"), "no front matter\n").expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_rehearse"))
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", db_dir.path().join("r.db").display()),
        )
        .env("REHEARSE_CONTENT_DIR", content.path())
        .env("RUST_LOG", "error")
        .output()
        .expect("the binary runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad.md:1: the file must begin with TOML front matter"),
        "{stderr}"
    );
}
