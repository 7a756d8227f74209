//! Accounts on the server: sign-up, sign-in, password changes and deletion, with their
//! throttling and session handling. Server functions in [`crate::api::account`] call these
//! after pulling the request's pieces out of context; no SQL here (see [`crate::db`]).

use crate::clock::Clock;
use crate::common_passwords;
use crate::db::{self, Db};
use crate::domain::Timestamp;
use crate::domain::{AccountData, Password, UserId, Username};
use crate::error::Context;
use crate::error::{AppError, FieldName, FieldProblem};
use crate::password_hashing::{HashError, Hasher};
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tower_sessions::Session;

/// Whether this request ends its session on purpose (sign-out, account deletion). The server
/// puts one on every request, and removes the session cookie only from the response of a
/// request that marked it.
///
/// Why: tower-sessions answers any request whose session id is no longer stored with a
/// removal cookie. A sign-in or a password change stores the session under a new id, so a
/// request already in flight with the old id (the password hint's check, fired as the form
/// is sent) would come back after the new cookie and delete it: the learner would be signed
/// out. An id that is not stored is worth nothing anyway; leaving its cookie alone is safe.
#[derive(Debug, Clone, Default)]
pub struct SessionEnding(Arc<AtomicBool>);

impl SessionEnding {
    pub fn mark(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_marked(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// At most `max` attempts per `window_secs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: u32,
    pub window_secs: u32,
}

impl std::str::FromStr for Limit {
    type Err = String;

    /// `"10/300"`: ten attempts per 300 seconds.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || format!("`{text}` is not a limit like `10/300` (attempts/seconds)");
        let (max, window) = text.trim().split_once('/').ok_or_else(err)?;
        let max: u32 = max.trim().parse().map_err(|_| err())?;
        let window_secs: u32 = window.trim().parse().map_err(|_| err())?;
        // Old counters are swept after a day, so a longer window would quietly reset daily.
        if max == 0 || window_secs == 0 || window_secs > 24 * 60 * 60 {
            return Err(format!(
                "`{text}` is not a limit like `10/300` (attempts/seconds, at most a day)"
            ));
        }
        Ok(Limit { max, window_secs })
    }
}

/// The throttling rules (ASVS 6.3.1: guessing is slowed without letting anyone lock a chosen
/// learner out). Usernames are public (set owners, peer tables), so a limit that counted
/// every try at an account name from anywhere would let anyone keep that learner out:
///
/// * every sign-in attempt counts against its address (an office behind one NAT still gets
///   ten a minute);
/// * a *failed* attempt counts against the pair of account and address: ten wrong passwords
///   from one address stop that address trying that account for a quarter of an hour, and
///   the learner signs in from their own address as usual;
/// * a failed attempt also counts against the account from anywhere, with a ceiling ten
///   times looser, which only a guesser spread over many addresses reaches.
///
/// A successful sign-in does not count: it is forgiven on the account-wide counter and
/// clears the pair's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthPolicy {
    pub sign_in_per_address: Limit,
    pub sign_in_failures_per_account_and_address: Limit,
    pub sign_in_failures_per_account: Limit,
    pub sign_up_per_address: Limit,
}

impl Default for AuthPolicy {
    fn default() -> Self {
        Self {
            sign_in_per_address: Limit {
                max: 10,
                window_secs: 60,
            },
            sign_in_failures_per_account_and_address: Limit {
                max: 10,
                window_secs: 15 * 60,
            },
            sign_in_failures_per_account: Limit {
                max: 100,
                window_secs: 60 * 60,
            },
            sign_up_per_address: Limit {
                max: 10,
                window_secs: 60 * 60,
            },
        }
    }
}

/// What the account server functions need from the server, provided as context.
#[derive(Clone)]
pub struct Accounts {
    pub hasher: Hasher,
    pub policy: AuthPolicy,
    /// The application's clock: throttle windows and account times follow it.
    pub clock: Clock,
}

/// The address a request came from, put on the request by the server (the socket's peer, or
/// a trusted proxy's header when configured).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

impl ClientAddress {
    /// The key that address throttles count under. One IPv6 subscriber gets a whole /64 and
    /// can pick any address in it, so IPv6 counts per /64; an IPv4 address written as IPv6
    /// (`::ffff:a.b.c.d`) counts as that IPv4 address.
    pub fn throttle_key(&self) -> String {
        match self.0.to_canonical() {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        }
    }
}

fn hash_error(err: HashError) -> AppError {
    AppError::internal("hashing a password", err)
}

fn session_error(err: tower_sessions::session::Error) -> AppError {
    AppError::internal("using the session", err)
}

/// Counts an attempt against `bucket`; over the limit, says how long to wait.
async fn throttle(db: &Db, now: Timestamp, bucket: &str, limit: Limit) -> Result<(), AppError> {
    let window = i64::from(limit.window_secs);
    let hits = db::throttle::hit(db, bucket, now, window)
        .await
        .context("counting an attempt")?;
    if hits.count > i64::from(limit.max) {
        let retry_after_secs = hits
            .window_started_at
            .plus_secs(window)
            .secs_since(now)
            .max(1);
        return Err(AppError::TooManyAttempts {
            retry_after_secs: u64::try_from(retry_after_secs).unwrap_or(1),
        });
    }
    Ok(())
}

/// The account part of a bucket's key: what was typed, valid or not, so the limit says
/// nothing about which accounts exist; bounded so a huge field cannot make a huge key.
/// Control characters are left out: no username holds one, and NUL cannot be stored.
fn account_key(typed_username: &str) -> String {
    typed_username
        .trim()
        .to_ascii_lowercase()
        .chars()
        .filter(|c| !c.is_control())
        .take(64)
        .collect()
}

/// Who a request is signed in as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub id: UserId,
    pub username: String,
}

/// The signed-in user of this session, if the account still exists.
pub async fn current_user(db: &Db, session: &Session) -> Result<Option<SignedIn>, AppError> {
    let Some(id) = session
        .get::<i64>(db::sessions::USER_ID_KEY)
        .await
        .map_err(session_error)?
    else {
        return Ok(None);
    };
    let user = UserId(id);
    let name = db::users::find_username(db, user)
        .await
        .context("loading the signed-in user")?;
    if name.is_some() {
        keep_alive(session).await?;
    }
    Ok(name.map(|username| SignedIn { id: user, username }))
}

/// tower-sessions extends an inactivity expiry only when it saves the session, and saves
/// only a changed session. Noting the day of the visit changes it at most once a day: the
/// session lives for the configured days after the last visit, at the cost of one write a day.
/// The day is the system clock's, like the expiry tower-sessions stamps from it: sessions live
/// in that clock, not the application's (see `clock`).
async fn keep_alive(session: &Session) -> Result<(), AppError> {
    const SEEN_DAY_KEY: &str = "seen_day";
    let today = Clock::system().now().utc_date().day_number();
    let seen = session
        .get::<i64>(SEEN_DAY_KEY)
        .await
        .map_err(session_error)?;
    if seen != Some(today) {
        session
            .insert(SEEN_DAY_KEY, today)
            .await
            .map_err(session_error)?;
    }
    Ok(())
}

/// Like [`current_user`], for actions that need someone signed in.
pub async fn require_user(db: &Db, session: &Session) -> Result<UserId, AppError> {
    current_user(db, session)
        .await?
        .map(|me| me.id)
        .ok_or(AppError::Unauthorized)
}

async fn start_session(session: &Session, user: UserId) -> Result<(), AppError> {
    // A new id at every sign-in, so an id planted before sign-in is worth nothing after it.
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(db::sessions::USER_ID_KEY, user.0)
        .await
        .map_err(session_error)?;
    keep_alive(session).await
}

/// A new password, judged also against the learner's own words (their username).
fn parse_new_password(field: FieldName, typed: &str, username: &str) -> Result<Password, AppError> {
    common_passwords::check(typed, &[username]).map_err(|err| AppError::field(field, err))
}

pub async fn sign_up(
    db: &Db,
    accounts: &Accounts,
    session: &Session,
    client: ClientAddress,
    username: &str,
    password: &str,
) -> Result<(), AppError> {
    let now = accounts.clock.now();
    throttle(
        db,
        now,
        &format!("sign-up:address:{}", client.throttle_key()),
        accounts.policy.sign_up_per_address,
    )
    .await?;
    let username =
        Username::parse(username).map_err(|err| AppError::field(FieldName::Username, err))?;
    let password = parse_new_password(FieldName::Password, password, username.as_str())?;
    let hash = accounts.hasher.hash(&password).await.map_err(hash_error)?;
    match db::users::insert_user(db, &username, &hash, now)
        .await
        .context("creating an account")?
    {
        db::users::Inserted::Created(user) => start_session(session, user).await,
        db::users::Inserted::UsernameTaken => Err(AppError::field(
            FieldName::Username,
            FieldProblem::UsernameTaken,
        )),
    }
}

pub async fn sign_in(
    db: &Db,
    accounts: &Accounts,
    session: &Session,
    client: ClientAddress,
    username: &str,
    password: &str,
) -> Result<(), AppError> {
    if username.trim().is_empty() {
        return Err(AppError::field(
            FieldName::Username,
            FieldProblem::UsernameMissing,
        ));
    }
    if password.is_empty() {
        return Err(AppError::field(
            FieldName::Password,
            FieldProblem::PasswordMissing,
        ));
    }
    let policy = accounts.policy;
    let now = accounts.clock.now();
    throttle(
        db,
        now,
        &format!("sign-in:address:{}", client.throttle_key()),
        policy.sign_in_per_address,
    )
    .await?;
    // Both failure counters are counted now, before the password is checked, so that
    // concurrent guesses cannot all pass a limit; a success gives its count back below.
    let account = account_key(username);
    let pair_bucket = format!(
        "sign-in:account-address:{account}:{}",
        client.throttle_key()
    );
    let account_bucket = format!("sign-in:account:{account}");
    throttle(
        db,
        now,
        &pair_bucket,
        policy.sign_in_failures_per_account_and_address,
    )
    .await?;
    throttle(
        db,
        now,
        &account_bucket,
        policy.sign_in_failures_per_account,
    )
    .await?;

    // A name that breaks the username rules names no account; it still costs one dummy
    // verification, like any unknown name.
    let credentials = match Username::parse(username.trim()) {
        Ok(name) => db::users::find_credentials(db, &name)
            .await
            .context("looking up an account")?,
        Err(_) => None,
    };
    let matched = accounts
        .hasher
        .verify(password, credentials.as_ref().map(|c| &c.hash))
        .await
        .map_err(hash_error)?;
    match credentials {
        Some(credentials) if matched => {
            db::throttle::reset(db, &pair_bucket)
                .await
                .context("resetting the sign-in counter")?;
            db::throttle::forgive(db, &account_bucket)
                .await
                .context("forgiving a sign-in")?;
            start_session(session, credentials.id).await
        }
        _ => Err(AppError::WrongCredentials),
    }
}

/// Hint requests a client address may make: one per 300 ms pause in typing is far below
/// this, a script hammering the estimator is not.
const HINT_LIMIT: Limit = Limit {
    max: 120,
    window_secs: 60,
};

/// The password hint: the password rule's verdict and score, judged also against the name
/// typed beside it or, on the password-change form, the signed-in learner's own name, so
/// the hint and the submit agree. Throttled per address and run off the async runtime.
pub async fn password_hint(
    db: &Db,
    accounts: &Accounts,
    session: &Session,
    client: ClientAddress,
    password: String,
    typed_username: Option<String>,
) -> Result<crate::domain::PasswordStrength, AppError> {
    let now = accounts.clock.now();
    throttle(
        db,
        now,
        &format!("hint:address:{}", client.throttle_key()),
        HINT_LIMIT,
    )
    .await?;
    let username = match typed_username.filter(|name| !name.trim().is_empty()) {
        Some(name) => Some(name.chars().take(64).collect::<String>()),
        None => current_user(db, session).await?.map(|me| me.username),
    };
    accounts
        .hasher
        .run_blocking(move || {
            let inputs: Vec<&str> = username.iter().map(String::as_str).collect();
            common_passwords::strength(&password, &inputs)
        })
        .await
        .map_err(hash_error)
}

pub async fn sign_out(session: &Session) -> Result<(), AppError> {
    // Deletes the stored session and clears the cookie: the old cookie is worth nothing.
    session.flush().await.map_err(session_error)
}

/// Checks `password` against the signed-in user's, counting the attempt like a sign-in so a
/// borrowed session cannot be used to guess it.
async fn confirm_password(
    db: &Db,
    accounts: &Accounts,
    user: UserId,
    field: FieldName,
    password: &str,
) -> Result<(), AppError> {
    if password.is_empty() {
        return Err(AppError::field(field, FieldProblem::CurrentPasswordMissing));
    }
    throttle(
        db,
        accounts.clock.now(),
        &format!("confirm:user:{}", user.0),
        accounts.policy.sign_in_failures_per_account_and_address,
    )
    .await?;
    let stored = db::users::find_password_hash(db, user)
        .await
        .context("loading a password hash")?;
    let matched = accounts
        .hasher
        .verify(password, stored.as_ref())
        .await
        .map_err(hash_error)?;
    if matched {
        Ok(())
    } else {
        Err(AppError::field(field, FieldProblem::NotCurrentPassword))
    }
}

pub async fn change_password(
    db: &Db,
    accounts: &Accounts,
    session: &Session,
    current: &str,
    new: &str,
) -> Result<(), AppError> {
    let now = accounts.clock.now();
    let SignedIn { id: user, username } = current_user(db, session)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let new = parse_new_password(FieldName::NewPassword, new, &username)?;
    confirm_password(db, accounts, user, FieldName::CurrentPassword, current).await?;
    let hash = accounts.hasher.hash(&new).await.map_err(hash_error)?;
    let keep = session.id().map(|id| id.to_string());
    db::users::change_password(db, user, &hash, keep.as_deref(), now)
        .await
        .context("changing a password")?;
    // This session stays signed in under a new id: whoever copied the old one (the reason
    // to change a password, often) holds nothing now. The store swaps the rows when the
    // response is sent.
    session.cycle_id().await.map_err(session_error)
}

pub async fn delete_account(
    db: &Db,
    accounts: &Accounts,
    session: &Session,
    password: &str,
) -> Result<(), AppError> {
    let user = require_user(db, session).await?;
    confirm_password(db, accounts, user, FieldName::Password, password).await?;
    db::users::delete_user(db, user)
        .await
        .context("deleting an account")?;
    sign_out(session).await
}

pub async fn export(db: &Db, user: UserId) -> Result<AccountData, AppError> {
    db::users::export(db, user)
        .await
        .context("exporting an account")?
        .ok_or(AppError::Unauthorized)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_parse_from_settings() {
        assert_eq!(
            "10/300".parse::<Limit>(),
            Ok(Limit {
                max: 10,
                window_secs: 300
            })
        );
        assert!("10".parse::<Limit>().is_err());
        assert!("0/60".parse::<Limit>().is_err());
        assert!("ten/60".parse::<Limit>().is_err());
        assert!("5/86400".parse::<Limit>().is_ok());
        assert!(
            "5/86401".parse::<Limit>().is_err(),
            "longer than the sweep keeps counters"
        );
    }

    #[test]
    fn ipv6_addresses_count_per_64_and_mapped_ipv4_as_ipv4() {
        let key = |text: &str| ClientAddress(text.parse().expect("an address")).throttle_key();
        assert_eq!(
            key("2001:db8:1:2:aaaa::1"),
            key("2001:db8:1:2:ffff:ffff:ffff:ffff")
        );
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("::ffff:192.0.2.7"), "192.0.2.7");
        assert_eq!(key("192.0.2.7"), "192.0.2.7");
    }

    #[test]
    fn the_account_key_ignores_case_and_size() {
        assert_eq!(account_key(" Ada "), account_key("ada"));
        assert!(account_key(&"x".repeat(10_000)).len() <= 64);
    }
}
