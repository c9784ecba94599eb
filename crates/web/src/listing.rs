//! The query of an open-data list or object (OParl and the JSON API), checked at the edge:
//! an unknown parameter, one given twice or a value that is not one is a 400, never
//! ignored, so that a client's typo cannot silently widen what it syncs.

use jiff::Timestamp;
use moot_app::open_data::Window;

use crate::WebError;

/// Objects on a page unless the client asks for fewer (or more, up to `MOST`).
const DEFAULT_LIMIT: u32 = 100;
const MOST: u32 = 1000;

#[derive(Debug)]
pub struct Params {
    pub window: Window,
    pub omit_internal: bool,
    pub limit: u32,
    pub cursor: Option<String>,
    /// The surface's own filters (`committee`, `from`), as given: the caller checks them.
    pub filters: Vec<(String, String)>,
    /// Every filter as the links repeat them, in one order: what a cursor is bound to.
    pub canonical: String,
}

impl Params {
    /// Reads a query that may use the names in `accepted`: the time filters
    /// (`created_since` …), `omit_internal`, `limit` and `cursor` are read here, any other
    /// accepted name is passed on in `filters`.
    pub fn parse(raw: Option<&str>, accepted: &[&str]) -> Result<Self, WebError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
            .map_err(|_| WebError::BadRequest("the query string could not be read".into()))?;
        let mut params = Self {
            window: Window::default(),
            omit_internal: false,
            limit: DEFAULT_LIMIT,
            cursor: None,
            filters: Vec::new(),
            canonical: String::new(),
        };
        let mut seen: Vec<&str> = Vec::new();
        let mut canonical: Vec<(&str, String)> = Vec::new();
        for (name, value) in &pairs {
            let name = name.as_str();
            if !accepted.contains(&name) {
                return Err(WebError::BadRequest(format!("unknown parameter {name:?}")));
            }
            if seen.contains(&name) {
                return Err(WebError::BadRequest(format!("the parameter {name} is given twice")));
            }
            seen.push(name);
            let time = |slot: &mut Option<Timestamp>| -> Result<(), WebError> {
                *slot = Some(value.parse::<Timestamp>().map_err(|_| {
                    WebError::BadRequest(format!(
                        "{name} must be a date and time with its offset, as 2014-01-01T00:00:00+01:00"
                    ))
                })?);
                Ok(())
            };
            match name {
                "omit_internal" => {
                    params.omit_internal = match value.as_str() {
                        "true" => true,
                        "false" => false,
                        _ => return Err(WebError::BadRequest("omit_internal must be true or false".into())),
                    }
                }
                "created_since" => time(&mut params.window.created_since)?,
                "created_until" => time(&mut params.window.created_until)?,
                "modified_since" => time(&mut params.window.modified_since)?,
                "modified_until" => time(&mut params.window.modified_until)?,
                "limit" => {
                    params.limit = value
                        .parse::<u32>()
                        .ok()
                        .filter(|n| (1..=MOST).contains(n))
                        .ok_or_else(|| {
                            WebError::BadRequest(format!("limit must be a whole number from 1 to {MOST}"))
                        })?;
                }
                "cursor" => {
                    params.cursor = Some(value.clone());
                    continue;
                }
                other => params.filters.push((other.to_owned(), value.clone())),
            }
            canonical.push((name, value.clone()));
        }
        canonical.sort();
        params.canonical =
            serde_urlencoded::to_string(&canonical).map_err(|e| WebError::internal("writing a list's filters", e))?;
        Ok(params)
    }

    /// The list's address with its filters and, if given, one more parameter (a cursor).
    pub fn link(&self, list_url: &str, extra: Option<String>) -> String {
        let parts: Vec<&str> = [Some(self.canonical.as_str()), extra.as_deref()]
            .into_iter()
            .flatten()
            .filter(|p| !p.is_empty())
            .collect();
        if parts.is_empty() {
            list_url.to_owned()
        } else {
            format!("{list_url}?{}", parts.join("&"))
        }
    }
}
