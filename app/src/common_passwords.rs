//! The most common passwords (server only): a password on this list is refused at sign-up
//! and at password change, whatever its length.
//!
//! The list is `app/data/common-passwords.txt`, one lowercase password a line, the 10 000
//! most used passwords from public breach corpora (see `common-passwords.LICENSE`). It is
//! compiled into the binary, so no request reads a file.

use crate::domain::{Password, PasswordError};
use std::collections::HashSet;
use std::sync::LazyLock;

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

/// The full password rule: length (as in the browser) and not a common password.
pub fn check(password: &str) -> Result<Password, PasswordError> {
    let password = Password::parse(password)?;
    if is_common(password.expose()) {
        return Err(PasswordError::Common);
    }
    Ok(password)
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
        for common in [
            "password", "12345678", "PassWord", "baseball", "football", "iloveyou",
        ] {
            if common.chars().count() >= Password::MIN {
                assert_eq!(check(common), Err(PasswordError::Common), "{common}");
            }
        }
        assert!(is_common("qwerty"));
    }

    #[test]
    fn accepts_uncommon_passwords() {
        assert!(check("correct horse battery staple").is_ok());
        assert!(check("Rehearse-the-CAP-answer-7").is_ok());
    }

    #[test]
    fn length_comes_first() {
        assert_eq!(check("1234"), Err(PasswordError::TooShort));
    }
}
