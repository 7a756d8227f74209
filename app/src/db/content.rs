//! The content the database holds: the bank, the pages and their version, stored together.

use crate::content::Bank;
use crate::db::questions::SyncReport;
use crate::db::{Db, DbError};

/// Makes the stored bank and pages match `bank`, and records its version, in one
/// transaction: new and changed questions are written, questions no longer in `content/` are
/// retired (never deleted: attempts point at them), the pages are replaced. Running it twice
/// with the same content changes nothing the second time. Servers starting together sync
/// one after the other.
pub async fn sync(db: &Db, bank: &Bank) -> Result<SyncReport, DbError> {
    on_engine!(db, content::sync(bank))
}

/// The version of the content last synced ([`Bank::version`]); `None` before the first sync.
pub async fn version(db: &Db) -> Result<Option<String>, DbError> {
    on_engine!(db, content::version())
}
