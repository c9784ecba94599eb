//! Which council a request is for. One installation can host many councils: a council is
//! found by the request's host name (its `hosts` setting), by a `/c/{slug}/` prefix, or, when
//! the installation holds just one council, by default. Every query a page makes is then
//! scoped to that council alone.

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use moot_domain::Council;
use moot_store::typed;

use crate::{AppState, WebError};

/// The council a page is for, and the prefix its links need ("" or "/c/rotherham").
#[derive(Debug, Clone)]
pub struct Site {
    pub council: Council,
    pub base: String,
}

/// A page at the root of an installation: one council's site, or a directory of councils.
#[derive(Debug)]
pub enum Root {
    Site(Box<Site>),
    Directory(Vec<Council>),
}

fn host_of(parts: &Parts) -> Option<String> {
    let host = parts.headers.get(axum::http::header::HOST)?.to_str().ok()?;
    let name = host.rsplit_once(':').map_or(host, |(name, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            name
        } else {
            host
        }
    });
    Some(name.to_ascii_lowercase())
}

async fn resolve(parts: &mut Parts, state: &AppState) -> Result<Root, WebError> {
    let councils: Vec<Council> = state
        .store
        .councils()
        .await?
        .into_iter()
        .map(|s| typed(s).map(|s| s.record))
        .collect::<Result<_, _>>()?;
    let params = RawPathParams::from_request_parts(parts, state)
        .await
        .map_err(|_| WebError::NotFound)?;
    if let Some((_, slug)) = params.iter().find(|(name, _)| *name == "council") {
        let council = councils
            .into_iter()
            .find(|c| c.slug.as_str() == slug)
            .ok_or(WebError::NotFound)?;
        let base = format!("/c/{}", council.slug);
        return Ok(Root::Site(Box::new(Site { council, base })));
    }
    if let Some(host) = host_of(parts)
        && let Some(council) = councils.iter().find(|c| c.settings.hosts.contains(&host))
    {
        return Ok(Root::Site(Box::new(Site {
            council: council.clone(),
            base: String::new(),
        })));
    }
    match <[Council; 1]>::try_from(councils) {
        Ok([only]) => Ok(Root::Site(Box::new(Site {
            council: only,
            base: String::new(),
        }))),
        Err(many) => Ok(Root::Directory(many)),
    }
}

impl FromRequestParts<AppState> for Root {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        resolve(parts, state).await
    }
}

impl FromRequestParts<AppState> for Site {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        match resolve(parts, state).await? {
            Root::Site(site) => Ok(*site),
            Root::Directory(_) => Err(WebError::NotFound),
        }
    }
}
