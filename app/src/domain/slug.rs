//! Slugs: the stable identity of questions and pages. Attempts and shared sets will refer to
//! questions by slug, so a slug never derives from a title that an editor may reword.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    #[error("the slug is empty")]
    Empty,
    #[error("the slug is longer than {MAX_LEN} characters")]
    TooLong,
    #[error(
        "the slug `{0}` may hold only lowercase letters, digits and single hyphens between words"
    )]
    InvalidCharacters(String),
}

/// The longest slug accepted.
pub const MAX_LEN: usize = 80;

/// The rule every slug follows: kebab-case ASCII words, so it is safe in a URL path as is.
fn validate(value: &str) -> Result<(), SlugError> {
    if value.is_empty() {
        return Err(SlugError::Empty);
    }
    if value.len() > MAX_LEN {
        return Err(SlugError::TooLong);
    }
    let words_ok = value.split('-').all(|word| {
        !word.is_empty()
            && word
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    });
    if words_ok {
        Ok(())
    } else {
        Err(SlugError::InvalidCharacters(value.to_owned()))
    }
}

/// Declares a slug newtype: validated on construction and on deserialisation. Two types, not
/// one, so a page slug can never be passed where a question is meant.
macro_rules! slug_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn parse(value: &str) -> Result<Self, SlugError> {
                validate(value).map(|()| Self(value.to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The path of the page this slug names.
            pub fn href(&self) -> String {
                format!("{}{}", $prefix, self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = SlugError;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                validate(&value).map(|()| Self(value))
            }
        }

        impl From<$name> for String {
            fn from(slug: $name) -> String {
                slug.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

slug_type!(
    /// A question's permanent identity; its page is `/questions/<slug>`.
    QuestionSlug,
    "/questions/"
);

slug_type!(
    /// A prose page's identity; its page is `/<slug>`.
    PageSlug,
    "/"
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_kebab_case() {
        assert!(QuestionSlug::parse("cap-in-practice").is_ok());
        assert!(QuestionSlug::parse("q1").is_ok());
    }

    #[test]
    fn rejects_everything_else() {
        for bad in [
            "", "Cap", "cap--x", "-cap", "cap-", "cap in", "cap_x", "é", "../etc",
        ] {
            assert!(QuestionSlug::parse(bad).is_err(), "{bad:?} was accepted");
        }
        assert_eq!(
            QuestionSlug::parse(&"a".repeat(81)),
            Err(SlugError::TooLong)
        );
    }

    proptest! {
        #[test]
        fn valid_slugs_survive_a_round_trip(s in "[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,4}") {
            let slug = QuestionSlug::parse(&s).expect("generated slug is valid");
            prop_assert_eq!(slug.as_str(), s.as_str());
            prop_assert_eq!(slug.href(), format!("/questions/{s}"));
            let page = PageSlug::parse(&s).expect("the same rule");
            prop_assert_eq!(page.href(), format!("/{s}"));
        }

        #[test]
        fn parse_never_panics(s in ".{0,100}") {
            let _ = QuestionSlug::parse(&s);
        }
    }
}
