//! A refused plain form post comes back to its page with the error in the URL
//! (`?__path=…&__err=…`, written by the server-function layer), which the router hands to
//! the page as context. Forms are rendered on the server only, so [`PostedError`] reads it
//! there, for the form that was posted, and the form renders the words into its error slots.
//! `PostInPlace` asks for the same rendering after a refusal, so a script's post and a plain
//! post show the same words.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server::ServerActionError;
use leptos::server_fn::error::ServerFnUrlError;
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostedError(Option<(String, String)>);

impl PostedError {
    /// The error of the plain post this page answers, if any. Call it in the component that
    /// renders the form.
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
