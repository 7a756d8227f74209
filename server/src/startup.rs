//! Start-up, in the order that keeps bad states out: open the database, migrate, load and
//! validate `content/`, store it, then bind. Any failure stops start-up with a message that
//! says what to fix; nothing is served from a half-loaded bank.

use crate::settings::{Settings, SettingsError};
use app::clock::Clock;
use app::content::{self, ContentError};
use app::db::sessions::SqlSessionStore;
use app::db::{self, Db, DbError};
use app::domain::calendar::DAY;
use app::password_hashing::Hasher;
use app::services::auth::Accounts;
use app::shell::{App, shell};
use axum::Router;
use axum::handler::HandlerWithoutStateExt;
use axum::serve::ListenerExt;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use std::net::SocketAddr;
use std::sync::OnceLock;
use tokio::net::TcpListener;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error(transparent)]
    Database(#[from] DbError),
    /// The content error is the whole message (file, line, fault), so it is not also a source.
    #[error("invalid content: {0}")]
    Content(ContentError),
    #[error("cannot listen on {addr}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot prepare password hashing")]
    Hasher(#[source] app::password_hashing::HashError),
    #[error("the server stopped with an error: {0}")]
    Serve(std::io::Error),
}

impl From<ContentError> for StartupError {
    fn from(err: ContentError) -> Self {
        StartupError::Content(err)
    }
}

/// Router state: what axum handlers and, through context, server functions can reach.
#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub accounts: Accounts,
    pub clock: Clock,
}

/// How sessions are kept: where, for how long, and how the cookie is marked.
struct SessionSettings {
    secure: bool,
    inactivity: time::Duration,
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    addr: SocketAddr,
    db: Db,
    clock: Clock,
}

impl Application {
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        let db = Db::connect(&settings.database_url).await?;
        tracing::info!(place = %db.place(), "database");
        db.migrate().await?;

        let bank = content::load(&settings.content_dir)?;
        let report = db::content::sync(&db, &bank).await?;
        tracing::info!(
            questions = report.loaded,
            retired = report.retired,
            pages = bank.pages.len(),
            version = %bank.version,
            dir = %settings.content_dir.display(),
            "content loaded"
        );

        let addr = settings.leptos.site_addr;
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| StartupError::Bind { addr, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| StartupError::Bind { addr, source })?;

        // Each hash holds 19 MiB; one per core keeps a burst of sign-ins within memory.
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        let hasher = Hasher::new(cores).map_err(StartupError::Hasher)?;
        let state = AppState {
            leptos_options: settings.leptos,
            db: db.clone(),
            accounts: Accounts {
                hasher,
                policy: settings.auth_policy,
                clock: settings.clock.clone(),
            },
            clock: settings.clock.clone(),
        };
        let sessions = SessionSettings {
            secure: settings.secure_cookies,
            inactivity: time::Duration::days(i64::from(settings.session_days)),
        };
        Ok(Self {
            listener,
            router: router(state, sessions, settings.client_ip_header),
            clock: settings.clock,
            addr,
            db,
        })
    }

    /// The address actually bound (useful when the settings asked for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight and closes the
    /// database cleanly.
    pub async fn run_until_stopped(self) -> Result<(), StartupError> {
        let stop = shutdown_signal();
        tracing::info!("listening on http://{}", self.addr);
        // Leptos streams pages in several writes; without TCP_NODELAY each response would wait
        // for Nagle's algorithm (about 40 ms).
        let listener = self.listener.tap_io(|tcp| {
            if let Err(err) = tcp.set_nodelay(true) {
                tracing::warn!(%err, "could not set TCP_NODELAY");
            }
        });
        let cleanup = tokio::spawn(clean_up_periodically(self.db.clone(), self.clock.clone()));
        let served = axum::serve(
            listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(stop)
        .await;
        cleanup.abort();
        self.db.close().await;
        served.map_err(StartupError::Serve)
    }
}

/// The app's routes, worked out once per process. Generating them renders the app with
/// resource loading switched off by a process-wide flag (leptos #4773): a page render that
/// started its resources meanwhile, in another `Application` of the same process (as tests
/// run them), would wait forever. Computing them once, before any instance serves, closes
/// that window; the list depends only on the code, so sharing it is safe.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Removes expired sessions and old throttle counters every hour. Any number of servers may
/// run this at once: each pass is one idempotent `DELETE`.
async fn clean_up_periodically(db: Db, clock: Clock) {
    let mut ticks = tokio::time::interval(std::time::Duration::from_secs(60 * 60));
    loop {
        ticks.tick().await;
        // Session expiry is stamped by tower-sessions from the system clock, so it is swept
        // by that clock; throttle windows follow the application's.
        if let Err(err) = db::sessions::delete_expired(&db, Clock::system().now()).await {
            tracing::warn!(error = %err, "could not remove expired sessions");
        }
        // No limit window is longer than a day.
        if let Err(err) = db::throttle::delete_stale(&db, clock.now() - DAY).await {
            tracing::warn!(error = %err, "could not remove old throttle counters");
        }
    }
}

fn session_cookie_name(settings: &SessionSettings) -> &'static str {
    // `__Host-` makes the browser insist on Secure, Path=/ and no Domain, so no other
    // (sub)domain can set or overwrite the cookie; it needs https.
    if settings.secure {
        "__Host-rehearse_session"
    } else {
        "rehearse_session"
    }
}

fn session_layer(db: Db, settings: &SessionSettings) -> SessionManagerLayer<SqlSessionStore> {
    SessionManagerLayer::new(SqlSessionStore::new(db))
        .with_name(session_cookie_name(settings))
        .with_secure(settings.secure)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(settings.inactivity))
}

fn router(
    state: AppState,
    sessions: SessionSettings,
    client_ip_header: Option<axum::http::HeaderName>,
) -> Router {
    let routes = route_list();
    let context = {
        let db = state.db.clone();
        let accounts = state.accounts.clone();
        let clock = state.clock.clone();
        move || {
            provide_context(db.clone());
            provide_context(accounts.clone());
            provide_context(clock.clone());
        }
    };
    let [csp, nosniff, referrer, frames] = crate::security::header_layers();
    let router = Router::new()
        .route("/sets/{id}/export", axum::routing::get(crate::sets::export))
        .route("/import-set", axum::routing::post(crate::sets::import))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        });
    let secure = sessions.secure;
    let router = static_files_then_pages(router, &state.leptos_options, context)
        .layer(axum::middleware::from_fn(crate::pages::finish))
        // Inside the session layer: a cached page never reads or writes a session.
        .layer(axum::middleware::from_fn_with_state(
            crate::page_cache::PageCache::new(state.db.clone(), state.clock.clone()),
            crate::page_cache::serve,
        ))
        .layer(axum::middleware::from_fn_with_state(
            client_ip_header,
            crate::security::client_address,
        ))
        .layer(axum::middleware::from_fn(crate::errors::server_fn_status))
        // Outside the status fix-up, so it sees the real status (it never saves on a 5xx).
        .layer(session_layer(state.db.clone(), &sessions))
        // Outside the session layer, to see the cookies it sets.
        .layer(axum::middleware::from_fn_with_state(
            session_cookie_name(&sessions),
            crate::security::forget_sessions_only_on_purpose,
        ))
        .layer(axum::middleware::from_fn(crate::errors::bound_bodies))
        .layer(axum::middleware::from_fn(
            crate::security::refuse_cross_site,
        ))
        .layer(axum::middleware::from_fn(
            crate::security::keep_redirects_on_site,
        ))
        // Dynamic pages are compressed at a low level: the default brotli level costs several
        // times the throughput for a few percent of size. Static assets are served
        // precompressed (cargo leptos --precompress), which this layer leaves alone.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .layer(csp)
        .layer(nosniff)
        .layer(referrer)
        .layer(frames)
        .layer(TraceLayer::new_for_http());
    // Cookies marked Secure mean https: the browser is told to use nothing else here, so a
    // first plain-http request cannot be intercepted to strip it.
    let router = if secure {
        router.layer(crate::security::hsts_layer())
    } else {
        router
    };
    router.with_state(state)
}

/// Files under the site root (the wasm bundle, styles, favicon), served precompressed when
/// `cargo leptos --precompress` left `.br`/`.gz` siblings; any other path renders the app,
/// whose router answers 404 with a way back.
///
/// leptos_axum's `file_and_error_handler` would do this too, but it serves a file inside a
/// reactive owner that can inherit a concurrent page render's context and take that page's
/// response headers (its CSP nonce; later, its cookies) onto the file's response. A plain
/// `ServeDir` keeps the two apart; `a_page_render_never_lends_its_headers_to_a_concurrent_response`
/// holds it there.
fn static_files_then_pages(
    router: Router<AppState>,
    options: &LeptosOptions,
    context: impl Fn() + Clone + Send + Sync + 'static,
) -> Router<AppState> {
    let render = leptos_axum::render_app_async_with_context(context, {
        let options = options.clone();
        move || shell(options.clone())
    });
    let pages = move |request: axum::extract::Request| render(request);
    router.fallback_service(
        ServeDir::new(&*options.site_root)
            .precompressed_br()
            .precompressed_gzip()
            .append_index_html_on_directories(false)
            .call_fallback_on_method_not_allowed(true)
            .fallback(pages.into_service()),
    )
}

/// Resolves at SIGTERM or Ctrl-C. The SIGTERM handler is installed when this is called, not
/// when the future is first polled: the start-up log says "listening" before serving begins,
/// and a SIGTERM sent right after it must already find the handler (without one the process
/// would die at once instead of stopping cleanly).
fn shutdown_signal() -> impl Future<Output = ()> {
    #[cfg(unix)]
    let terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate());
    async move {
        let ctrl_c = async {
            if let Err(err) = tokio::signal::ctrl_c().await {
                tracing::error!(%err, "cannot listen for Ctrl-C");
                std::future::pending::<()>().await;
            }
        };
        #[cfg(unix)]
        let terminate = async {
            match terminate {
                Ok(mut signal) => {
                    signal.recv().await;
                }
                Err(err) => {
                    tracing::error!(%err, "cannot listen for SIGTERM");
                    std::future::pending::<()>().await;
                }
            }
        };
        #[cfg(not(unix))]
        let terminate = std::future::pending::<()>();
        tokio::select! {
            () = ctrl_c => {},
            () = terminate => {},
        }
        tracing::info!("shutting down");
    }
}
