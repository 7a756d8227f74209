//! A refused plain form post comes back to its page with the error in the URL
//! (`?__path=…&__err=…`, written by the server-function layer). On the server the router
//! hands that to `ServerAction::new` as context. An island hydrates in the browser without
//! the server's context and without a router, so its form would start without the error the
//! server rendered, and hydration would not match. [`PostedError`] carries the error into the
//! island as a prop, and [`PostedError::provide`] gives it back as the same context, on both
//! sides.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server::ServerActionError;
use leptos::server_fn::error::ServerFnUrlError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostedError(Option<(String, String)>);

impl PostedError {
    /// The error of the plain post this page answers, if any. Call it in the server component
    /// that renders the island.
    pub fn of_this_request() -> Self {
        Self(use_context::<ServerActionError>().map(|e| (e.path().to_owned(), e.err().to_owned())))
    }

    /// The refused post's error, if it was a post to the server function at `path`. A page
    /// can hold several forms; only the one that was posted shows the error.
    pub fn error_for(&self, path: &str) -> Option<AppError> {
        let (posted_to, err) = self.0.as_ref()?;
        (posted_to == path).then(|| ServerFnUrlError::<AppError>::decode_err(err))
    }
}
