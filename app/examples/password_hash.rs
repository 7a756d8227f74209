//! Measures one argon2id hash and one verification with the production parameters, as a
//! sign-up or a sign-in pays them. Run by `scripts/bench`:
//! `cargo run --release -p app --features ssr --example password_hash`

use app::domain::Password;
use app::password_hashing::Hasher;
use std::time::Instant;

const ROUNDS: u32 = 20;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let hasher = Hasher::new(1)?;
    let password = Password::parse("a practice password for timing")?;
    let started = Instant::now();
    let mut hash = hasher.hash(&password).await?;
    for _ in 1..ROUNDS {
        hash = hasher.hash(&password).await?;
    }
    let per_hash = started.elapsed() / ROUNDS;
    let started = Instant::now();
    for _ in 0..ROUNDS {
        hasher.verify(password.expose(), Some(&hash)).await?;
    }
    let per_verify = started.elapsed() / ROUNDS;
    println!(
        "argon2id m=19MiB t=2 p=1, mean of {ROUNDS}: hash {per_hash:.1?}, verify {per_verify:.1?}"
    );
    Ok(())
}
