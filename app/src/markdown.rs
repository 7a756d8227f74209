//! The one place Markdown becomes HTML (server only).
//!
//! comrak renders in safe mode (raw HTML is dropped, `javascript:` and similar URLs are
//! emptied), then ammonia sanitises the result against an allow-list. Two layers, because a
//! renderer's safe mode is a convenience while a sanitiser is a security boundary. Content
//! authors today, learners' answers later: both go through [`render`].

use comrak::{Options, markdown_to_html};
use std::sync::LazyLock;

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["http", "https", "mailto"].into_iter().collect());
    builder
});

fn options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.strikethrough = true;
    options.extension.table = true;
    options.extension.autolink = true;
    options.render.r#unsafe = false;
    options
}

/// Renders Markdown to sanitised HTML.
pub fn render(markdown: &str) -> String {
    sanitize(&markdown_to_html(markdown, &options()))
}

/// The second layer on its own, so its tests do not depend on what comrak already removed.
fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::{render, sanitize};

    /// Exact output for representative input: a change in either library shows up here.
    #[test]
    fn snapshot_of_a_typical_answer() {
        let md = "**Scenario A: Asynchronous replication (AP choice)**\n- Primary continues\n- Replica serves *stale* reads\n\n```bash\n$ ping node3.internal\n```\n\n---\n";
        assert_eq!(
            render(md),
            "<p><strong>Scenario A: Asynchronous replication (AP choice)</strong></p>\n<ul>\n<li>Primary continues</li>\n<li>Replica serves <em>stale</em> reads</li>\n</ul>\n<pre><code>$ ping node3.internal\n</code></pre>\n<hr>\n"
        );
    }

    #[test]
    fn snapshot_of_hostile_input() {
        let md = "Hi <script>alert(1)</script> [x](javascript:alert(1))";
        assert_eq!(
            render(md),
            "<p>Hi alert(1) <a href=\"\" rel=\"noopener noreferrer nofollow\">x</a></p>\n"
        );
    }

    #[test]
    fn the_sanitiser_alone_removes_what_a_renderer_might_let_through() {
        for (html, forbidden) in [
            ("<iframe src=\"https://evil.example\"></iframe>", "<iframe"),
            ("<style>body{display:none}</style>", "<style"),
            ("<img src=\"javascript:alert(1)\">", "javascript:"),
            ("<a href=\"jav&#x61;script:alert(1)\">x</a>", "script:"),
            ("<a href=\"data:text/html,<script>\">x</a>", "data:"),
            ("<p onmouseover=\"alert(1)\">x</p>", "onmouseover"),
            ("<svg><script>alert(1)</script></svg>", "<script"),
            (
                "<form action=\"https://evil.example\"><input></form>",
                "<form",
            ),
        ] {
            let clean = sanitize(html).to_lowercase();
            assert!(!clean.contains(forbidden), "{html} → {clean}");
        }
    }

    #[test]
    fn renders_code_blocks_lists_and_emphasis() {
        let html = render(
            "**Bold** and *soft*\n\n- one\n- two\n\n```bash\n$ etcdctl member list\n# 5 nodes\n```\n",
        );
        assert!(html.contains("<strong>Bold</strong>"), "{html}");
        assert!(html.contains("<em>soft</em>"), "{html}");
        assert!(html.contains("<li>one</li>"), "{html}");
        assert!(
            html.contains("<pre><code>$ etcdctl member list\n# 5 nodes\n</code></pre>"),
            "{html}"
        );
    }

    #[test]
    fn escapes_code_content() {
        let html = render("```python\nif a < b and c > d:\n    return \"x\"\n```\n");
        assert!(html.contains("if a &lt; b and c &gt; d:"), "{html}");
    }

    #[test]
    fn drops_script_tags() {
        let html = render("Hello <script>alert(1)</script>\n\n<script>\nalert(2)\n</script>\n");
        assert!(!html.to_lowercase().contains("<script"), "{html}");
        assert!(!html.contains("alert(2)"), "{html}");
    }

    #[test]
    fn drops_event_handlers() {
        let html = render("<img src=x onerror=alert(1)>\n\n<a href=\"#\" onclick=\"x()\">a</a>");
        assert!(
            !html.contains("onerror") && !html.contains("onclick"),
            "{html}"
        );
    }

    #[test]
    fn drops_javascript_links() {
        for md in [
            "[click](javascript:alert(1))",
            "[click](JAVASCRIPT:alert(1))",
            "[click](  javascript:alert(1))",
            "<javascript:alert(1)>",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
        ] {
            let html = render(md).to_lowercase();
            // The text may still read "javascript:…"; what matters is that no URL carries it.
            assert!(!html.contains("href=\"javascript"), "{md} → {html}");
            assert!(!html.contains("href=\"data:"), "{md} → {html}");
            assert!(!html.contains("href=\" javascript"), "{md} → {html}");
        }
    }

    #[test]
    fn keeps_ordinary_links_safe() {
        let html = render("[docs](https://example.org/a)");
        assert!(html.contains("href=\"https://example.org/a\""), "{html}");
        assert!(
            html.contains("rel=\"noopener noreferrer nofollow\""),
            "{html}"
        );
    }
}
