//! Where to send a learner after signing in or up: back to the page that invited them. Only
//! a path on this site is accepted, so a crafted link cannot turn sign-in into a redirect to
//! someone else's site.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnPath(String);

impl ReturnPath {
    const MAX: usize = 512;

    /// A local path such as `/questions/cap-mysql-partition?attempt=3`, or `None`.
    ///
    /// Refused: anything not starting with a single `/` (`//host` and `/\host` are read by
    /// browsers as another host), backslashes, control characters and over-long values.
    pub fn parse(raw: &str) -> Option<Self> {
        let ok = raw.len() <= Self::MAX
            && raw.starts_with('/')
            && !raw.starts_with("//")
            && !raw.contains('\\')
            && !raw.chars().any(char::is_control);
        ok.then(|| Self(raw.to_owned()))
    }

    /// The parsed path, or the bank when there is none or it was refused.
    pub fn or_home(raw: Option<&str>) -> String {
        raw.and_then(Self::parse)
            .map_or_else(|| "/".to_owned(), |path| path.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `page` with this path as its `next` query value, e.g. `/sign-in?next=%2Freview`.
    pub fn link(page: &str, next: Option<&ReturnPath>) -> String {
        let Some(next) = next else {
            return page.to_owned();
        };
        let mut encoded = String::with_capacity(next.0.len() * 3);
        for byte in next.0.bytes() {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~' | b'/') {
                encoded.push(char::from(byte));
            } else {
                encoded.push_str(&format!("%{byte:02X}"));
            }
        }
        format!("{page}?next={encoded}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_returned_to() {
        for good in ["/", "/questions/cap-mysql-partition", "/review?x=1#top"] {
            assert_eq!(ReturnPath::parse(good).map(|p| p.0), Some(good.to_owned()));
        }
        for bad in [
            "",
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "javascript:alert(1)",
            "questions/x",
            "/a\nLocation: https://evil.example",
            "/a\tb",
        ] {
            assert_eq!(ReturnPath::parse(bad), None, "{bad:?}");
        }
        assert_eq!(ReturnPath::parse(&format!("/{}", "a".repeat(600))), None);
        assert_eq!(ReturnPath::or_home(Some("//evil.example")), "/");
        assert_eq!(ReturnPath::or_home(None), "/");
        assert_eq!(ReturnPath::or_home(Some("/review")), "/review");
    }

    #[test]
    fn links_carry_the_path_encoded() {
        let next = ReturnPath::parse("/questions/a-b?attempt=3&graded=1#saved");
        assert_eq!(
            ReturnPath::link("/sign-in", next.as_ref()),
            "/sign-in?next=/questions/a-b%3Fattempt%3D3%26graded%3D1%23saved"
        );
        assert_eq!(ReturnPath::link("/sign-in", None), "/sign-in");
    }
}
