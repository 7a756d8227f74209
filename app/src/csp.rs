//! The Content-Security-Policy of rendered pages (server only).
//!
//! Pages carry no inline script: the island loader is a file (`assets/islands.js`, written
//! by `shell::IslandScripts`), and the server drops the empty data scripts Leptos appends
//! after `</html>` (`server::pages`). So the policy allows scripts from this site and wasm,
//! and nothing inline, with no per-response nonce, which is what lets a page be rendered once
//! and served to every signed-out visitor. Under `cargo leptos watch` only, the live-reload
//! script is inline and allowed by this response's nonce. Responses that are not pages get a
//! stricter default from the server's header layer.

use leptos::nonce::use_nonce;
use leptos::prelude::*;

/// The policy for a page. `live_reload_nonce` (only under `cargo leptos watch`) allows the
/// reload script and its websocket.
pub fn page_policy(live_reload_nonce: Option<&str>) -> String {
    let (script, websocket) = match live_reload_nonce {
        Some(nonce) => (format!(" 'nonce-{nonce}'"), " ws: wss:"),
        None => (String::new(), ""),
    };
    format!(
        "default-src 'self'; script-src 'self'{script} 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'{websocket}; \
         font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// Sets the page policy on the current response. Called once per render, from the app root.
pub fn apply_page_policy() {
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    // The same test leptos's <AutoReload> makes before it adds its script.
    let live_reload = std::env::var_os("LEPTOS_WATCH").is_some();
    let nonce = live_reload.then(use_nonce).flatten();
    // Signed in, a page names the learner: a shared cache must not hand one learner's page to
    // another (a browser may still keep it for its Back button). Pages that are the same for
    // every signed-out visitor are revalidated by their ETag (`server::page_cache`).
    response.insert_header(
        http::header::CACHE_CONTROL,
        http::HeaderValue::from_static("private, no-cache"),
    );
    match http::HeaderValue::from_str(&page_policy(
        nonce.as_ref().map(|n| n.to_string()).as_deref(),
    )) {
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
    fn allows_our_scripts_and_wasm_and_nothing_inline() {
        let policy = page_policy(None);
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(!policy.contains("nonce"));
        assert!(!policy.contains(" 'unsafe-eval'"), "only wasm-unsafe-eval");
        assert!(policy.contains("connect-src 'self';"));
    }

    #[test]
    fn live_reload_may_run_its_script_and_open_its_websocket() {
        let policy = page_policy(Some("n"));
        assert!(policy.contains("script-src 'self' 'nonce-n' 'wasm-unsafe-eval';"));
        assert!(policy.contains("connect-src 'self' ws: wss:;"));
    }
}
