//! Nothing a client sends makes the server answer 5xx: bodies too large (413), bodies that
//! are not UTF-8 or not the expected shape (400), values of any size (errors never echo
//! them), and a bounded, seeded fuzz of every server function, signed in and out, as a
//! script and as a plain form.

use crate::common::{TestApp, browser, learner, practise, spawn_app};

/// xorshift64*: a fixed seed makes every run send the same requests, so a failure repeats.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).expect("fits")
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Every argument name our server functions take, and a few they do not.
const NAMES: &[&str] = &[
    "slug",
    "attempt",
    "token",
    "answer",
    "opened_at",
    "elapsed_ms",
    "rating",
    "ticked",
    "ticked[]",
    "ticked[0]",
    "title",
    "description",
    "due_on",
    "set",
    "question",
    "direction",
    "version",
    "confirm",
    "share",
    "comment",
    "id",
    "level",
    "concept",
    "username",
    "password",
    "current_password",
    "new_password",
    "interview_on",
    "time_zone",
    "next",
    "story",
    "kind",
    "concepts[]",
    "situation",
    "options",
    "decision",
    "result",
    "lessons",
    "notes",
    "from",
    "group",
    "q",
    "page",
    "a[b][c][d][e]",
    "",
    "%",
    "x",
];

fn value(rng: &mut Rng) -> Vec<u8> {
    match rng.below(16) {
        0 => Vec::new(),
        1 => b"1".to_vec(),
        2 => b"-1".to_vec(),
        3 => b"9223372036854775808".to_vec(),
        4 => b"1e309".to_vec(),
        5 => b"NaN".to_vec(),
        6 => "x".repeat(66_000).into_bytes(),
        7 => "\u{202E}\u{0000}\n<script>é".as_bytes().to_vec(),
        8 => b"%ZZ%".to_vec(),
        9 => vec![0xff, 0xfe, 0xc3, 0x28],
        10 => b"performance-vs-scalability".to_vec(),
        11 => b"2026-02-30".to_vec(),
        12 => b"Europe/Nowhere".to_vec(),
        13 => b"up".to_vec(),
        14 => b"true".to_vec(),
        _ => (0..rng.below(40))
            .map(|_| u8::try_from(rng.below(256)).expect("a byte"))
            .collect(),
    }
}

fn body(rng: &mut Rng) -> (Vec<u8>, &'static str) {
    match rng.below(10) {
        0 => (
            b"{\"slug\": [1, {\"a\": null}]}".to_vec(),
            "application/json",
        ),
        1 => (
            b"--x\r\nContent-Disposition: form-data; name=\"slug\"\r\n\r\n1\r\n--x--\r\n".to_vec(),
            "multipart/form-data; boundary=x",
        ),
        2 => (value(rng), "application/x-www-form-urlencoded"),
        _ => {
            let mut out = Vec::new();
            for i in 0..rng.below(6) {
                if i > 0 {
                    out.push(b'&');
                }
                out.extend_from_slice(rng.pick(NAMES).as_bytes());
                out.push(b'=');
                out.extend(value(rng));
            }
            (out, "application/x-www-form-urlencoded")
        }
    }
}

async fn send(
    app: &TestApp,
    client: &reqwest::Client,
    method: &reqwest::Method,
    path: &str,
    accept: &str,
    (body, content_type): (Vec<u8>, &str),
) -> (u16, usize) {
    let url = format!("{}{path}", app.base);
    let request = if method == reqwest::Method::GET {
        // Query strings are text: keep only the printable ASCII of the body, and no more
        // than a URL can hold (the client refuses longer ones before sending).
        let query: String = body
            .iter()
            .filter(|b| b.is_ascii_graphic())
            .take(8_000)
            .map(|&b| char::from(b))
            .collect();
        client.get(format!("{url}?{query}"))
    } else {
        client
            .request(method.clone(), url)
            .header("content-type", content_type)
            .body(body)
    };
    let response = request.header("accept", accept).send().await.expect("sent");
    let status = response.status().as_u16();
    let length = response.bytes().await.expect("body").len();
    (status, length)
}

#[tokio::test]
async fn no_server_function_answers_5xx_to_anything_a_client_sends() {
    let app = spawn_app().await;
    let signed_in = learner(&app, "fuzzer").await;
    practise(&app, &signed_in, "performance-vs-scalability", "3").await;
    app.call(
        &signed_in,
        "create_set",
        &[("title", "Fuzzed"), ("description", ""), ("due_on", "")],
    )
    .await;
    let signed_out = browser();
    let mut functions: Vec<(&'static str, axum::http::Method)> =
        leptos::server_fn::axum::server_fn_paths().collect();
    functions.sort_by_key(|(path, _)| *path);
    assert!(
        functions.len() >= 39,
        "{} server functions",
        functions.len()
    );

    let mut rng = Rng(0x5EED_CAFE_F00D_0001);
    let mut sent = 0;
    for round in 0..40 {
        for (path, method) in &functions {
            // Signing out would end the signed-in half of the run early.
            let client = if round % 2 == 0 && *path != "/api/sign_out" {
                &signed_in
            } else {
                &signed_out
            };
            let accept = if rng.below(3) == 0 {
                "text/html"
            } else {
                "application/json"
            };
            let method = reqwest::Method::from_bytes(method.as_str().as_bytes()).expect("a method");
            let sample = body(&mut rng);
            let shown = String::from_utf8_lossy(&sample.0[..sample.0.len().min(200)]).into_owned();
            let (status, length) = send(&app, client, &method, path, accept, sample).await;
            sent += 1;
            assert!(
                status < 500,
                "{method} {path} ({accept}) answered {status} to `{shown}`"
            );
            if status >= 400 {
                assert!(
                    length < 4096,
                    "{path}: an error of {length} bytes echoes its input"
                );
            }
        }
    }
    assert!(sent >= 1500, "{sent} requests");
}

#[tokio::test]
async fn bodies_too_large_or_unreadable_are_the_clients_fault() {
    let app = spawn_app().await;
    let client = learner(&app, "sender").await;
    let huge = format!("answer={}", "a".repeat(2 * 1024 * 1024));
    let post = |body: reqwest::Body, accept: &'static str| {
        client
            .post(format!("{}/api/preview_answer", app.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", accept)
            .body(body)
            .send()
    };
    let response = post(huge.clone().into(), "application/json")
        .await
        .expect("sent");
    assert_eq!(response.status(), 413);
    let error: app::error::AppError = response.json().await.expect("our error");
    assert!(error.to_string().contains("too large"), "{error}");
    let response = post(huge.into(), "text/html").await.expect("sent");
    assert_eq!(
        response.status(),
        413,
        "a plain form gets the status, not a redirect"
    );

    // Without a declared length (chunked): the limit holds while reading.
    let addr = app.base.trim_start_matches("http://").to_owned();
    let status = tokio::task::spawn_blocking(move || chunked_post(&addr, 2 * 1024 * 1024))
        .await
        .expect("the blocking send");
    assert_eq!(status, 413);

    let response = post(
        vec![b'a', b'n', b's', b'=', 0xff, 0xfe].into(),
        "application/json",
    )
    .await
    .expect("sent");
    assert_eq!(response.status(), 400, "not UTF-8");

    let filter = "x".repeat(66_000);
    let response = client
        .post(format!("{}/api/list_questions", app.base))
        .header("accept", "application/json")
        .form(&[("level", filter.as_str())])
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 400);
    assert!(response.text().await.expect("body").len() < 1000);

    let response = client
        .post(format!("{}/import-set", app.base))
        .header("content-type", "multipart/form-data; boundary=x")
        .body(vec![b'x'; 2 * 1024 * 1024])
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 413, "the set import too");
}

/// Posts `size` bytes to a server function in 64 KiB chunks, with no `Content-Length`;
/// returns the status. The server may answer before it has read everything, so a write that
/// fails after that is expected.
fn chunked_post(addr: &str, size: usize) -> u16 {
    use std::io::{BufRead, BufReader, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    let head = format!(
        "POST /api/preview_answer HTTP/1.1\r\nHost: {addr}\r\nAccept: application/json\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\
         Connection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).expect("head");
    let chunk = vec![b'a'; 64 * 1024];
    for _ in 0..size / chunk.len() {
        let frame = [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
        if stream.write_all(&frame).is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    let mut status_line = String::new();
    BufReader::new(stream)
        .read_line(&mut status_line)
        .expect("a status line");
    status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("a status in `{status_line}`"))
}
