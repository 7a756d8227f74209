//! Who is signed in, for every page: one resource in the app root, refetched whenever an
//! account action (sign-in, sign-up, sign-out, deletion) succeeds in the browser. Without
//! JavaScript every action ends in a full page load, which reads the session afresh.

use crate::api::account::current_user;
use crate::domain::SignedInUser;
use crate::error::AppError;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct CurrentUser {
    pub user: Resource<Result<Option<SignedInUser>, AppError>>,
    changes: RwSignal<u64>,
}

impl CurrentUser {
    /// Provides the resource; called once, from the app root.
    pub fn provide() -> Self {
        let changes = RwSignal::new(0_u64);
        let user = Resource::new(move || changes.get(), |_| current_user());
        let this = Self { user, changes };
        provide_context(this);
        this
    }

    pub fn get() -> Self {
        expect_context::<Self>()
    }

    /// A separate resource for a page that needs the user too. Reading one resource under
    /// two `<Suspense>` boundaries can stall a server render (leptos #4851), so each boundary
    /// gets its own; both refetch on the same changes.
    pub fn page_resource(&self) -> Resource<Result<Option<SignedInUser>, AppError>> {
        let changes = self.changes;
        Resource::new(move || changes.get(), |_| current_user())
    }

    /// Marks the signed-in user as changed, so the header asks again.
    pub fn changed(&self) {
        self.changes.update(|n| *n += 1);
    }

    /// Refreshes the user whenever `action` has just succeeded.
    pub fn follow<I, O>(&self, action: ServerAction<I>)
    where
        I: server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
        O: Clone + Send + Sync + 'static,
    {
        let this = *self;
        Effect::new(move |_| {
            if matches!(action.value().get(), Some(Ok(_))) {
                this.changed();
            }
        });
    }
}
