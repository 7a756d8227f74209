//! Cross-site request refusal and security headers, over real HTTP.

use crate::common::{
    PASSWORD, bare_client, browser, create_set, learner, spawn_app, spawn_app_with,
};

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/questions/cap-mysql-partition",
        "/nowhere",
        "/favicon.svg",
    ] {
        let response = app
            .client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .expect("sent");
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        let csp = headers["content-security-policy"].to_str().expect("ascii");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
    }
}

/// Pages carry no inline script and no per-response value: the island loader is a file, and
/// the policy allows scripts from this site (and wasm) only. Signed in or out alike.
#[tokio::test]
async fn a_page_runs_no_inline_script_and_allows_only_our_own() {
    let app = spawn_app().await;
    let signed_in = learner(&app, "ivy").await;
    for client in [&app.client, &signed_in] {
        for path in ["/", "/questions/cap-mysql-partition", "/review", "/sets"] {
            let response = client
                .get(format!("{}{path}", app.base))
                .send()
                .await
                .expect("sent");
            let csp = response.headers()["content-security-policy"]
                .to_str()
                .expect("ascii")
                .to_owned();
            let body = response.text().await.expect("body");
            assert!(
                csp.contains("script-src 'self' 'wasm-unsafe-eval';"),
                "{path}: {csp}"
            );
            assert!(!csp.contains("nonce"), "{path}: {csp}");
            assert_eq!(body.matches("<script").count(), 1, "{path}: {body}");
            assert!(body.contains(r#"<script type="module" src="/islands.js"></script>"#));
            assert!(!body.contains("nonce="), "{path}");
            assert!(
                body.trim_end().ends_with("</html>"),
                "{path}: nothing after </html>"
            );
            assert!(
                body.matches("crossorigin=").count()
                    == body.matches(r#"crossorigin="anonymous""#).count(),
                "{path}: crossorigin takes a valid value"
            );
        }
    }
}

/// Calls a server function with extra request headers; returns the status and body.
async fn call_with(app: &crate::common::TestApp, headers: &[(&str, &str)]) -> (u16, String) {
    let mut request = bare_client()
        .post(format!("{}/api/get_question", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("slug=cap-mysql-partition");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("sent");
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

#[tokio::test]
async fn a_cross_site_server_function_call_is_refused() {
    let app = spawn_app().await;
    let (status, body) = call_with(&app, &[("origin", "https://evil.example")]).await;
    assert_eq!(status, 403);
    assert!(body.contains("another site"), "{body}");
    assert!(!body.contains("CAP in Practice"), "the handler did not run");

    let (status, _) = call_with(&app, &[("sec-fetch-site", "cross-site")]).await;
    assert_eq!(status, 403);

    let (status, _) = call_with(&app, &[("sec-fetch-site", "same-origin")]).await;
    assert_eq!(status, 200);

    let (status, body) = call_with(&app, &[("origin", app.base.as_str())]).await;
    assert_eq!(status, 200);
    assert!(body.contains("CAP in Practice"), "{body}");
}

/// Static files and pages are served side by side; the headers a page render sets (its CSP,
/// its cookies) must never end up on another response.
/// leptos_axum's own static-file fallback could hand them to a concurrent static response,
/// which left that page with the strict default policy and no styles or scripts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_render_never_lends_its_headers_to_a_concurrent_response() {
    let app = spawn_app_with(|settings, dir| {
        let site = dir.join("site");
        std::fs::create_dir_all(site.join("pkg")).expect("site dir");
        std::fs::write(site.join("pkg/rehearse.js"), "export {};").expect("js");
        std::fs::write(site.join("favicon.svg"), "<svg/>").expect("svg");
        settings.leptos.site_root = site.display().to_string().into();
    })
    .await;
    let fetch = |path: &'static str| {
        let client = app.client.clone();
        let url = format!("{}{path}", app.base);
        async move {
            let response = client.get(url).send().await.expect("sent");
            let status = response.status().as_u16();
            let csp = response.headers()["content-security-policy"]
                .to_str()
                .expect("ascii")
                .to_owned();
            let body = response.text().await.expect("body");
            (path, status, csp, body)
        }
    };
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..60 {
        for path in ["/", "/pkg/rehearse.js", "/favicon.svg", "/study-guide"] {
            tasks.spawn(fetch(path));
        }
    }
    while let Some(result) = tasks.join_next().await {
        let (path, status, csp, body) = result.expect("request task");
        assert_eq!(status, 200, "{path}");
        if path.ends_with(".js") || path.ends_with(".svg") {
            assert!(csp.starts_with("default-src 'none'"), "{path}: {csp}");
        } else {
            assert!(
                csp.contains("script-src 'self' 'wasm-unsafe-eval';"),
                "{path} has the page policy: {csp}"
            );
            assert!(body.contains("<h1"), "{path}: a page");
        }
    }
}

/// A forged post carries the victim's cookie but none of the headers a page of ours sends.
#[tokio::test]
async fn a_cookie_bearing_change_must_say_where_it_comes_from() {
    let app = spawn_app().await;
    let signed_in = bare_client();
    app.sign_up(&signed_in, "victim", PASSWORD).await;
    let create = |headers: &[(&'static str, String)]| {
        let mut request = signed_in
            .post(format!("{}/api/create_set", app.base))
            .header("accept", "application/json")
            .form(&[("title", "Forged"), ("description", ""), ("due_on", "")]);
        for (name, value) in headers {
            request = request.header(*name, value.clone());
        }
        async move { request.send().await.expect("sent").status().as_u16() }
    };
    assert_eq!(create(&[]).await, 403, "no origin information");
    assert_eq!(
        create(&[("referer", "https://evil.example/sets".to_owned())]).await,
        403
    );
    let import = signed_in
        .post(format!("{}/import-set", app.base))
        .header("content-type", "multipart/form-data; boundary=x")
        .body("--x--\r\n")
        .send()
        .await
        .expect("sent");
    assert_eq!(import.status(), 403, "the set import too");
    assert_eq!(
        crate::common::scalar(&app, "SELECT COUNT(*) FROM practice_sets").await,
        0
    );
    // Our own page's post says where it comes from in any one of three ways.
    assert_eq!(
        create(&[("referer", format!("{}/sets", app.base))]).await,
        200
    );
    assert_eq!(create(&[("origin", app.base.clone())]).await, 200);
    assert_eq!(
        create(&[("sec-fetch-site", "same-origin".to_owned())]).await,
        200
    );
}

#[tokio::test]
async fn data_exports_refuse_cross_site_reads() {
    let app = spawn_app().await;
    let owner = learner(&app, "owner").await;
    let set = format!("/sets/{}", create_set(&app, &owner, "Mine", "").await);
    for path in ["/api/my_data".to_owned(), format!("{set}/export")] {
        for (site, status) in [
            ("cross-site", 403),
            ("same-site", 403),
            ("same-origin", 200),
            ("none", 200),
        ] {
            let response = owner
                .get(format!("{}{path}", app.base))
                .header("sec-fetch-site", site)
                .send()
                .await
                .expect("sent");
            assert_eq!(response.status().as_u16(), status, "{path} from {site}");
        }
    }
}

/// A failed plain-form sign-in goes back to the page it came from, with the error, and only
/// if that page is ours: leptos redirects to the `Referer`, which any client can set.
#[tokio::test]
async fn a_failed_form_post_never_redirects_off_the_site() {
    let app = spawn_app().await;
    let client = browser();
    for (referer, expected) in [
        ("https://evil.example/phish".to_owned(), "/"),
        ("//evil.example/phish".to_owned(), "/"),
        (
            format!("{}/sign-in?next=%2Freview", app.base),
            "/sign-in?next=%2Freview&__path=",
        ),
    ] {
        let response = client
            .post(format!("{}/api/sign_in", app.base))
            .header("accept", "text/html")
            .header("referer", &referer)
            .form(&[("username", "nobody"), ("password", "wrong password")])
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), 302, "{referer}");
        let location = response.headers()["location"].to_str().expect("ascii");
        assert!(
            location == expected || (expected.len() > 1 && location.starts_with(expected)),
            "{referer} -> {location}"
        );
    }
}
