//! `rehearse copy-database --from sqlite://… --to postgres://…`: moves a SQLite database into
//! PostgreSQL (`app::db::copy`), showing its progress and ending with what it compared.

use app::db::Db;
use app::db::copy::{Copied, CopyError, copy_database};
use std::io::Write;

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
pub struct CopyArgs {
    pub from: String,
    pub to: String,
}

pub const USAGE: &str =
    "usage: rehearse copy-database --from sqlite://PATH --to postgres://USER:PASSWORD@HOST/NAME";

/// Reads `--from URL --to URL` (or `--from=URL`), in either order.
pub fn parse(args: &[String]) -> Result<CopyArgs, String> {
    let (mut from, mut to) = (None, None);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name, Some(value.to_owned())),
            None => (arg.as_str(), None),
        };
        let slot = match name {
            "--from" => &mut from,
            "--to" => &mut to,
            // Only the name: the argument could be a URL with a password in it.
            _ => return Err(format!("unknown argument `{name}`\n{USAGE}")),
        };
        let value = match inline {
            Some(value) => value,
            None => args
                .next()
                .cloned()
                .ok_or_else(|| format!("`{name}` needs a database URL\n{USAGE}"))?,
        };
        *slot = Some(value);
    }
    match (from, to) {
        (Some(from), Some(to)) => Ok(CopyArgs { from, to }),
        _ => Err(format!("both --from and --to are needed\n{USAGE}")),
    }
}

/// Runs the copy, drawing a progress bar on standard error; the report on standard output.
pub async fn run(args: &CopyArgs) -> Result<Vec<Copied>, CopyError> {
    // Checked before connecting: opening a SQLite URL creates the file, and a mistyped or
    // swapped path must not turn into an empty "source".
    let Some(path) = args.from.strip_prefix("sqlite:") else {
        return Err(CopyError::Direction);
    };
    if !(args.to.starts_with("postgres:") || args.to.starts_with("postgresql:")) {
        return Err(CopyError::Direction);
    }
    let path = path.trim_start_matches("//");
    let path = path.split('?').next().unwrap_or(path);
    if !std::path::Path::new(path).is_file() {
        return Err(CopyError::NoSource {
            path: path.to_owned(),
        });
    }
    let from = Db::connect(&args.from).await?;
    let to = Db::connect(&args.to).await?;
    let mut bar = |table: &str, done: u64, total: u64| {
        let width = 30;
        let filled = done
            .saturating_mul(30)
            .checked_div(total)
            .map_or(width, |n| usize::try_from(n).unwrap_or(width));
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r{table:<22} [{}{}] {done:>9} / {total:<9}",
            "#".repeat(filled.min(width)),
            " ".repeat(width - filled.min(width)),
        );
        if done >= total {
            let _ = writeln!(err);
        }
    };
    let copied = copy_database(&from, &to, &mut bar).await;
    from.close().await;
    to.close().await;
    let copied = copied?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{:<22} {:>9}  checksum (SHA-256, source = target)",
        "table", "rows"
    );
    for table in &copied {
        let _ = writeln!(
            out,
            "{:<22} {:>9}  {}",
            table.table, table.rows, table.checksum
        );
    }
    let rows: u64 = copied.iter().map(|t| t.rows).sum();
    let _ = writeln!(
        out,
        "Copied {rows} rows in {} tables; every table's row count and checksum match.",
        copied.len()
    );
    let removed: u64 = copied.iter().map(|t| t.nul_removed).sum();
    if removed > 0 {
        let _ = writeln!(
            out,
            "{removed} NUL characters (U+0000), which PostgreSQL cannot store, were removed from text."
        );
    }
    Ok(copied)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn both_urls_are_read_in_either_order_and_form() {
        let expected = CopyArgs {
            from: "sqlite://a.db".into(),
            to: "postgres://h/db".into(),
        };
        for list in [
            &["--from", "sqlite://a.db", "--to", "postgres://h/db"][..],
            &["--to", "postgres://h/db", "--from", "sqlite://a.db"],
            &["--from=sqlite://a.db", "--to=postgres://h/db"],
        ] {
            assert_eq!(parse(&args(list)).as_ref(), Ok(&expected));
        }
    }

    #[test]
    fn a_missing_or_unknown_argument_says_how_to_call_it() {
        for list in [
            &["--from", "sqlite://a.db"][..],
            &["--from"],
            &["--form", "sqlite://a.db", "--to", "postgres://h/db"],
            &[],
        ] {
            let message = parse(&args(list)).expect_err("refused");
            assert!(message.contains(USAGE), "{message}");
        }
    }
}
