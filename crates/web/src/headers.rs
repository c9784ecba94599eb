//! Security headers on every response. The pages use no inline script or style and load
//! nothing from elsewhere, so the policy can stay this strict.

use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};

const POLICY: [(HeaderName, &str); 5] = [
    (
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'",
    ),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=()",
    ),
];

/// Adds the policy headers that a handler has not set itself.
pub async fn add(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in POLICY {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    }
    response
}

/// Pages for one signed-in person are never kept by a shared cache.
pub fn private(page: impl IntoResponse) -> Response {
    ([(header::CACHE_CONTROL, "private, no-store")], page).into_response()
}
