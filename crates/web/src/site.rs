//! Which council a request is for. One installation can host many councils: a council is
//! found by the request's host name (its `hosts` setting), by a `/c/{slug}/` prefix, or, when
//! the installation holds just one council, by default. Every query a page makes is then
//! scoped to that council alone.

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use moot_domain::Council;

use crate::cache::Ticket;
use crate::{AppState, WebError};

/// The council a page is for, the prefix its links need ("" or "/c/rotherham"), and where
/// the change log stood when the request began (for the page cache).
#[derive(Debug, Clone)]
pub struct Site {
    pub council: Council,
    pub base: String,
    pub ticket: Ticket,
}

impl Site {
    /// `https://democracy.example.gov.uk`: the council's own host name when it has one (so a
    /// forged Host header cannot put other addresses into a cached sitemap), else the
    /// request's. Absolute addresses (sitemaps, open data) start with it and `base`.
    pub fn origin(&self, headers: &axum::http::HeaderMap) -> String {
        let host = self.council.settings.hosts.first().map(String::as_str);
        origin(headers, host)
    }

    /// `democracy.example.gov.uk`: the host name of [`Site::origin`], for what names the site
    /// without a scheme (`webcal://` links, calendar UIDs).
    pub fn host<'h>(&'h self, headers: &'h axum::http::HeaderMap) -> &'h str {
        self.council.settings.hosts.first().map_or_else(
            || {
                headers
                    .get(axum::http::header::HOST)
                    .and_then(|h| h.to_str().ok())
                    .unwrap_or("localhost")
            },
            String::as_str,
        )
    }
}

/// The scheme (as a proxy in front says, `x-forwarded-proto`) and `host`, or the request's.
pub fn origin(headers: &axum::http::HeaderMap, host: Option<&str>) -> String {
    let requested = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("http");
    format!("{scheme}://{}", host.unwrap_or(requested))
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
    let ticket = state.cache.sync(&*state.store).await?;
    let councils = state.cache.councils(&*state.store, ticket).await?;
    let params = RawPathParams::from_request_parts(parts, state)
        .await
        .map_err(|_| WebError::NotFound)?;
    let site = |council: &Council, base: String| {
        Root::Site(Box::new(Site {
            council: council.clone(),
            base,
            ticket,
        }))
    };
    if let Some((_, slug)) = params.iter().find(|(name, _)| *name == "council") {
        let council = councils
            .iter()
            .find(|c| c.slug.as_str() == slug)
            .ok_or(WebError::NotFound)?;
        return Ok(site(council, format!("/c/{}", council.slug)));
    }
    if let Some(host) = host_of(parts)
        && let Some(council) = councils.iter().find(|c| c.settings.hosts.contains(&host))
    {
        return Ok(site(council, String::new()));
    }
    match councils.as_slice() {
        [only] => Ok(site(only, String::new())),
        many => Ok(Root::Directory(many.to_vec())),
    }
}

impl FromRequestParts<AppState> for Root {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        resolve(parts, state).await
    }
}

/// Found once per request: a layer or extractor that found it first leaves it in the
/// request's extensions, so the handler reads the same council at the same log position.
impl FromRequestParts<AppState> for Site {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        if let Some(site) = parts.extensions.get::<Site>() {
            return Ok(site.clone());
        }
        match resolve(parts, state).await? {
            Root::Site(site) => {
                parts.extensions.insert((*site).clone());
                Ok(*site)
            }
            Root::Directory(_) => Err(WebError::NotFound),
        }
    }
}

/// Every council with the root of its site (`https://host/c/rotherham`, or the host alone
/// when it serves one council): what the installation-wide lists of OParl and the API give.
pub async fn council_roots(
    store: &dyn moot_store::Store,
    headers: &axum::http::HeaderMap,
) -> Result<Vec<(Council, String)>, WebError> {
    let councils: Vec<Council> = store
        .councils()
        .await?
        .into_iter()
        .filter_map(|s| match s.record {
            moot_store::Record::Council(c) => Some(c),
            _ => None,
        })
        .collect();
    let only = councils.len() == 1;
    Ok(councils
        .into_iter()
        .map(|c| {
            let origin = origin(headers, None);
            let base = if only { String::new() } else { format!("/c/{}", c.slug) };
            (c, format!("{origin}{base}"))
        })
        .collect())
}
