//! Signing in and out, one's own account, and the admins' pages for accounts and the audit
//! trail.

pub mod accounts;
pub mod session;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;

/// The routes for accounts and sessions.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sign-in", get(session::form).post(session::sign_in))
        .route("/sign-out", post(session::sign_out))
        .route("/account", get(session::page))
        .route("/account/password", post(accounts::change_password))
        .route("/admin/audit", get(session::audit))
        .route("/admin/accounts", get(accounts::index).post(accounts::create))
}
