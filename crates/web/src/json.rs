//! The JSON answers of the open-data surfaces (OParl, the JSON API): readable from any web
//! page (CORS for GET), and tagged with a strong ETag over their bytes, so that a client
//! polling an unchanged list gets a `304` and no body, also when the answer came from the
//! page cache.

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::WebError;

/// `value` as a JSON answer with its ETag.
pub fn json(value: &impl Serialize) -> Result<Response, WebError> {
    let body = serde_json::to_vec(value).map_err(|e| WebError::internal("writing JSON", e))?;
    let tag = format!("\"{}\"", hex::encode(&Sha256::digest(&body)[..16]));
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*".to_owned()),
            (header::ACCESS_CONTROL_EXPOSE_HEADERS, "ETag".to_owned()),
            (header::ETAG, tag),
        ],
        body,
    )
        .into_response())
}

/// The code a value of one of the domain's unit enums is stored under (`select_commission`,
/// `agenda_pack`): what the open-data surfaces print for it.
pub fn code(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A layer over the JSON routes: a `GET` whose `If-None-Match` names the answer's ETag (or
/// is `*`) is answered `304 Not Modified` with the tag and no body (RFC 9110, 13.1.2).
pub async fn conditional(request: Request, next: Next) -> Response {
    let wanted = request.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    let Some(wanted) = wanted else {
        return response;
    };
    let Some(tag) = response.headers().get(header::ETAG).cloned() else {
        return response;
    };
    if response.status() != StatusCode::OK || !names(&wanted, &tag) {
        return response;
    }
    (
        StatusCode::NOT_MODIFIED,
        [
            (header::ETAG, tag),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*")),
            (header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static("ETag")),
        ],
    )
        .into_response()
}

/// Whether an `If-None-Match` list names `tag`; the comparison is weak, as the RFC asks of
/// `If-None-Match`, so `W/"x"` matches `"x"`.
fn names(wanted: &HeaderValue, tag: &HeaderValue) -> bool {
    let Ok(wanted) = wanted.to_str() else {
        return false;
    };
    let tag = tag.to_str().unwrap_or_default().trim_start_matches("W/");
    wanted
        .split(',')
        .map(str::trim)
        .any(|w| w == "*" || w.trim_start_matches("W/") == tag)
}

/// Answers a CORS preflight for the read-only routes, which a browser sends before a `GET`
/// that carries `If-None-Match` from a script.
pub async fn preflight() -> impl IntoResponse {
    (
        StatusCode::NO_CONTENT,
        [
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
            (header::ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS"),
            (header::ACCESS_CONTROL_ALLOW_HEADERS, "If-None-Match"),
            (header::ACCESS_CONTROL_MAX_AGE, "86400"),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_lists_and_weak_tags_match() {
        let tag = HeaderValue::from_static("\"abc\"");
        for (wanted, expected) in [
            ("\"abc\"", true),
            ("W/\"abc\"", true),
            ("\"x\", \"abc\"", true),
            ("*", true),
            ("\"abd\"", false),
            ("abc", false),
        ] {
            assert_eq!(names(&HeaderValue::from_static(wanted), &tag), expected, "{wanted}");
        }
    }
}
