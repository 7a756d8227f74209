//! Prose pages such as the study guide.

use crate::content::PageDoc;
use crate::db::{Db, DbError};
use crate::domain::{PageSlug, StudyPage};

/// Replaces the stored pages with `pages` in one transaction. Pages hold no learner data.
pub async fn sync_pages(db: &Db, pages: &[PageDoc]) -> Result<(), DbError> {
    on_engine!(db, pages::sync_pages(pages))
}

pub async fn find_page(db: &Db, slug: &PageSlug) -> Result<Option<StudyPage>, DbError> {
    on_engine!(db, pages::find_page(slug))
}
