//! The SQL behind [`crate::db::pages`], compiled once for each engine (see [`crate::db`]).

use super::{DB, Db};
use crate::content::PageDoc;
use crate::db::DbError;
use crate::domain::{PageSlug, StudyPage};
use sqlx::Transaction;

/// Replaces the stored pages with `pages`, inside the content sync's transaction.
pub(super) async fn store_pages(
    tx: &mut Transaction<'_, DB>,
    pages: &[PageDoc],
) -> Result<(), DbError> {
    sqlx::query("DELETE FROM pages").execute(&mut **tx).await?;
    for page in pages {
        sqlx::query("INSERT INTO pages (slug, title, body_html) VALUES ($1, $2, $3)")
            .bind(page.slug.as_str())
            .bind(&page.title)
            .bind(&page.body_html)
            .execute(&mut **tx)
            .await?;
    }
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
