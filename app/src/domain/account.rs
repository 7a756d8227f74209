//! Account input: usernames and passwords, parsed once with the messages a person sees.
//!
//! Compiled for both targets, so the browser can explain a rule before the form is sent and
//! the server applies the same rule when it is. The common-password check needs the list
//! shipped in `app/data/`, which stays on the server (see `crate::common_passwords`).

use crate::domain::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A username as typed (its case is kept for display); two usernames that differ only in
/// case are the same account, see [`Username::key`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum UsernameError {
    #[error("Choose a username.")]
    Empty,
    #[error("A username needs at least {MIN} characters.", MIN = Username::MIN)]
    TooShort,
    #[error("A username can have at most {MAX} characters.", MAX = Username::MAX)]
    TooLong,
    #[error("A username cannot contain spaces or control characters.")]
    Whitespace,
    #[error("A username may contain only letters a–z, digits, “_”, “-” and “.”.")]
    InvalidCharacter,
}

impl Username {
    pub const MIN: usize = 3;
    pub const MAX: usize = 32;

    pub fn parse(value: &str) -> Result<Self, UsernameError> {
        if value.is_empty() {
            return Err(UsernameError::Empty);
        }
        if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(UsernameError::Whitespace);
        }
        if !value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        {
            return Err(UsernameError::InvalidCharacter);
        }
        // Only ASCII is left, so bytes are characters.
        match value.len() {
            n if n < Self::MIN => Err(UsernameError::TooShort),
            n if n > Self::MAX => Err(UsernameError::TooLong),
            _ => Ok(Self(value.to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form that decides uniqueness: `Ada` and `ada` are one account.
    pub fn key(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}

impl TryFrom<String> for Username {
    type Error = UsernameError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Username::parse(&value)
    }
}

impl From<Username> for String {
    fn from(name: Username) -> String {
        name.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The id of an account. Only the server mints one (from the session); a client that sends
/// an id is naming an object, and every per-user query checks it against the session's user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UserId(pub i64);

/// Who is signed in, as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInUser {
    pub username: String,
}

/// Everything stored about one account, as "download my data" gives it. Later features add
/// their rows here, so the export stays complete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountData {
    pub username: String,
    /// Unix seconds.
    pub created_at: Timestamp,
    pub password_changed_at: Timestamp,
    /// When each live session expires (the ids are secrets and are not exported).
    pub session_expiries: Vec<i64>,
    /// YYYY-MM-DD, if set.
    pub interview_on: Option<String>,
    /// An IANA name, if set.
    pub time_zone: Option<String>,
    /// Every attempt, oldest first.
    pub attempts: Vec<super::AttemptExport>,
    /// The scheduler's memory of each question practised.
    pub review_states: Vec<super::ReviewStateExport>,
    /// Practice sets: mine, the ones I joined, shared answers and peer reviews.
    pub practice_sets: super::sets::SetsExport,
    /// My stories: every version and every rehearsal.
    pub stories: Vec<super::stories::StoryExport>,
}

/// What the password hint says while a learner types: zxcvbn's score (0–4) and, when the
/// password would be refused, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordStrength {
    pub score: u8,
    pub problem: Option<PasswordError>,
}

/// What the server sends the password hint: the strength and its sentence. The sentence is
/// written here, so the browser needs no copy of the words or a decoder for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordHint {
    pub score: u8,
    pub problem: Option<PasswordError>,
    pub label: String,
}

impl From<PasswordStrength> for PasswordHint {
    fn from(strength: PasswordStrength) -> Self {
        let label = strength.label();
        Self {
            score: strength.score,
            problem: strength.problem,
            label,
        }
    }
}

impl PasswordStrength {
    /// One short sentence for the hint.
    pub fn label(&self) -> String {
        match &self.problem {
            Some(problem) => format!("Not accepted: {problem}"),
            None if self.score >= 4 => "Strong: hard to guess.".to_owned(),
            None => "Accepted. A longer passphrase would be stronger still.".to_owned(),
        }
    }
}

/// A password that meets the length rule. Deliberately neither `Serialize` nor `Display`,
/// and its `Debug` is redacted, so it cannot end up in a log or a response by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum PasswordError {
    #[error("Enter a password.")]
    Empty,
    #[error("Use at least {MIN} characters; {RECOMMENDED} or more is better.", MIN = Password::MIN, RECOMMENDED = Password::RECOMMENDED)]
    TooShort,
    #[error("Use at most {MAX} characters.", MAX = Password::MAX)]
    TooLong,
    #[error("This is one of the most common passwords, so it is easy to guess. Choose another.")]
    Common,
    /// Not on the list, but built the way guessers try first (a word with digits, a
    /// keyboard run, a date, the username).
    #[error(
        "This password would be easy to guess (a common word with digits, a keyboard pattern or your username). Try a few unrelated words."
    )]
    Guessable,
}

impl Password {
    pub const MIN: usize = 8;
    pub const RECOMMENDED: usize = 15;
    pub const MAX: usize = 128;

    /// Checks the length rule, counted in characters: spaces, accents and emoji all count
    /// as one and are all allowed.
    pub fn parse(value: &str) -> Result<Self, PasswordError> {
        match value.chars().count() {
            0 => Err(PasswordError::Empty),
            n if n < Self::MIN => Err(PasswordError::TooShort),
            n if n > Self::MAX => Err(PasswordError::TooLong),
            _ => Ok(Self(value.to_owned())),
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn usernames_follow_the_rules() {
        for ok in [
            "ada",
            "Ada.Lovelace",
            "a_b-c",
            "x".repeat(32).as_str(),
            "007",
        ] {
            assert!(Username::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(Username::parse(""), Err(UsernameError::Empty));
        assert_eq!(Username::parse("ab"), Err(UsernameError::TooShort));
        assert_eq!(
            Username::parse(&"x".repeat(33)),
            Err(UsernameError::TooLong)
        );
        assert_eq!(
            Username::parse("ada lovelace"),
            Err(UsernameError::Whitespace)
        );
        assert_eq!(Username::parse("ada\u{0}"), Err(UsernameError::Whitespace));
        assert_eq!(Username::parse("ada\u{7}x"), Err(UsernameError::Whitespace));
        assert_eq!(Username::parse("adä"), Err(UsernameError::InvalidCharacter));
        assert_eq!(
            Username::parse("ada@x"),
            Err(UsernameError::InvalidCharacter)
        );
        assert_eq!(
            Username::parse("аda"),
            Err(UsernameError::InvalidCharacter),
            "Cyrillic а"
        );
    }

    #[test]
    fn usernames_are_unique_regardless_of_case() {
        let a = Username::parse("Ada").expect("valid");
        let b = Username::parse("aDA").expect("valid");
        assert_eq!(a.key(), b.key());
        assert_eq!(a.as_str(), "Ada", "display keeps the case typed");
    }

    #[test]
    fn passwords_count_characters_not_bytes() {
        assert_eq!(Password::parse(""), Err(PasswordError::Empty));
        assert_eq!(Password::parse("1234567"), Err(PasswordError::TooShort));
        assert!(Password::parse("correct horse").is_ok(), "spaces are fine");
        assert!(
            Password::parse("🔑🔑🔑🔑🔑🔑🔑🔑").is_ok(),
            "8 emoji are 8 characters"
        );
        assert_eq!(
            Password::parse("🔑🔑🔑🔑🔑🔑🔑"),
            Err(PasswordError::TooShort)
        );
        assert!(Password::parse(&"é".repeat(128)).is_ok());
        assert_eq!(
            Password::parse(&"é".repeat(129)),
            Err(PasswordError::TooLong)
        );
    }

    #[test]
    fn passwords_never_show_in_debug_output() {
        let password = Password::parse("hunter2hunter2").expect("valid");
        assert!(!format!("{password:?}").contains("hunter2"));
    }

    #[test]
    fn messages_are_sentences_for_people() {
        assert_eq!(
            PasswordError::TooShort.to_string(),
            "Use at least 8 characters; 15 or more is better."
        );
        assert_eq!(
            UsernameError::TooShort.to_string(),
            "A username needs at least 3 characters."
        );
    }

    proptest! {
        #[test]
        fn parsing_never_panics(s in "\\PC{0,200}") {
            let _ = Username::parse(&s);
            let _ = Password::parse(&s);
        }

        #[test]
        fn valid_usernames_round_trip(s in "[A-Za-z0-9_.-]{3,32}") {
            let name = Username::parse(&s).expect("valid by construction");
            prop_assert_eq!(name.as_str(), s.as_str());
            prop_assert_eq!(name.key(), s.to_ascii_lowercase());
        }
    }
}
