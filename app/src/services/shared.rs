//! What every service may use, importing no other service: the learner's time zone, the rule
//! for a date set ahead, and random tokens. Kept here so that no two services import each other (practice and sets
//! once did, for exactly these).

use crate::db::Db;
use crate::domain::{Date, Timestamp, UserId};
use crate::error::{AppError, Context, FieldProblem};
use crate::time_zone::LearnerZone;

/// How far ahead a date may be set (an interview, a set's due date).
const LONGEST_LEAD_DAYS: i64 = 2 * 365;

/// A date a learner sets ahead of time: today or later where they are, and within two years.
/// `field` says which input a refusal belongs to.
pub async fn check_ahead(
    db: &Db,
    user: UserId,
    date: Date,
    now: Timestamp,
    field: impl Fn(FieldProblem) -> AppError,
) -> Result<(), AppError> {
    let today = learner_zone(db, user).await?.day(now);
    if date < today {
        return Err(field(FieldProblem::DateInThePast));
    }
    if today.days_until(date) > LONGEST_LEAD_DAYS {
        return Err(field(FieldProblem::DateTooFar));
    }
    Ok(())
}

/// The learner's time zone, or UTC while none is set.
pub async fn learner_zone(db: &Db, user: UserId) -> Result<LearnerZone, AppError> {
    let stored = crate::db::progress::time_zone(db, user)
        .await
        .context("loading the time zone")?;
    Ok(LearnerZone::from_setting(stored.as_deref()))
}

/// 128 bits from the operating system's generator, as 22 URL-safe characters: the answer
/// form's token and the share link's token are both drawn here.
pub fn random_128() -> Result<String, AppError> {
    use base64::Engine as _;
    let mut bytes = [0_u8; 16];
    getrandom::fill(&mut bytes).map_err(|err| {
        tracing::error!(error = %err, "the random source failed");
        AppError::Internal
    })?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// A form's token with a digest of what was posted in it, the key that makes a second post
/// of the same form and values find the first one's row.
pub fn form_key(token: &crate::domain::AttemptToken, posted: &[&str]) -> String {
    // FNV-1a, 64 bits: stable across builds and platforms, which a std hasher is not. It
    // only tells a learner's own resubmissions apart; it guards no secret.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (index, value) in posted.iter().enumerate() {
        let separator: &[u8] = if index == 0 { &[] } else { &[0] };
        for &byte in separator.iter().chain(value.as_bytes()) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{}.{hash:016x}", token.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    /// Every token is 128 fresh bits. 512 draws are 65 536 bits: the share of ones is 0.5
    /// with a standard deviation of 0.00195, and the bounds are 5 deviations, so a fair source
    /// fails about once in 3 million runs, while a source stuck on a pattern, a counter or a
    /// repeat fails every time.
    #[test]
    fn tokens_are_128_random_url_safe_bits() {
        const DRAWS: u32 = 512;
        let mut seen = std::collections::HashSet::new();
        let mut ones = 0_u32;
        for _ in 0..DRAWS {
            let token = random_128().expect("a token");
            assert_eq!(token.len(), 22, "{token}");
            let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(&token)
                .expect("URL-safe base64");
            assert_eq!(bytes.len(), 16);
            ones += bytes.iter().map(|b| b.count_ones()).sum::<u32>();
            assert!(seen.insert(token), "a token came up twice");
        }
        let share = f64::from(ones) / f64::from(DRAWS * 128);
        assert!((0.49..0.51).contains(&share), "{share}");
    }
}
