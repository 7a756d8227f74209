//! Account server functions. Each pulls the request's pieces from context and calls one
//! function of [`crate::services::auth`]; success on a form redirects, so the same call works as a plain
//! HTML form post with JavaScript off.

use crate::domain::{AccountData, SignedInUser};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Who is signed in on this browser, if anyone.
#[server(prefix = "/api", endpoint = "current_user")]
pub async fn current_user() -> Result<Option<SignedInUser>, AppError> {
    use super::support::*;
    let user = signed_in(&db()?).await?;
    Ok(user.map(|me| SignedInUser {
        username: me.username,
    }))
}

/// On success, goes to `next` when it is a path on this site (the page that asked the
/// learner to sign in), else to the bank, and keeps the browser's time zone (`time_zone`,
/// filled in by the page's script) if the account has none yet.
#[server(prefix = "/api", endpoint = "sign_up")]
pub async fn sign_up(
    username: String,
    password: String,
    next: Option<String>,
    time_zone: Option<String>,
) -> Result<(), AppError> {
    use super::support::*;
    let session = session().await?;
    crate::services::auth::sign_up(
        &db()?,
        &accounts()?,
        &session,
        client()?,
        &username,
        &password,
    )
    .await?;
    let db = db()?;
    if let Ok(user) = learner(&db).await {
        crate::services::progress::remember_browser_zone(&db, user, time_zone.as_deref()).await;
    }
    leptos_axum::redirect(&crate::domain::ReturnPath::or_home(next.as_deref()));
    Ok(())
}

/// On success, goes to `next` when it is a path on this site (the page that asked the
/// learner to sign in), else to the bank, and keeps the browser's time zone (`time_zone`,
/// filled in by the page's script) if the account has none yet.
#[server(prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(
    username: String,
    password: String,
    next: Option<String>,
    time_zone: Option<String>,
) -> Result<(), AppError> {
    use super::support::*;
    let session = session().await?;
    crate::services::auth::sign_in(
        &db()?,
        &accounts()?,
        &session,
        client()?,
        &username,
        &password,
    )
    .await?;
    let db = db()?;
    if let Ok(user) = learner(&db).await {
        crate::services::progress::remember_browser_zone(&db, user, time_zone.as_deref()).await;
    }
    leptos_axum::redirect(&crate::domain::ReturnPath::or_home(next.as_deref()));
    Ok(())
}

#[server(prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use super::support::*;
    crate::services::auth::sign_out(&session().await?).await?;
    forget_this_device()?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Changes the password and signs out every other session of the account.
#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use super::support::*;
    let session = session().await?;
    crate::services::auth::change_password(
        &db()?,
        &accounts()?,
        &session,
        &current_password,
        &new_password,
    )
    .await?;
    leptos_axum::redirect("/account?changed=1");
    Ok(())
}

/// Deletes the account and everything stored for it, then signs out.
#[server(prefix = "/api", endpoint = "delete_account")]
pub async fn delete_account(password: String) -> Result<(), AppError> {
    use super::support::*;
    let session = session().await?;
    crate::services::auth::delete_account(&db()?, &accounts()?, &session, &password).await?;
    forget_this_device()?;
    leptos_axum::redirect("/?deleted=1");
    Ok(())
}

/// The password hint as the learner types (sign-up, password change): the same rule the
/// server applies on submit. Nothing is stored or logged; `username` is the name typed
/// beside it, if any, since a password made of it is easy to guess.
#[server(prefix = "/api", endpoint = "password_strength")]
pub async fn password_strength(
    password: String,
    username: Option<String>,
) -> Result<crate::domain::PasswordHint, AppError> {
    use super::support::*;
    crate::services::auth::password_hint(
        &db()?,
        &accounts()?,
        &session().await?,
        client()?,
        password,
        username,
    )
    .await
    .map(Into::into)
}

/// All my data as a JSON download (a GET, so a plain link fetches it).
#[server(prefix = "/api", endpoint = "my_data", input = GetUrl)]
pub async fn my_data() -> Result<AccountData, AppError> {
    use super::support::*;
    let db = db()?;
    let data = crate::services::auth::export(&db, learner(&db).await?).await?;
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::header::CONTENT_DISPOSITION,
            http::HeaderValue::from_static("attachment; filename=\"rehearse-my-data.json\""),
        );
        // One URL for every learner: no cache may keep one learner's answer for another.
        response.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-store"),
        );
    }
    Ok(data)
}
