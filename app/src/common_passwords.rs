//! The password rule beyond length (server only): a new password must not be one that
//! guessers try first.
//!
//! Two checks, both case-insensitive:
//! * the 10 000 most used passwords from public breach corpora (`app/data/common-passwords.txt`,
//!   see `common-passwords.LICENSE`), compiled into the binary;
//! * zxcvbn (Dropbox's estimator): it matches the password against its own lists (some
//!   30 000 leaked passwords, English words, names and surnames, with l33t substitutions and
//!   reversals), keyboard runs, repeats, sequences, dates and the learner's own username, and
//!   estimates the guesses an attacker needs. A score under [`MIN_SCORE`] (fewer than about
//!   10^8 guesses) is refused: `password123`, `Password123!` and `iloveyou123` all are, while
//!   four unrelated words pass. This covers far more than any fixed list of its size, which
//!   is why it was chosen over a list of 100 000 entries: such a list refuses exactly its
//!   entries, zxcvbn refuses their variants too.
//!
//! [`strength`] gives the sign-up and password forms their hint as the learner types, from
//! the same rule, so the hint never says "strong" of a password the server then refuses.

use crate::domain::{Password, PasswordError, PasswordStrength};
use std::collections::HashSet;
use std::sync::LazyLock;

/// zxcvbn's scale is 0–4; 3 means "safely unguessable" online and slows an offline attack.
pub const MIN_SCORE: u8 = 3;

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../data/common-passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect()
});

/// True when `password`, ignoring case, is on the list.
pub fn is_common(password: &str) -> bool {
    COMMON.contains(password.to_lowercase().as_str())
}

/// zxcvbn's score (0–4) for `password`, knowing the learner's own words (the username).
fn score(password: &str, user_inputs: &[&str]) -> u8 {
    // zxcvbn's matching grows with length; the length rule caps a password at 128
    // characters, and the hint may be asked about anything, so only that much is scored.
    let scored: String = password.chars().take(Password::MAX).collect();
    if scored.is_empty() {
        return 0;
    }
    u8::from(zxcvbn::zxcvbn(&scored, user_inputs).score())
}

/// The full password rule: length (as in the browser), not a common password, and not
/// guessable by zxcvbn's estimate.
pub fn check(password: &str, user_inputs: &[&str]) -> Result<Password, PasswordError> {
    judge(password, user_inputs).0
}

/// What the form's hint says of `password` as it is typed: the same rule as [`check`], with
/// zxcvbn run once.
pub fn strength(password: &str, user_inputs: &[&str]) -> PasswordStrength {
    let (verdict, score) = judge(password, user_inputs);
    match verdict {
        Ok(_) => PasswordStrength {
            score,
            problem: None,
        },
        Err(problem) => PasswordStrength {
            score: score.min(MIN_SCORE - 1),
            problem: Some(problem),
        },
    }
}

/// The rule's verdict and zxcvbn's score (0 when the length rule already refused it).
fn judge(password: &str, user_inputs: &[&str]) -> (Result<Password, PasswordError>, u8) {
    let password = match Password::parse(password) {
        Ok(password) => password,
        Err(err) => return (Err(err), 0),
    };
    if is_common(password.expose()) {
        return (Err(PasswordError::Common), 0);
    }
    let score = score(password.expose(), user_inputs);
    if score < MIN_SCORE {
        return (Err(PasswordError::Guessable), score);
    }
    (Ok(password), score)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_loaded_in_full() {
        assert!(COMMON.len() >= 9_900, "{}", COMMON.len());
    }

    #[test]
    fn refuses_common_passwords_whatever_their_case() {
        for common in ["password", "12345678", "PassWord", "baseball", "football"] {
            assert_eq!(check(common, &[]), Err(PasswordError::Common), "{common}");
        }
        assert!(is_common("qwerty"));
    }

    #[test]
    fn refuses_guessable_variants_the_list_does_not_hold() {
        for guessable in [
            "password123",
            "Password123!",
            "iloveyou123",
            "P@ssw0rd2024",
            "qwertyuiop123",
            "Summer2026!",
            "abcdefgh1234",
        ] {
            assert!(
                matches!(
                    check(guessable, &[]),
                    Err(PasswordError::Guessable | PasswordError::Common)
                ),
                "{guessable}"
            );
        }
        assert_eq!(
            check("grace-hopper-1906", &["grace-hopper"]),
            Err(PasswordError::Guessable),
            "the username is a known word"
        );
    }

    #[test]
    fn accepts_uncommon_passwords() {
        for good in [
            "correct horse battery staple",
            "Rehearse-the-CAP-answer-7",
            "a long bench passphrase",
            "a brand new passphrase",
        ] {
            assert!(check(good, &[]).is_ok(), "{good}");
        }
    }

    #[test]
    fn length_comes_first() {
        assert_eq!(check("1234", &[]), Err(PasswordError::TooShort));
    }

    #[test]
    fn the_hint_agrees_with_the_rule() {
        let weak = strength("password123", &[]);
        assert!(weak.score < MIN_SCORE && weak.problem.is_some());
        let strong = strength("correct horse battery staple", &[]);
        assert!(strong.score >= MIN_SCORE && strong.problem.is_none());
        let long = "x".repeat(10_000);
        assert_eq!(strength(&long, &[]).problem, Some(PasswordError::TooLong));
    }
}
