//! Saying which server a URL points at without ever repeating its password.

use moot_store::StoreError;
use sqlx::postgres::PgConnectOptions;
use std::str::FromStr;

/// "postgres://moot@db.example:5432/moot": the URL with any password removed.
pub fn describe(url: &str) -> String {
    match PgConnectOptions::from_str(url) {
        Ok(o) => format!(
            "postgres://{}@{}:{}/{}",
            o.get_username(),
            o.get_host(),
            o.get_port(),
            o.get_database().unwrap_or("")
        ),
        Err(_) => match (url.find("://"), url.rfind('@')) {
            (Some(start), Some(at)) if at > start => format!("{}://…@{}", &url[..start], &url[at + 1..]),
            _ => "an unparseable PostgreSQL URL".to_owned(),
        },
    }
}

/// Explains a failed connection: which server, which user, and what went wrong.
pub fn connect_error(url: &str, e: sqlx::Error) -> StoreError {
    let (server, user) = match PgConnectOptions::from_str(url) {
        Ok(o) => (
            format!("{}:{}", o.get_host(), o.get_port()),
            o.get_username().to_owned(),
        ),
        Err(_) => (describe(url), String::new()),
    };
    let why = match &e {
        sqlx::Error::Io(io) => format!("cannot reach the database server at {server} ({io})"),
        sqlx::Error::PoolTimedOut => format!("cannot reach the database server at {server} (timed out)"),
        sqlx::Error::Database(db) => match db.code().as_deref() {
            Some("28P01") | Some("28000") => format!(
                "the database server at {server} refused user {user:?}: {}",
                db.message()
            ),
            Some("3D000") => format!("the database server at {server} has no such database: {}", db.message()),
            _ => format!("the database server at {server} said: {}", db.message()),
        },
        other => format!("could not connect to the database server at {server}: {other}"),
    };
    StoreError::BadUrl {
        url: describe(url),
        why,
    }
}
