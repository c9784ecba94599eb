//! One error type for every handler, rendered as an HTML page.
//!
//! - A record that is not there, or not there for this reader, is a 404: a guessed URL of an
//!   exempt document must look exactly like one that never existed.
//! - A refusal caused by the request (a rule of the data) is a 422 in the person's words; a
//!   clash with a colleague's edit or a database rule says what to do, never which record at
//!   which version or what the database said, which go to the log.
//! - Anything else is logged in full, with its causes, and shown as a plain 500.
//!
//! Machine surfaces (OParl) answer the same errors as JSON, `{"error": "…"}`, through
//! [`JsonError`]; a request they cannot read is a 400 ([`WebError::BadRequest`]).

use std::borrow::Cow;

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use moot_app::AppError;
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
    /// A machine request that cannot be read (an unknown filter, a malformed date, a cursor
    /// that was tampered with), in words that say which part.
    BadRequest(String),
    /// A machine request for something that does not exist, in words that say what (a
    /// feed of a committee there is no such committee for).
    Missing(String),
    /// Something this server does not offer (search, on a node without an index).
    Unavailable(&'static str),
    /// What a use case refused or failed with, cause and all.
    App(AppError),
}

impl WebError {
    /// A failure that is not the reader's doing, logged with its cause.
    pub fn internal(context: &'static str, cause: impl Into<moot_app::Cause>) -> Self {
        Self::App(AppError::internal(context, cause))
    }
}

/// For logs and the command line, which report the cause rather than a page.
impl std::fmt::Display for WebError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unprocessable(why) | Self::BadRequest(why) | Self::Missing(why) => f.write_str(why),
            Self::Unavailable(what) => f.write_str(what),
            Self::App(e) => f.write_str(&e.chain()),
            other => write!(f, "{other:?}"),
        }
    }
}

impl std::error::Error for WebError {}

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::NotFound => Self::NotFound,
            AppError::NotAllowed => Self::Forbidden,
            other => Self::App(other),
        }
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        AppError::from(e).into()
    }
}

impl From<moot_domain::DomainError> for WebError {
    fn from(e: moot_domain::DomainError) -> Self {
        AppError::from(e).into()
    }
}

impl From<moot_search::SearchError> for WebError {
    fn from(e: moot_search::SearchError) -> Self {
        AppError::from(e).into()
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        Self::internal("rendering a template", e)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    base: &'a str,
    title: &'a str,
    message: &'a str,
}

impl WebError {
    /// The status, the page's title and what the reader is told; a failure is logged here.
    fn told(&self) -> (StatusCode, &'static str, Cow<'_, str>) {
        match self {
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
            Self::BadRequest(why) => (StatusCode::BAD_REQUEST, "Bad request", why.as_str().into()),
            Self::Missing(why) => (StatusCode::NOT_FOUND, "Page not found", why.as_str().into()),
            Self::Unavailable(what) => (StatusCode::SERVICE_UNAVAILABLE, "Not available", (*what).into()),
            Self::App(AppError::Refused { message, cause }) => {
                if cause.is_some() {
                    tracing::info!(cause = %self, "write refused");
                }
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "That could not be saved",
                    message.as_str().into(),
                )
            }
            Self::App(e) => {
                tracing::error!(detail = %e.chain(), "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong",
                    "The error has been logged.".into(),
                )
            }
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, title, message) = self.told();
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

/// A [`WebError`] answered as JSON, `{"error": "…"}`, with the status the page would have.
#[derive(Debug)]
pub struct JsonError(pub WebError);

impl<E: Into<WebError>> From<E> for JsonError {
    fn from(e: E) -> Self {
        Self(e.into())
    }
}

impl IntoResponse for JsonError {
    fn into_response(self) -> Response {
        let (status, _, message) = self.0.told();
        let body = serde_json::json!({ "error": message }).to_string();
        (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
    }
}

/// Whole seconds until `wait` has passed, at least one: what `Retry-After` says.
fn retry_after(wait: std::time::Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn page(e: WebError) -> (StatusCode, String) {
        let response = e.into_response();
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20).await.expect("body");
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn a_database_rule_is_shown_as_a_sentence_and_never_by_name() {
        let (status, body) = page(
            StoreError::Conflict {
                constraint: "UNIQUE constraint failed: user_accounts.council_id, user_accounts.email".into(),
            }
            .into(),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("clashes with something already recorded"), "{body}");
        assert!(!body.contains("UNIQUE") && !body.contains("user_accounts"), "{body}");
    }

    #[tokio::test]
    async fn a_stale_write_is_shown_without_the_record_or_its_versions() {
        let id = uuid::Uuid::now_v7();
        let (status, body) = page(
            StoreError::Stale {
                kind: moot_store::Kind::Meeting,
                id,
                expected: 3,
                found: 4,
            }
            .into(),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("Reload the page to see theirs"), "{body}");
        assert!(!body.contains(&id.to_string()) && !body.contains("version"), "{body}");
    }

    #[tokio::test]
    async fn a_failure_is_logged_not_shown() {
        let (status, body) = page(StoreError::Backend("connection reset by peer".into()).into()).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!body.contains("connection reset"), "{body}");
    }
}
