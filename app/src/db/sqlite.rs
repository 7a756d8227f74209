//! SQLite, the embedded default: one file, two pools.
//!
//! A single-connection writer, so writes queue in the pool instead of failing with
//! `SQLITE_BUSY`, and a small reader pool that WAL lets run beside it. The statements of
//! `sql/` compiled for SQLite, and SQLite's own full-text search ([`search`]).

use super::{DbError, Pools};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

pub type DB = sqlx::Sqlite;
pub type Db = Pools<DB>;

#[path = "sql/content.rs"]
pub mod content;
#[path = "sql/pages.rs"]
pub mod pages;
#[path = "sql/practice.rs"]
pub mod practice;
#[path = "sql/progress.rs"]
pub mod progress;
#[path = "sql/question_index.rs"]
mod question_index;
#[path = "sql/questions.rs"]
pub mod questions;
pub mod search;
#[path = "sql/sessions.rs"]
pub mod sessions;
#[path = "sql/sets.rs"]
pub mod sets;
#[path = "sql/stories.rs"]
pub mod stories;
#[path = "sql/throttle.rs"]
pub mod throttle;
#[path = "sql/users.rs"]
pub mod users;

/// Opens (creating if needed) the SQLite database at `url`, e.g. `sqlite://data/rehearse.db`.
pub async fn connect(url: &str) -> Result<Db, DbError> {
    let bad_url = |reason: &str| DbError::Url {
        url: url.to_owned(),
        reason: reason.to_owned(),
    };
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| bad_url(&e.to_string()))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // A rating the learner saw acknowledged must survive a power cut.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let path = options.get_filename().to_owned();
    if url.contains(":memory:") || url.contains("mode=memory") {
        return Err(bad_url(
            "an in-memory database cannot be shared by the reader and writer pools; use a file",
        ));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| DbError::Directory {
            dir: dir.to_owned(),
            source,
        })?;
    }
    let open = |source| DbError::Open {
        place: path.display().to_string(),
        source,
    };
    let writer = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options.clone())
        .await
        .map_err(open)?;
    let reader = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options.read_only(true))
        .await
        .map_err(open)?;
    Ok(Pools { reader, writer })
}

/// A row lock clause (`FOR UPDATE OF s`) where the engine takes row locks. SQLite has none
/// and needs none: its single writer connection runs one write transaction at a time, so a
/// check and the write that depends on it are never interleaved with another write.
pub const fn row_lock(_clause: &'static str) -> &'static str {
    ""
}

/// A read-only transaction on a reader: one snapshot for all its statements (SQLite's WAL
/// gives every read transaction one).
pub async fn begin_read(db: &Db) -> Result<sqlx::Transaction<'static, DB>, DbError> {
    Ok(db.reader().begin().await?)
}

/// Makes servers starting together sync the content one after the other: on SQLite the
/// single writer connection already does, so there is nothing to take.
pub async fn lock_content_sync(_tx: &mut sqlx::Transaction<'_, DB>) -> Result<(), DbError> {
    Ok(())
}

/// Applies the migrations embedded from `migrations/sqlite/`.
pub async fn migrate(db: &Db) -> Result<(), DbError> {
    sqlx::migrate!("../migrations/sqlite")
        .run(db.writer())
        .await?;
    Ok(())
}

/// The file behind this database, made absolute when it exists.
pub fn place(db: &Db) -> String {
    let path = db.writer().connect_options().get_filename().to_owned();
    std::fs::canonicalize(&path)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    //! SQLite's own settings, and migrations applied to databases that already held rows.
    use super::*;

    use crate::db::search::{Window, search_answers};
    use crate::domain::search::SearchWords;
    use crate::domain::{AttemptId, UserId};
    use sqlx::Row;
    use std::path::Path;

    const PROGRESS_MIGRATION: &str = "20261128000003_progress.sql";
    const LEARNER_SEARCH_MIGRATION: &str = "20261204000005";

    #[tokio::test]
    async fn connections_use_the_durable_settings() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!(
            "sqlite://{}",
            dir.path().join("nested/dir/rehearse.db").display()
        );
        let db = connect(&url)
            .await
            .expect("connect creates the directory and the file");
        assert!(dir.path().join("nested/dir/rehearse.db").is_file());
        for pool in [db.writer(), db.reader()] {
            for (pragma, expected) in [
                ("journal_mode", "wal"),
                ("synchronous", "2"), // FULL
                ("foreign_keys", "1"),
                ("busy_timeout", "5000"),
            ] {
                let row = sqlx::query(&format!("PRAGMA {pragma}"))
                    .fetch_one(pool)
                    .await
                    .expect("pragma");
                let value: String = match row.try_get::<String, _>(0) {
                    Ok(text) => text,
                    Err(_) => row.try_get::<i64, _>(0).expect("number").to_string(),
                };
                assert_eq!(value, expected, "PRAGMA {pragma}");
            }
        }
    }

    #[tokio::test]
    async fn the_reader_cannot_write() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = connect(&format!("sqlite://{}", dir.path().join("r.db").display()))
            .await
            .expect("connect");
        migrate(&db).await.expect("migrate");
        let write =
            sqlx::query("INSERT INTO pages (slug, title, body_html) VALUES ('a', 'b', 'c')")
                .execute(db.reader())
                .await;
        assert!(
            write.is_err(),
            "writes go through the single writer connection"
        );
    }

    #[tokio::test]
    async fn the_backfill_builds_the_roll_ups_from_the_attempts_already_stored() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("old.db").display());
        let db = connect(&url).await.expect("connect");

        // The schema as it was before the progress migration.
        let migrations = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations/sqlite");
        let earlier = dir.path().join("earlier");
        std::fs::create_dir(&earlier).expect("mkdir");
        for entry in std::fs::read_dir(&migrations).expect("migrations") {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if name < PROGRESS_MIGRATION {
                std::fs::copy(&path, earlier.join(name)).expect("copy");
            }
        }
        sqlx::migrate::Migrator::new(earlier.as_path())
            .await
            .expect("earlier migrations")
            .run(db.writer())
            .await
            .expect("run earlier");

        let w = db.writer();
        for sql in [
            "INSERT INTO users (id, username, username_key, password_hash, created_at, password_changed_at) VALUES (7, 'ada', 'ada', 'x', 0, 0)",
            "INSERT INTO questions (slug, title, level, position, prompt_html, answer_html) VALUES ('q', 'Q', 1, 1, '', '')",
            // Day 10 (UTC): two answers, graded Good then Again; day 12: one, graded Easy;
            // day 13: one ungraded. Durations 60, 30, 90, 15 seconds.
            "INSERT INTO attempts (user_id, question_slug, client_token, answer_md, skipped, timed, started_at, submitted_at, duration_secs, rating, graded_at)
             VALUES (7, 'q', 'a', 'x', 0, 0, 864000, 864060, 60, 3, 864100),
                    (7, 'q', 'b', 'x', 0, 0, 870000, 870030, 30, 1, 870040),
                    (7, 'q', 'c', 'x', 0, 0, 1036800, 1036890, 90, 4, 1036900),
                    (7, 'q', 'd', 'x', 0, 0, 1123200, 1123215, 15, NULL, NULL)",
        ] {
            sqlx::query(sql).execute(w).await.expect(sql);
        }
        let before: Vec<(i64, Option<i64>)> =
            sqlx::query_as("SELECT id, rating FROM attempts ORDER BY id")
                .fetch_all(w)
                .await
                .expect("attempts");

        migrate(&db).await.expect("the progress migration");

        let days = progress::days(&db, UserId(7)).await.expect("days");
        let view: Vec<(i64, i64, i64, [i64; 4])> = days
            .iter()
            .map(|d| {
                (
                    d.day,
                    d.attempts,
                    d.seconds,
                    [d.again, d.hard, d.good, d.easy],
                )
            })
            .collect();
        assert_eq!(
            view,
            [
                (10, 2, 90, [1, 0, 1, 0]),
                (12, 1, 90, [0, 0, 0, 1]),
                (13, 1, 15, [0, 0, 0, 0]),
            ]
        );
        let rows = progress::questions(&db, UserId(7))
            .await
            .expect("questions");
        assert_eq!(rows.len(), 1);
        let q = &rows[0];
        assert_eq!(q.attempts, 4);
        assert_eq!(q.last_rating, Some(4), "the last grade");
        // Good → Again is a lapse after a confident grade; Again → Easy is not.
        assert_eq!((q.confident_followed, q.again_after_confident), (1, 1));
        let after: Vec<(i64, Option<i64>)> =
            sqlx::query_as("SELECT id, rating FROM attempts ORDER BY id")
                .fetch_all(db.reader())
                .await
                .expect("attempts");
        assert_eq!(before, after, "the attempts themselves are untouched");
    }

    #[tokio::test]
    async fn answers_stored_before_the_index_existed_are_found_after_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("old.db").display());
        let db = crate::db::Db::connect(&url).await.expect("connect");
        // The schema as it was before the learner-search migration.
        let migrations = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations/sqlite");
        let earlier = dir.path().join("earlier");
        std::fs::create_dir(&earlier).expect("mkdir");
        for entry in std::fs::read_dir(&migrations).expect("migrations") {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if name < LEARNER_SEARCH_MIGRATION {
                std::fs::copy(&path, earlier.join(name)).expect("copy");
            }
        }
        sqlx::migrate::Migrator::new(earlier.as_path())
            .await
            .expect("earlier migrations")
            .run(db.sqlite_pools().writer())
            .await
            .expect("run earlier");
        for sql in [
            "INSERT INTO users (id, username, username_key, password_hash, created_at, password_changed_at)
             VALUES (7, 'ada', 'ada', 'x', 0, 0), (8, 'eve', 'eve', 'x', 0, 0)",
            "INSERT INTO questions (slug, title, level, position, prompt_html, answer_html)
             VALUES ('q', 'Q', 1, 1, '', '')",
            "INSERT INTO attempts (user_id, question_slug, client_token, answer_md, skipped, timed,
                                   started_at, submitted_at, duration_secs)
             VALUES (7, 'q', 'a', 'Hinted handoff keeps writes during a partition.', 0, 0, 1, 2, 1),
                    (8, 'q', 'b', 'Hinted handoff, said by someone else.', 0, 0, 1, 2, 1)",
        ] {
            sqlx::query(sql).execute(db.sqlite_pools().writer()).await.expect(sql);
        }
        let before: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, answer_md FROM attempts ORDER BY id")
                .fetch_all(db.sqlite_pools().reader())
                .await
                .expect("attempts");

        db.migrate().await.expect("the learner-search migration");

        let words = SearchWords::parse("handoff").expect("words");
        let (found, total, _) =
            search_answers(&db, UserId(7), &words, None, None, Window::page(1, 10))
                .await
                .expect("search");
        assert_eq!(total, 1, "only the learner's own");
        assert_eq!(found[0].id, AttemptId(1));
        let after: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, answer_md FROM attempts ORDER BY id")
                .fetch_all(db.sqlite_pools().reader())
                .await
                .expect("attempts");
        assert_eq!(before, after, "the answers themselves are untouched");
    }

    /// Landed migrations are never edited: sqlx compares each applied migration's checksum
    /// with the embedded one and refuses to start when they differ. (Moving them into
    /// `migrations/sqlite/` changed no byte.) A schema change is a new migration.
    #[test]
    fn landed_migrations_keep_their_checksums() {
        let landed = [
            (20261127000001, "8f897f2782d763d3"),
            (20261128000001, "1f2f54305215ba78"),
            (20261128000002, "a991197fc857ab0a"),
            (20261128000003, "8e9237ec00483c1d"),
            (20261128000004, "f98c4a008a852847"),
            (20261128000005, "899a1b8fe87d7811"),
            (20261204000001, "811f27ddcacb897c"),
            (20261204000002, "80b60565227bb1cc"),
            (20261204000003, "0f408e9d8928d175"),
            (20261204000004, "50588e4fb33ecac8"),
            (20261204000005, "85467a8c3e03e406"),
            (20261204000006, "f0815db08cf81280"),
        ];
        let migrator = sqlx::migrate!("../migrations/sqlite");
        for (version, expected) in landed {
            let migration = migrator
                .iter()
                .find(|m| m.version == version)
                .unwrap_or_else(|| panic!("migration {version} is gone"));
            let prefix: String = migration.checksum[..8]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(prefix, expected, "migration {version} was edited");
        }
    }
}
