//! The SQL behind [`crate::db::pages`], compiled once for each engine (see [`crate::db`]).

use super::Db;
use crate::content::PageDoc;
use crate::db::DbError;
use crate::domain::{PageSlug, StudyPage};

pub async fn sync_pages(db: &Db, pages: &[PageDoc]) -> Result<(), DbError> {
    let mut tx = db.writer().begin().await?;
    super::lock_content_sync(&mut tx).await?;
    sqlx::query("DELETE FROM pages").execute(&mut *tx).await?;
    for page in pages {
        sqlx::query("INSERT INTO pages (slug, title, body_html) VALUES ($1, $2, $3)")
            .bind(page.slug.as_str())
            .bind(&page.title)
            .bind(&page.body_html)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn find_page(db: &Db, slug: &PageSlug) -> Result<Option<StudyPage>, DbError> {
    Ok(
        sqlx::query_as("SELECT slug, title, body_html FROM pages WHERE slug = $1")
            .bind(slug)
            .fetch_optional(db.reader())
            .await?,
    )
}
