//! Learner text bound for the two places where the rendering library writes text into the
//! page as it is: `<title>` (leptos_meta puts the formatted title between the tags verbatim)
//! and the children of `<textarea>` (tachys marks it a raw-text element and skips escaping).
//! Everywhere else tachys escapes text nodes and attribute values itself.
//!
//! On the server the text is escaped here, so `</title>` or `</textarea>` typed by a learner
//! stays text. In the browser the same text is set as a DOM text value, which needs no
//! escaping (escaping it there would show `&lt;` to the learner), so this is the identity.
//! Every use must go through [`for_raw_text_element`]; `server/tests/it/injection.rs` and the
//! browser test `hostile.spec.ts` feed markup to each place.

use std::borrow::Cow;

/// `text`, made safe to stand between the tags of `<title>` or `<textarea>` on the server.
pub fn for_raw_text_element(text: &str) -> Cow<'_, str> {
    #[cfg(feature = "ssr")]
    {
        escape(text)
    }
    #[cfg(not(feature = "ssr"))]
    {
        Cow::Borrowed(text)
    }
}

/// `&`, `<` and `>` as character references: within an element's content nothing else can
/// end the element or start markup.
#[cfg(feature = "ssr")]
pub(crate) fn escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            other => out.push(other),
        }
    }
    Cow::Owned(out)
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn markup_cannot_close_the_element() {
        assert_eq!(
            escape(r#"T</title><meta http-equiv="refresh" content="0">"#),
            r#"T&lt;/title&gt;&lt;meta http-equiv="refresh" content="0"&gt;"#
        );
        assert_eq!(
            escape("</textarea><script>x</script>"),
            "&lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(escape("&lt;"), "&amp;lt;", "a reference stays as typed");
    }

    #[test]
    fn plain_text_is_not_copied() {
        assert!(matches!(escape("Before Thursday"), Cow::Borrowed(_)));
    }
}
