//! The Content-Security-Policy of rendered pages (server only).
//!
//! Leptos gives every server render a fresh nonce and puts it on the inline hydration script;
//! the policy allows that script, our own files and wasm, and nothing else. Responses that are
//! not pages get a stricter default from the server's header layer.

use leptos::nonce::use_nonce;
use leptos::prelude::*;

/// The policy for a page whose inline scripts carry `nonce`. `live_reload` (only under
/// `cargo leptos watch`) also lets the reload script open its websocket.
pub fn page_policy(nonce: &str, live_reload: bool) -> String {
    let websocket = if live_reload { " ws: wss:" } else { "" };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'{websocket}; \
         font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// Sets the page policy on the current response. Called once per render, from the app root.
pub fn apply_page_policy() {
    let (Some(nonce), Some(response)) =
        (use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    else {
        return;
    };
    // The same test leptos's <AutoReload> makes before it adds its script.
    let live_reload = std::env::var_os("LEPTOS_WATCH").is_some();
    // Pages name the signed-in user: a shared cache must not hand one learner's page to
    // another (a browser may still keep it for its Back button).
    response.insert_header(
        http::header::CACHE_CONTROL,
        http::HeaderValue::from_static("private, no-cache"),
    );
    match http::HeaderValue::from_str(&page_policy(&nonce, live_reload)) {
        Ok(value) => response.insert_header(http::header::CONTENT_SECURITY_POLICY, value),
        // A nonce is base64 and always a valid header value; if that ever changed, the
        // server's strict default policy still applies, which fails closed.
        Err(err) => tracing::error!(%err, "could not build the page CSP header"),
    }
}

#[cfg(test)]
mod tests {
    use super::page_policy;

    #[test]
    fn allows_our_scripts_and_wasm_and_nothing_inline_without_the_nonce() {
        let policy = page_policy("abc123", false);
        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(!policy.contains(" 'unsafe-eval'"), "only wasm-unsafe-eval");
        assert!(policy.contains("connect-src 'self';"));
    }

    #[test]
    fn live_reload_may_open_its_websocket() {
        assert!(page_policy("n", true).contains("connect-src 'self' ws: wss:;"));
    }
}
