//! Typed settings, read from the environment with defaults that work on a fresh checkout.
//!
//! | variable              | default                      |
//! |-----------------------|------------------------------|
//! | `LEPTOS_SITE_ADDR`    | `127.0.0.1:3000`             |
//! | `LEPTOS_SITE_ROOT`    | `target/site`                |
//! | `DATABASE_URL`        | `sqlite://data/rehearse.db`  |
//! | `REHEARSE_CONTENT_DIR`| `content`                    |
//! | `REHEARSE_SECURE_COOKIES` | `auto`: Secure and `__Host-` unless listening on loopback with no proxy header set |
//! | `REHEARSE_SESSION_DAYS` | `30` (days of inactivity before a session ends) |
//! | `REHEARSE_SIGN_IN_LIMIT_PER_ADDRESS` | `10/60` (attempts/seconds) |
//! | `REHEARSE_SIGN_IN_LIMIT_PER_ACCOUNT` | `10/900` |
//! | `REHEARSE_SIGN_UP_LIMIT_PER_ADDRESS` | `10/3600` |
//! | `REHEARSE_CLIENT_IP_HEADER` | unset: the socket's peer address; behind a proxy, e.g. `x-forwarded-for` |

use app::clock::Clock;
use app::services::auth::{AuthPolicy, Limit};
use axum::http::HeaderName;
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
    /// Mark the session cookie Secure (and name it `__Host-…`): needs https.
    pub secure_cookies: bool,
    /// A session ends after this many days without a visit.
    pub session_days: u32,
    pub auth_policy: AuthPolicy,
    /// The header a trusted reverse proxy puts the client's address in; its last value is
    /// used. Unset, the socket's peer address is the client.
    pub client_ip_header: Option<HeaderName>,
    /// Where "now" comes from: the system clock, or a manual one that tests move.
    pub clock: Clock,
}

#[derive(Debug, thiserror::Error)]
#[error("invalid settings: {0}")]
pub struct SettingsError(String);

impl Settings {
    pub fn from_env() -> Result<Self, SettingsError> {
        let leptos = get_configuration(None)
            .map_err(|e| SettingsError(e.to_string()))?
            .leptos_options;
        let secure_cookies = match non_empty_env("REHEARSE_SECURE_COOKIES").as_deref() {
            // Behind a reverse proxy (which `REHEARSE_CLIENT_IP_HEADER` says there is) the
            // server often listens on loopback while browsers speak https to the proxy.
            None | Some("auto") => {
                !leptos.site_addr.ip().is_loopback()
                    || non_empty_env("REHEARSE_CLIENT_IP_HEADER").is_some()
            }
            Some("true") => true,
            Some("false") => false,
            Some(other) => {
                return Err(SettingsError(format!(
                    "REHEARSE_SECURE_COOKIES is `{other}`; use true, false or auto"
                )));
            }
        };
        let session_days = match non_empty_env("REHEARSE_SESSION_DAYS") {
            None => 30,
            Some(days) => days
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|days| (1..=3650).contains(days))
                .ok_or_else(|| {
                    SettingsError(format!(
                        "REHEARSE_SESSION_DAYS is `{days}`; use a whole number of days from 1 to 3650"
                    ))
                })?,
        };
        let defaults = AuthPolicy::default();
        let auth_policy = AuthPolicy {
            sign_in_per_address: limit(
                "REHEARSE_SIGN_IN_LIMIT_PER_ADDRESS",
                defaults.sign_in_per_address,
            )?,
            sign_in_failures_per_account_and_address: limit(
                "REHEARSE_SIGN_IN_LIMIT_PER_ACCOUNT_AND_ADDRESS",
                defaults.sign_in_failures_per_account_and_address,
            )?,
            sign_in_failures_per_account: limit(
                "REHEARSE_SIGN_IN_LIMIT_PER_ACCOUNT",
                defaults.sign_in_failures_per_account,
            )?,
            sign_up_per_address: limit(
                "REHEARSE_SIGN_UP_LIMIT_PER_ADDRESS",
                defaults.sign_up_per_address,
            )?,
        };
        let client_ip_header = non_empty_env("REHEARSE_CLIENT_IP_HEADER")
            .map(|name| {
                HeaderName::try_from(name.trim()).map_err(|_| {
                    SettingsError(format!(
                        "REHEARSE_CLIENT_IP_HEADER `{name}` is not a header name"
                    ))
                })
            })
            .transpose()?;
        Ok(Self {
            leptos,
            database_url: non_empty_env("DATABASE_URL")
                .unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            content_dir: non_empty_env("REHEARSE_CONTENT_DIR")
                .unwrap_or_else(|| DEFAULT_CONTENT_DIR.into())
                .into(),
            secure_cookies,
            session_days,
            auth_policy,
            client_ip_header,
            clock: Clock::system(),
        })
    }
}

fn limit(name: &str, default: Limit) -> Result<Limit, SettingsError> {
    match non_empty_env(name) {
        None => Ok(default),
        Some(text) => text
            .parse()
            .map_err(|err| SettingsError(format!("{name}: {err}"))),
    }
}

fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}
