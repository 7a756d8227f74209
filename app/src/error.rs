//! The one error type of server functions, and the policy behind it.
//!
//! Each variant is something the client can act on. The message a person sees is a clear
//! sentence; the cause (a database error, an I/O error) is logged on the server with its whole
//! chain by [`AppError::internal`] and never sent to the browser.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The request carried a value we cannot accept; the message says which and why.
    #[error("{0}")]
    InvalidInput(String),
    /// One field of a form was not accepted; `field` is the input's name, so the form can
    /// show `message` next to it.
    #[error("{message}")]
    Field { field: String, message: String },
    #[error("Please sign in to do that.")]
    Unauthorized,
    /// Sign-in failed. The same words whether the account exists or not.
    #[error("That username and password do not match an account.")]
    WrongCredentials,
    #[error("Too many attempts. Try again in {retry_after_secs} seconds.")]
    TooManyAttempts { retry_after_secs: u64 },
    #[error("{0} was not found.")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    /// Transport failures between the browser and the server (offline, bad response).
    #[error("Rehearse could not reach the server: {0}")]
    Transport(String),
}

impl AppError {
    /// Logs `cause` with its source chain and returns the opaque error the client sees.
    #[cfg(feature = "ssr")]
    pub fn internal(context: &str, cause: impl std::error::Error) -> Self {
        let mut chain = cause.to_string();
        let mut source = cause.source();
        while let Some(inner) = source {
            chain.push_str(": ");
            chain.push_str(&inner.to_string());
            source = inner.source();
        }
        tracing::error!(context, error = %chain, "internal error");
        AppError::Internal
    }

    pub fn field(field: &str, message: impl std::fmt::Display) -> Self {
        AppError::Field {
            field: field.to_owned(),
            message: message.to_string(),
        }
    }

    /// The message for the input named `name`, when this error is about it.
    pub fn message_for(&self, name: &str) -> Option<String> {
        match self {
            AppError::Field { field, message } if field == name => Some(message.clone()),
            _ => None,
        }
    }

    /// The HTTP status a server function answers with for this error.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::InvalidInput(_) | AppError::Field { .. } => 400,
            AppError::Unauthorized | AppError::WrongCredentials => 401,
            AppError::TooManyAttempts { .. } => 429,
            AppError::NotFound(_) => 404,
            AppError::Conflict(_) => 409,
            AppError::Internal => 500,
            AppError::Transport(_) => 502,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The request itself was malformed: say so rather than blame the server.
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::MissingArg(msg) => {
                AppError::InvalidInput(format!("The request was not understood ({msg})."))
            }
            ServerFnErrorErr::Request(msg) | ServerFnErrorErr::Deserialization(msg) => {
                AppError::Transport(msg)
            }
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %other, "server function failure");
                #[cfg(not(feature = "ssr"))]
                let _ = other;
                AppError::Internal
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_arguments_are_the_clients_fault() {
        let err = AppError::from_server_fn_error(ServerFnErrorErr::Args("level".into()));
        assert_eq!(err.status_code(), 400);
    }

    #[test]
    fn internal_errors_hide_their_cause() {
        let err = AppError::from_server_fn_error(ServerFnErrorErr::ServerError("db".into()));
        assert_eq!(err, AppError::Internal);
        assert!(!err.to_string().contains("db"));
    }
}
