//! The one error type of server functions, and the policy behind it.
//!
//! Each variant is something the client can act on. The message a person sees is a clear
//! sentence; the cause (a database error, an I/O error) is logged on the server with its whole
//! chain by [`AppError::internal`] and never sent to the browser.

use crate::domain::stories::{StoryTextError, StoryTitleError};
use crate::domain::{
    AnswerError, CommentError, DateError, DescriptionError, PasswordError, QuestionSlug,
    SetTitleError, UsernameError,
};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The request carried a value we cannot accept; the message says which and why.
    #[error("{0}")]
    InvalidInput(String),
    /// One field of a form was not accepted; the form shows the problem next to that input.
    /// Both are codes, not text: a form posted without JavaScript gets its error back in the
    /// URL, and a crafted URL must not be able to put words of its choosing on our page.
    #[error("{problem}")]
    Field {
        field: FieldName,
        problem: FieldProblem,
    },
    #[error("Please sign in to do that.")]
    Unauthorized,
    /// Sign-in failed. The same words whether the account exists or not.
    #[error("That username and password do not match an account.")]
    WrongCredentials,
    #[error("Too many attempts. Try again in {retry_after_secs} seconds.")]
    TooManyAttempts { retry_after_secs: u64 },
    /// Signed in, but the thing belongs to someone else (a set I do not own).
    #[error("That belongs to someone else, so you cannot change it.")]
    Forbidden,
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

    pub fn field(field: FieldName, problem: impl Into<FieldProblem>) -> Self {
        AppError::Field {
            field,
            problem: problem.into(),
        }
    }

    /// The message for the input named `name`, when this error is about it.
    pub fn message_for(&self, name: &str) -> Option<String> {
        match self {
            AppError::Field { field, problem } if field.as_str() == name => {
                Some(problem.to_string())
            }
            _ => None,
        }
    }

    /// What a form shows above its button for this error, if it is not about one field.
    pub fn form_text(&self) -> Option<String> {
        match self {
            // The wait is a number, so it is safe to show whatever its origin.
            AppError::TooManyAttempts { retry_after_secs } => Some(format!(
                "Too many attempts. Try again in {retry_after_secs} seconds."
            )),
            other => other.form_message().map(str::to_owned),
        }
    }

    /// The fixed sentence of [`form_text`](Self::form_text). Only fixed sentences: errors
    /// that carry free text could have come from a crafted URL.
    pub fn form_message(&self) -> Option<&'static str> {
        Some(match self {
            AppError::Field { .. } => return None,
            AppError::WrongCredentials => "That username and password do not match an account.",
            AppError::Unauthorized => "Please sign in to do that.",
            AppError::Forbidden => "That belongs to someone else, so you cannot change it.",
            AppError::TooManyAttempts { .. } => return None,
            AppError::Transport(_) => {
                "Rehearse could not reach the server. Check your connection and try again."
            }
            AppError::InvalidInput(_) | AppError::NotFound(_) | AppError::Conflict(_) => {
                "That did not work. Check the form and try again."
            }
            AppError::Internal => "Something went wrong on our side. Please try again in a moment.",
        })
    }

    /// The HTTP status a server function answers with for this error.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::InvalidInput(_) | AppError::Field { .. } => 400,
            AppError::Unauthorized | AppError::WrongCredentials => 401,
            AppError::Forbidden => 403,
            AppError::TooManyAttempts { .. } => 429,
            AppError::NotFound(_) => 404,
            AppError::Conflict(_) => 409,
            AppError::Internal => 500,
            AppError::Transport(_) => 502,
        }
    }
}

/// The one mapping from an error to HTTP: the status and headers every route answers a
/// failure with, whether a server function (through the server's middleware), a plain route
/// (the set file's) or a page that shows the error while rendering.
#[cfg(feature = "ssr")]
impl AppError {
    pub fn http_status(&self) -> http::StatusCode {
        http::StatusCode::from_u16(self.status_code())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// Headers that go with the status: when to try again, for a throttled request.
    pub fn http_headers(&self) -> Vec<(http::HeaderName, http::HeaderValue)> {
        match self {
            AppError::TooManyAttempts { retry_after_secs } => vec![(
                http::header::RETRY_AFTER,
                http::HeaderValue::from(*retry_after_secs),
            )],
            _ => Vec::new(),
        }
    }

    /// Answers the page being rendered with this error's status and headers.
    pub fn set_on_page(&self) {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(self.http_status());
            for (name, value) in self.http_headers() {
                response.insert_header(name, value);
            }
        }
    }
}

/// What a failure the learner cannot fix becomes: logged with `context` and its cause, and
/// answered as [`AppError::Internal`]. One helper for every service module, instead of a
/// closure copied into each.
#[cfg(feature = "ssr")]
pub trait Context<T> {
    fn context(self, context: &'static str) -> Result<T, AppError>;
}

#[cfg(feature = "ssr")]
impl<T, E: std::error::Error> Context<T> for Result<T, E> {
    fn context(self, context: &'static str) -> Result<T, AppError> {
        self.map_err(|err| AppError::internal(context, err))
    }
}

/// The inputs of our forms, by their `name`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldName {
    Username,
    Password,
    CurrentPassword,
    NewPassword,
    Answer,
    Ticked,
    Rating,
    InterviewOn,
    TimeZone,
    Title,
    Description,
    DueOn,
    Question,
    Attempt,
    Comment,
    SetFile,
    Confirm,
    Kind,
    Concepts,
    Situation,
    Options,
    Decision,
    Result,
    Lessons,
    Notes,
    Story,
}

impl FieldName {
    pub fn as_str(self) -> &'static str {
        match self {
            FieldName::Username => "username",
            FieldName::Password => "password",
            FieldName::CurrentPassword => "current_password",
            FieldName::NewPassword => "new_password",
            FieldName::Answer => "answer",
            FieldName::Ticked => "ticked",
            FieldName::Rating => "rating",
            FieldName::InterviewOn => "interview_on",
            FieldName::TimeZone => "time_zone",
            FieldName::Title => "title",
            FieldName::Description => "description",
            FieldName::DueOn => "due_on",
            FieldName::Question => "question",
            FieldName::Attempt => "attempt",
            FieldName::Comment => "comment",
            FieldName::SetFile => "set_file",
            FieldName::Confirm => "confirm",
            FieldName::Kind => "kind",
            FieldName::Concepts => "concepts",
            FieldName::Situation => "situation",
            FieldName::Options => "options",
            FieldName::Decision => "decision",
            FieldName::Result => "result",
            FieldName::Lessons => "lessons",
            FieldName::Notes => "notes",
            FieldName::Story => "story",
        }
    }
}

/// Why a field was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum FieldProblem {
    #[error(transparent)]
    Username(#[from] UsernameError),
    #[error(transparent)]
    Password(#[from] PasswordError),
    #[error("That username is taken. Choose another, or sign in if it is yours.")]
    UsernameTaken,
    #[error("Enter your username.")]
    UsernameMissing,
    #[error("Enter your password.")]
    PasswordMissing,
    #[error("Enter your current password.")]
    CurrentPasswordMissing,
    #[error("That is not your current password.")]
    NotCurrentPassword,
    #[error(transparent)]
    Answer(#[from] AnswerError),
    #[error("That rubric item is not on this question. Reload the page and tick again.")]
    UnknownRubricItem,
    #[error("Choose a rating from 1 (Again) to 4 (Easy).")]
    RatingOutOfRange,
    #[error(transparent)]
    Date(#[from] DateError),
    #[error("That day has passed. Choose today or a later day.")]
    DateInThePast,
    #[error("Choose a day within the next two years.")]
    DateTooFar,
    #[error("Choose a time zone from the list, such as Europe/Berlin or America/New_York.")]
    UnknownTimeZone,
    #[error(transparent)]
    SetTitle(#[from] SetTitleError),
    #[error(transparent)]
    Description(#[from] DescriptionError),
    #[error(transparent)]
    Comment(#[from] CommentError),
    #[error("Choose a question from the list.")]
    NoSuchQuestion,
    #[error("That question is already in the set.")]
    AlreadyInSet,
    #[error("That question is no longer in the set.")]
    NotInSet,
    #[error(
        "The list changed since this page was loaded (in another tab, perhaps). It is shown as it is now: try again."
    )]
    ListChanged,
    #[error("Choose one of your own answers to questions in this set.")]
    NotShareable,
    #[error("That is not a Rehearse set file. Export a set from its page, then import that file.")]
    NotASetFile,
    #[error("The set file names no questions.")]
    EmptySetFile,
    #[error(
        "Question {0} in the file's list is not a question id (lowercase words joined by hyphens). Nothing was imported."
    )]
    MalformedQuestion(u32),
    #[error("Tick the box to confirm: the set is deleted for every member.")]
    ConfirmDelete,
    #[error(transparent)]
    StoryTitle(#[from] StoryTitleError),
    #[error(transparent)]
    StoryText(#[from] StoryTextError),
    #[error("Choose what kind of story this is.")]
    UnknownStoryKind,
    #[error("Choose concepts from the list.")]
    UnknownConcept,
    #[error("Tick the box to confirm: the story, every version and every rehearsal are deleted.")]
    ConfirmStoryDelete,
    #[error("Choose one of your own stories.")]
    StoryNotShareable,
    /// The slugs are validated on the way in, so a crafted URL can show only slug-shaped words.
    #[error("{}", unknown_questions(.0))]
    UnknownQuestions(Vec<QuestionSlug>),
}

fn unknown_questions(slugs: &[QuestionSlug]) -> String {
    let names: Vec<&str> = slugs.iter().take(10).map(QuestionSlug::as_str).collect();
    let more = slugs.len().saturating_sub(names.len());
    let list = names.join(", ");
    let plural = slugs.len() != 1;
    let mut message = format!(
        "{} not in the question bank: {list}",
        if plural {
            "These questions are"
        } else {
            "This question is"
        }
    );
    if more > 0 {
        message.push_str(&format!(" and {more} more"));
    }
    message.push_str(". Nothing was imported.");
    message
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The request itself was malformed: say so rather than blame the server. The
            // parser's message can quote the input, so only its start is kept: an error must
            // never echo unbounded input back.
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::MissingArg(msg) => {
                AppError::InvalidInput(format!(
                    "The request was not understood ({}).",
                    bounded(&msg)
                ))
            }
            // On the server these mean the request's body could not be read or decoded
            // (not UTF-8, say): the client's fault, a 400. In the browser they mean the
            // server's answer could not be, which is a transport problem.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::InvalidInput("The request's body could not be read.".to_owned())
            }
            #[cfg(not(feature = "ssr"))]
            ServerFnErrorErr::Request(msg) | ServerFnErrorErr::Deserialization(msg) => {
                AppError::Transport(bounded(&msg).to_owned())
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

/// At most the first 80 characters of `text`, for messages that may quote input.
fn bounded(text: &str) -> &str {
    match text.char_indices().nth(80) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_malformed_argument_is_not_echoed_in_full() {
        let huge = format!("unknown variant `{}`", "x".repeat(66_000));
        let err = AppError::from_server_fn_error(ServerFnErrorErr::Args(huge));
        assert_eq!(err.status_code(), 400);
        assert!(err.to_string().len() < 200, "{}", err.to_string().len());
        let err = AppError::from_server_fn_error(ServerFnErrorErr::Args("é".repeat(100)));
        assert!(err.to_string().contains(&"é".repeat(80)));
    }

    #[test]
    fn an_unreadable_body_is_the_clients_fault() {
        let err = AppError::from_server_fn_error(ServerFnErrorErr::Deserialization(
            "invalid utf-8 sequence".into(),
        ));
        assert_eq!(err.status_code(), 400);
    }

    #[test]
    fn malformed_arguments_are_the_clients_fault() {
        let err = AppError::from_server_fn_error(ServerFnErrorErr::Args("level".into()));
        assert_eq!(err.status_code(), 400);
    }

    #[test]
    fn field_errors_travel_as_codes_and_read_as_sentences() {
        let err = AppError::field(FieldName::NewPassword, PasswordError::TooShort);
        let json = serde_json::to_string(&err).expect("json");
        assert_eq!(
            json,
            r#"{"Field":{"field":"new_password","problem":{"password":"too_short"}}}"#
        );
        assert_eq!(
            err.message_for("new_password").as_deref(),
            Some("Use at least 8 characters; 15 or more is better.")
        );
        assert_eq!(err.message_for("password"), None);
        assert_eq!(
            err.form_message(),
            None,
            "shown by its field, not above the button"
        );
    }

    #[test]
    fn a_form_never_shows_free_text_from_an_error() {
        let planted = AppError::InvalidInput("Call 555-0100 to unlock your account".into());
        assert!(!planted.form_message().unwrap_or_default().contains("555"));
    }

    #[test]
    fn internal_errors_hide_their_cause() {
        let err = AppError::from_server_fn_error(ServerFnErrorErr::ServerError("db".into()));
        assert_eq!(err, AppError::Internal);
        assert!(!err.to_string().contains("db"));
    }
}
