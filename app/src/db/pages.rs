//! Prose pages such as the study guide.

use crate::db::{Db, DbError};
use crate::domain::{PageSlug, StudyPage};

pub async fn find_page(db: &Db, slug: &PageSlug) -> Result<Option<StudyPage>, DbError> {
    on_engine!(db, pages::find_page(slug))
}
