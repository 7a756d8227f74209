//! Everything about sets that belongs to one learner, for "download my data": a fixed number
//! of queries, however many sets and reviews there are.

use crate::db::{Db, DbError};
use crate::domain::UserId;
use crate::domain::sets::SetsExport;

/// Everything about sets that belongs to `user`, for "download my data".
pub async fn export(db: &Db, user: UserId) -> Result<SetsExport, DbError> {
    on_engine!(db, sets::export::export(user))
}
