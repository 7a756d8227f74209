//! Password hashing (server only): argon2id with OWASP's parameters (m = 19 MiB, t = 2,
//! p = 1), off the async runtime, with a bound on how many hashes run at once.
//!
//! Each hash holds 19 MiB for tens of milliseconds; without the bound, a burst of sign-ins
//! would take memory without limit and starve the runtime's threads. Verification of an
//! unknown user runs against a dummy hash, so "no such user" costs the same time as "wrong
//! password" and the response time does not reveal who has an account.

use crate::domain::Password;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{
    PasswordHash as ParsedHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::fmt;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// A stored argon2 hash in PHC string form. Neither `Serialize` nor `Display`, and its
/// `Debug` is redacted: it leaves the server only as a database value.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    /// Wraps a value read back from the database.
    pub fn from_stored(phc: String) -> Self {
        Self(phc)
    }

    /// The value to store.
    pub fn as_stored(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(…)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("password hashing failed: {0}")]
    Argon2(String),
    #[error("the password hashing task stopped unexpectedly")]
    Task(#[from] tokio::task::JoinError),
    #[error("the password hasher is shutting down")]
    Closed,
}

/// Longest candidate worth hashing at sign-in; anything longer cannot match a stored
/// password (sign-up caps them at 128 characters, at most 512 bytes).
const MAX_CANDIDATE_BYTES: usize = 4 * Password::MAX;

/// Hashes and verifies passwords. Cheap to clone; clones share the bound.
#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    dummy: Arc<PasswordHash>,
}

fn argon2() -> Argon2<'static> {
    // The parameters are constants that argon2 accepts; `Params::DEFAULT` is the same
    // m = 19 MiB, t = 2, p = 1, so the fallback is not a weaker setting.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or(Params::DEFAULT);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_blocking(password: &[u8]) -> Result<PasswordHash, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password, &salt)
        .map(|hash| PasswordHash(hash.to_string()))
        .map_err(|e| HashError::Argon2(e.to_string()))
}

fn verify_blocking(candidate: &[u8], stored: &PasswordHash) -> Result<bool, HashError> {
    let parsed = ParsedHash::new(&stored.0).map_err(|e| HashError::Argon2(e.to_string()))?;
    Ok(argon2().verify_password(candidate, &parsed).is_ok())
}

impl Hasher {
    /// `max_concurrent` hashes run at once (each holds 19 MiB); others wait their turn.
    /// Computes the dummy hash, so call it once at start-up, off the request path.
    pub fn new(max_concurrent: usize) -> Result<Self, HashError> {
        Ok(Self {
            permits: Arc::new(Semaphore::new(max_concurrent.max(1))),
            dummy: Arc::new(hash_blocking(b"rehearse dummy password for unknown users")?),
        })
    }

    /// Runs other password work that can take a while (zxcvbn's estimate, for the hint) off
    /// the async runtime, sharing the hashes' permits, so a burst of it cannot stall the
    /// server.
    pub async fn run_blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| HashError::Closed)?;
        Ok(tokio::task::spawn_blocking(work).await?)
    }

    pub async fn hash(&self, password: &Password) -> Result<PasswordHash, HashError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| HashError::Closed)?;
        let password = password.expose().to_owned();
        tokio::task::spawn_blocking(move || hash_blocking(password.as_bytes())).await?
    }

    /// True when `candidate` matches `stored`. With no stored hash (unknown user) it checks
    /// against the dummy and answers false, taking the same time as a wrong password.
    pub async fn verify(
        &self,
        candidate: &str,
        stored: Option<&PasswordHash>,
    ) -> Result<bool, HashError> {
        let known = stored.is_some();
        let stored = stored.cloned().unwrap_or_else(|| (*self.dummy).clone());
        let mut candidate = candidate.as_bytes().to_vec();
        let too_long = candidate.len() > MAX_CANDIDATE_BYTES;
        candidate.truncate(MAX_CANDIDATE_BYTES);
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| HashError::Closed)?;
        let matched =
            tokio::task::spawn_blocking(move || verify_blocking(&candidate, &stored)).await??;
        Ok(known && matched && !too_long)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn password(text: &str) -> Password {
        Password::parse(text).expect("valid password")
    }

    #[tokio::test]
    async fn hashes_with_argon2id_and_the_owasp_parameters() {
        let hasher = Hasher::new(2).expect("hasher");
        let hash = hasher
            .hash(&password("correct horse battery"))
            .await
            .expect("hash");
        assert!(
            hash.as_stored()
                .starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{}",
            hash.as_stored()
        );
        assert!(!format!("{hash:?}").contains("argon2"), "redacted Debug");
    }

    #[tokio::test]
    async fn verifies_the_right_password_only() {
        let hasher = Hasher::new(2).expect("hasher");
        let hash = hasher
            .hash(&password("correct horse battery"))
            .await
            .expect("hash");
        assert!(
            hasher
                .verify("correct horse battery", Some(&hash))
                .await
                .expect("verify")
        );
        assert!(
            !hasher
                .verify("correct horse batter", Some(&hash))
                .await
                .expect("verify")
        );
        assert!(!hasher.verify("", Some(&hash)).await.expect("verify"));
    }

    #[tokio::test]
    async fn unknown_users_never_match_not_even_the_dummy_password() {
        let hasher = Hasher::new(1).expect("hasher");
        let dummy = "rehearse dummy password for unknown users";
        assert!(!hasher.verify(dummy, None).await.expect("verify"));
        assert!(
            !hasher
                .verify("anything at all", None)
                .await
                .expect("verify")
        );
    }

    #[tokio::test]
    async fn salts_differ_between_hashes_of_one_password() {
        let hasher = Hasher::new(2).expect("hasher");
        let a = hasher.hash(&password("same password")).await.expect("hash");
        let b = hasher.hash(&password("same password")).await.expect("hash");
        assert_ne!(a, b);
    }

    #[tokio::test]
    async fn an_over_long_candidate_never_matches() {
        let hasher = Hasher::new(1).expect("hasher");
        // 128 four-byte characters: exactly the most bytes a stored password can have.
        let stored = "🔑".repeat(Password::MAX);
        let hash = hasher.hash(&password(&stored)).await.expect("hash");
        assert!(hasher.verify(&stored, Some(&hash)).await.expect("verify"));
        // Cut to the same 512 bytes it would match, so only the length guard refuses it.
        let longer = format!("{stored}and more");
        assert!(!hasher.verify(&longer, Some(&hash)).await.expect("verify"));
    }

    #[tokio::test]
    async fn a_burst_completes_through_the_bound() {
        let hasher = Hasher::new(2).expect("hasher");
        let burst: Vec<_> = (0..6)
            .map(|i| {
                let hasher = hasher.clone();
                tokio::spawn(
                    async move { hasher.hash(&password(&format!("burst password {i}"))).await },
                )
            })
            .collect();
        for task in burst {
            assert!(task.await.expect("joined").is_ok());
        }
        assert_eq!(
            hasher.permits.available_permits(),
            2,
            "every permit returned"
        );
    }

    #[tokio::test]
    async fn a_corrupt_stored_hash_is_an_error_not_a_match() {
        let hasher = Hasher::new(1).expect("hasher");
        let corrupt = PasswordHash::from_stored("not a hash".into());
        assert!(
            hasher
                .verify("whatever password", Some(&corrupt))
                .await
                .is_err()
        );
    }
}
