//! Who is signed in, for every page: one resource in the app root. Pages render on the
//! server only (islands mode) and every account action ends in a full page load, so each
//! render reads the session afresh; nothing needs refetching in the browser.

use crate::api::account::current_user;
use crate::domain::SignedInUser;
use crate::error::AppError;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct CurrentUser {
    pub user: Resource<Result<Option<SignedInUser>, AppError>>,
}

impl CurrentUser {
    /// Provides the resource; called once, from the app root.
    pub fn provide() -> Self {
        let this = Self {
            user: Resource::new(|| (), |()| current_user()),
        };
        provide_context(this);
        this
    }

    pub fn get() -> Self {
        expect_context::<Self>()
    }

    /// A separate resource for a page that needs the user too. Reading one resource under
    /// two `<Suspense>` boundaries can stall a server render (leptos #4851), so each boundary
    /// gets its own.
    pub fn page_resource(&self) -> Resource<Result<Option<SignedInUser>, AppError>> {
        Resource::new(|| (), |()| current_user())
    }
}
