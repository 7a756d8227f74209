//! What a hostile few kilobytes of learner Markdown cost to render, through the content
//! pipeline (`markdown::render`, what learner text used before it was bounded) and through
//! the learner pipeline (`markdown::render_learner`), side by side in one run; and what the
//! password rule costs a sign-up. Run by `scripts/bench`:
//! `cargo run --release -p app --features ssr --example learner_markdown`

use app::markdown::{render, render_learner};
use std::time::{Duration, Instant};

/// Mean time of `f` over enough rounds to take about half a second (at least 3).
fn time(f: impl Fn() -> usize) -> (Duration, usize) {
    let started = Instant::now();
    let size = f();
    let once = started.elapsed();
    let rounds = (Duration::from_millis(500).as_nanos() / once.as_nanos().max(1)).clamp(3, 1_000);
    let rounds = u32::try_from(rounds).unwrap_or(3);
    let started = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(f());
    }
    (started.elapsed() / rounds, size)
}

fn main() {
    // 500 columns, then 998 one-character rows: each row is given all 500 cells.
    let wide = format!(
        "{}|\n{}|\n{}",
        "|a".repeat(500),
        "|-".repeat(500),
        "x\n".repeat(998)
    );
    let rows = format!("|a|b|\n|-|-|\n{}", "|x|y|\n".repeat(660));
    let url = format!("https://example.org/{}", "a".repeat(1_000));
    let reference = format!("[r]: {url}\n\n{}", "[r] ".repeat(740));
    let cases = [
        ("a wide table of short rows (4 000 chars)", wide),
        ("a long table (4 000 chars)", rows),
        ("19 000 `>`", ">".repeat(19_000)),
        ("one long reference, used 740 times (4 000 chars)", reference),
        (
            "an ordinary answer (2 400 chars)",
            "**CP here**: the minority side refuses writes.\n\n- quorum of 3 of 5\n- p99 of 40 ms\n\n"
                .repeat(30),
        ),
    ];
    println!("| input | content pipeline (before) | learner pipeline (now) | time before / now |");
    println!("|---|---:|---:|---:|");
    for (name, md) in &cases {
        let (before, before_size) = time(|| render(md).len());
        let (after, after_size) = time(|| render_learner(md).len());
        println!(
            "| {name} | {before:.2?}, {before_size} B | {after:.2?}, {after_size} B | {:.1}× |",
            before.as_secs_f64() / after.as_secs_f64()
        );
    }
    for password in [
        "correct horse battery staple",
        "Password123!",
        &"x".repeat(128),
    ] {
        let (took, _) =
            time(|| usize::from(app::common_passwords::check(password, &["ada"]).is_ok()));
        println!(
            "password rule on {} chars: {took:.2?}",
            password.chars().count()
        );
    }
}
