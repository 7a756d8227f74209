//! Logging. `RUST_LOG` overrides the default filter.

use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    // A second initialisation (tests start several servers) is harmless and ignored.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        // Colour codes only for a person at a terminal, not for log files and pipes.
        .with_ansi(std::io::stdout().is_terminal())
        .try_init();
}

/// Prints a start-up failure with its whole cause chain and returns a failing exit code.
pub fn report_fatal(err: &dyn std::error::Error) -> std::process::ExitCode {
    let mut message = format!("rehearse: {err}");
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    eprintln!("{message}");
    std::process::ExitCode::FAILURE
}
