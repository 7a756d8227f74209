//! Typed settings, read from the environment with defaults that work on a fresh checkout.
//!
//! | variable              | default                      |
//! |-----------------------|------------------------------|
//! | `LEPTOS_SITE_ADDR`    | `127.0.0.1:3000`             |
//! | `LEPTOS_SITE_ROOT`    | `target/site`                |
//! | `DATABASE_URL`        | `sqlite://data/rehearse.db`  |
//! | `REHEARSE_CONTENT_DIR`| `content`                    |

use leptos::config::{LeptosOptions, get_configuration};
use std::path::PathBuf;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/rehearse.db";
pub const DEFAULT_CONTENT_DIR: &str = "content";

#[derive(Debug, Clone)]
pub struct Settings {
    /// Listen address, site root and bundle name, as cargo-leptos sets them.
    pub leptos: LeptosOptions,
    pub database_url: String,
    pub content_dir: PathBuf,
}

#[derive(Debug, thiserror::Error)]
#[error("invalid settings: {0}")]
pub struct SettingsError(String);

impl Settings {
    pub fn from_env() -> Result<Self, SettingsError> {
        let leptos = get_configuration(None)
            .map_err(|e| SettingsError(e.to_string()))?
            .leptos_options;
        Ok(Self {
            leptos,
            database_url: non_empty_env("DATABASE_URL")
                .unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            content_dir: non_empty_env("REHEARSE_CONTENT_DIR")
                .unwrap_or_else(|| DEFAULT_CONTENT_DIR.into())
                .into(),
        })
    }
}

fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}
