//! A set's members: who is in it, joining by a link, leaving, and the opt-in peer table.

use crate::db::{Db, DbError};
use crate::domain::sets::PeerCell;
use crate::domain::{SetId, ShareToken, Timestamp, UserId};

/// Whether `user` is a member of `set`, and whether they share their progress with it.
pub async fn membership(db: &Db, set: SetId, user: UserId) -> Result<Option<bool>, DbError> {
    on_engine!(db, sets::members::membership(set, user))
}

pub async fn member_count(db: &Db, set: SetId) -> Result<u32, DbError> {
    on_engine!(db, sets::members::member_count(set))
}

/// Adds `user` to the set a live share link names, and returns the set; `None` when no set
/// has that link. Looking the link up and joining are one transaction on the writer, so a
/// revoke that lands first wins. Joining twice changes nothing.
pub async fn join_by_token(
    db: &Db,
    token: &ShareToken,
    user: UserId,
    now: Timestamp,
) -> Result<Option<SetId>, DbError> {
    on_engine!(db, sets::members::join_by_token(token, user, now))
}

/// Takes `user` out of the set, with the answers and stories they shared with it (and so
/// the reviews of those).
pub async fn leave(db: &Db, set: SetId, user: UserId) -> Result<(), DbError> {
    on_engine!(db, sets::members::leave(set, user))
}

/// Opts a member in or out of sharing their progress with the set. `false` when `user` is
/// not a member.
pub async fn set_shares_progress(
    db: &Db,
    set: SetId,
    user: UserId,
    shares: bool,
) -> Result<bool, DbError> {
    on_engine!(db, sets::members::set_shares_progress(set, user, shares))
}

/// One row of the peer table.
pub struct MemberProgress {
    pub user: UserId,
    pub username: String,
    /// In the order of the set's questions.
    pub cells: Vec<PeerCell>,
}

/// The peer table: every member who opted in, with their record on each of the set's
/// questions (in the set's order). Members who did not opt in are not selected at all.
pub async fn peer_progress(db: &Db, set: SetId) -> Result<Vec<MemberProgress>, DbError> {
    on_engine!(db, sets::members::peer_progress(set))
}
