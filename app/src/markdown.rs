//! The one place Markdown becomes HTML (server only).
//!
//! comrak renders in safe mode (raw HTML is dropped, `javascript:` and similar URLs are
//! emptied), then ammonia sanitises the result against an allow-list. Two layers, because a
//! renderer's safe mode is a convenience while a sanitiser is a security boundary. Content
//! from `content/` goes through [`render`]; learners' text through [`render_learner`].
//!
//! Learner text is bounded as well as sanitised, because a few kilobytes of Markdown can ask
//! for a great deal of HTML: a wide table of 4 000 characters is 500 000 cells, 17 MB; a
//! reference link defined once and used thousands of times repeats its address each time;
//! 19 000 `>` open as many nested block quotes, which take seconds to parse. So learner text
//! gets no tables, block quotes nest at most [`MAX_QUOTE_DEPTH`] deep (comrak itself stops
//! lists at 100), and output past [`max_output`] is replaced by the text as typed, escaped,
//! which can never be more than a few times its size.

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

/// How deep learner block quotes may nest; deeper `>` markers are dropped.
pub const MAX_QUOTE_DEPTH: usize = 8;

/// The most HTML that `markdown` may render to: sixteen times its size, and 64 KiB whatever
/// its size (a short answer with a long link is fine).
pub fn max_output(markdown: &str) -> usize {
    (markdown.len() * 16).max(64 * 1024)
}

/// Renders a learner's Markdown (an answer, a set's description) to sanitised HTML of
/// bounded size; see the module doc.
pub fn render_learner(markdown: &str) -> String {
    render_within(markdown, max_output(markdown))
}

fn render_within(markdown: &str, max: usize) -> String {
    let mut options = options();
    options.extension.table = false;
    let html = sanitize(&markdown_to_html(&shallow_quotes(markdown), &options));
    if html.len() <= max {
        html
    } else {
        as_typed(markdown)
    }
}

/// `markdown` with at most [`MAX_QUOTE_DEPTH`] block-quote markers at the start of each line.
fn shallow_quotes(markdown: &str) -> std::borrow::Cow<'_, str> {
    let too_deep = |line: &str| {
        line.chars()
            .take_while(|c| matches!(c, '>' | ' ' | '\t'))
            .filter(|&c| c == '>')
            .count()
            > MAX_QUOTE_DEPTH
    };
    if !markdown.lines().any(too_deep) {
        return std::borrow::Cow::Borrowed(markdown);
    }
    let mut out = String::with_capacity(markdown.len());
    for line in markdown.split_inclusive('\n') {
        let mut depth = 0;
        let mut prefix_done = false;
        for c in line.chars() {
            if !prefix_done && matches!(c, '>' | ' ' | '\t') {
                if c == '>' {
                    depth += 1;
                    if depth > MAX_QUOTE_DEPTH {
                        continue;
                    }
                }
            } else {
                prefix_done = true;
            }
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The text as typed, escaped, in a `<pre>`: what an answer shows when its Markdown would
/// render too large.
fn as_typed(markdown: &str) -> String {
    format!(
        "<pre class=\"as-typed\">{}</pre>\n",
        crate::raw_text::escape(markdown)
    )
}

/// The second layer on its own, so its tests do not depend on what comrak already removed.
fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::{MAX_QUOTE_DEPTH, max_output, render, render_learner, render_within, sanitize};

    #[test]
    fn learner_tables_stay_text() {
        let row = format!("|{}\n", "a|".repeat(1_000));
        let sep = format!("|{}\n", "-|".repeat(1_000));
        let md = format!("{row}{sep}{row}");
        let html = render_learner(&md);
        assert!(!html.contains("<td"), "no table cells");
        assert!(html.len() <= max_output(&md));
        assert!(render(&md).contains("<td"), "content keeps its tables");
    }

    #[test]
    fn learner_quotes_nest_a_few_deep() {
        let md = ">".repeat(19_000);
        let html = render_learner(&md);
        assert_eq!(html.matches("<blockquote>").count(), MAX_QUOTE_DEPTH);
        let md = "> > > > > > > > > > > > deep\n> shallow\n";
        let html = render_learner(md);
        assert_eq!(html.matches("<blockquote>").count(), MAX_QUOTE_DEPTH);
        assert!(html.contains("deep") && html.contains("shallow"), "{html}");
    }

    #[test]
    fn learner_output_is_bounded_and_nothing_is_lost() {
        // One long reference used thousands of times: comrak itself stops expanding
        // references past a budget, and the bound holds either way.
        let url = format!("https://example.org/{}", "a".repeat(2_000));
        let md = format!("[r]: {url}\n\n{}", "[r] ".repeat(4_000));
        let html = render_learner(&md);
        assert!(html.len() <= max_output(&md), "{} bytes", html.len());
        // Past the bound, the text is shown as typed, all of it.
        let md = "**a** *b* <b>x</b> & [r]\n\n- one\n- two";
        let html = render_within(md, 20);
        assert_eq!(
            html,
            "<pre class=\"as-typed\">**a** *b* &lt;b&gt;x&lt;/b&gt; &amp; [r]\n\n- one\n- two</pre>\n"
        );
        assert_eq!(render_within(md, 10_000), render_learner(md));
    }

    #[test]
    fn ordinary_learner_text_renders_as_content_does() {
        let md = "**CP** here:\n\n> quoted\n\n- one\n- two\n\n[docs](https://example.org/a)";
        assert_eq!(render_learner(md), render(md));
    }

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
