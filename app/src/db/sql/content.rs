//! The SQL behind [`crate::db::content`], compiled once for each engine (see [`crate::db`]).

use super::Db;
use crate::content::Bank;
use crate::db::DbError;
use crate::db::questions::SyncReport;

pub async fn sync(db: &Db, bank: &Bank) -> Result<SyncReport, DbError> {
    let mut tx = db.writer().begin().await?;
    super::lock_content_sync(&mut tx).await?;
    let report = super::questions::store_bank(&mut tx, &bank.questions).await?;
    super::pages::store_pages(&mut tx, &bank.pages).await?;
    sqlx::query(
        "INSERT INTO content_version (id, version) VALUES (1, $1)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version",
    )
    .bind(&bank.version)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(report)
}

pub async fn version(db: &Db) -> Result<Option<String>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT version FROM content_version WHERE id = 1")
            .fetch_optional(db.reader())
            .await?,
    )
}
