//! One error type for every handler, rendered as an HTML page.
//!
//! - A record that is not there, or not there for this reader, is a 404: a guessed URL of an
//!   exempt document must look exactly like one that never existed.
//! - A store refusal caused by the request (a rule of the data) is a 422 naming the rule.
//! - Anything else is logged in full and shown as a plain 500, so no internals leak.

use std::borrow::Cow;

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use moot_store::StoreError;

#[derive(Debug)]
pub enum WebError {
    NotFound,
    /// A page for signed-in people, asked for without signing in.
    SignInNeeded,
    /// Signed in, but the role does not allow it.
    Forbidden,
    /// A form without its valid CSRF token.
    BadForm,
    /// Too many wrong passwords: `what` says which (a sentence), `wait` how long until the next
    /// try is allowed.
    TooManyAttempts {
        what: &'static str,
        wait: std::time::Duration,
    },
    Unprocessable(String),
    /// Something this server does not offer (search, on a node without an index).
    Unavailable(&'static str),
    Internal(String),
}

/// For logs and the command line, which report the cause rather than a page.
impl std::fmt::Display for WebError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unprocessable(why) | Self::Internal(why) => f.write_str(why),
            Self::Unavailable(what) => f.write_str(what),
            other => write!(f, "{other:?}"),
        }
    }
}

impl std::error::Error for WebError {}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } | StoreError::Deleted { .. } => Self::NotFound,
            StoreError::Invalid(_)
            | StoreError::Conflict { .. }
            | StoreError::HostTaken { .. }
            | StoreError::Stale { .. } => Self::Unprocessable(e.to_string()),
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<moot_domain::DomainError> for WebError {
    fn from(e: moot_domain::DomainError) -> Self {
        Self::Unprocessable(e.to_string())
    }
}

impl From<moot_search::SearchError> for WebError {
    fn from(e: moot_search::SearchError) -> Self {
        Self::Internal(e.to_string())
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        Self::Internal(format!("template: {e}"))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    base: &'a str,
    title: &'a str,
    message: &'a str,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, title, message): (StatusCode, &str, Cow<'_, str>) = match &self {
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                "Page not found",
                "There is nothing at this address.".into(),
            ),
            Self::SignInNeeded => (
                StatusCode::UNAUTHORIZED,
                "Please sign in",
                "This page is for signed-in council staff and councillors. Sign in from the link at the top of the page.".into(),
            ),
            Self::Forbidden => (
                StatusCode::FORBIDDEN,
                "Not allowed",
                "Your account's role does not allow this.".into(),
            ),
            Self::BadForm => (
                StatusCode::FORBIDDEN,
                "The form had expired",
                "The form was out of date or did not come from this site. Go back, reload the page and try again.".into(),
            ),
            Self::TooManyAttempts { what, wait } => {
                let minutes = retry_after(*wait).div_ceil(60);
                let unit = if minutes == 1 { "minute" } else { "minutes" };
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    "Too many attempts",
                    format!("{what} Try again in {minutes} {unit}.").into(),
                )
            }
            Self::Unprocessable(why) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "That could not be saved",
                why.as_str().into(),
            ),
            Self::Unavailable(what) => (StatusCode::SERVICE_UNAVAILABLE, "Not available", (*what).into()),
            Self::Internal(detail) => {
                tracing::error!(%detail, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong",
                    "The error has been logged.".into(),
                )
            }
        };
        let mut response = match (ErrorPage {
            base: "",
            title,
            message: &message,
        })
        .render()
        {
            Ok(body) => (status, Html(body)).into_response(),
            Err(_) => (status, title.to_owned()).into_response(),
        };
        if let Self::TooManyAttempts { wait, .. } = &self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after(*wait)));
        }
        response
    }
}

/// Whole seconds until `wait` has passed, at least one: what `Retry-After` says.
fn retry_after(wait: std::time::Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}
