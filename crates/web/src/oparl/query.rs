//! A list's query: the spec's filters, checked at the edge (an unknown parameter or a date
//! that is not one is a 400, never ignored, so a client's typo cannot silently widen what it
//! syncs), and the cursor, which says where in the change log the next page starts and is
//! signed so that a client cannot make one up.

use hmac::{KeyInit, Mac};
use jiff::Timestamp;
use moot_app::open_data::{Position, Window};
use moot_domain::CouncilId;
use sha2::Sha256;

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
    /// The filters as the links repeat them, in one order: what the cursor is bound to.
    pub canonical: String,
}

impl Params {
    /// The query of an object (`list` false: `omit_internal` only) or of a list.
    pub fn parse(raw: Option<&str>, list: bool) -> Result<Self, WebError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
            .map_err(|_| WebError::BadRequest("the query string could not be read".into()))?;
        let mut params = Self {
            window: Window::default(),
            omit_internal: false,
            limit: DEFAULT_LIMIT,
            cursor: None,
            canonical: String::new(),
        };
        let mut seen: Vec<&str> = Vec::new();
        let mut canonical: Vec<(&str, String)> = Vec::new();
        for (name, value) in &pairs {
            let name = name.as_str();
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
                "created_since" if list => time(&mut params.window.created_since)?,
                "created_until" if list => time(&mut params.window.created_until)?,
                "modified_since" if list => time(&mut params.window.modified_since)?,
                "modified_until" if list => time(&mut params.window.modified_until)?,
                "limit" if list => {
                    params.limit = value
                        .parse::<u32>()
                        .ok()
                        .filter(|n| (1..=MOST).contains(n))
                        .ok_or_else(|| {
                            WebError::BadRequest(format!("limit must be a whole number from 1 to {MOST}"))
                        })?;
                }
                "cursor" if list => {
                    params.cursor = Some(value.clone());
                    continue;
                }
                other => return Err(WebError::BadRequest(format!("unknown parameter {other:?}"))),
            }
            canonical.push((name, value.clone()));
        }
        canonical.sort();
        params.canonical =
            serde_urlencoded::to_string(&canonical).map_err(|e| WebError::internal("writing a list's filters", e))?;
        Ok(params)
    }
}

/// Signs and opens one list's cursors: `{page}.{after}.{upto}.{mac}`, the MAC (HMAC-SHA-256
/// under the installation's key) over those numbers, the council, the list and its filters,
/// so a cursor is good only for the list and filters it was given with.
pub struct Signed<'a> {
    pub key: &'a str,
    pub council: CouncilId,
    pub list: &'a str,
    pub filters: &'a str,
}

impl Signed<'_> {
    fn mac(&self, numbers: &str) -> Result<hmac::Hmac<Sha256>, WebError> {
        let mut mac = hmac::Hmac::<Sha256>::new_from_slice(self.key.as_bytes())
            .map_err(|e| WebError::internal("the signing key", e))?;
        mac.update(
            format!(
                "moot oparl cursor\n{}\n{}\n{}\n{numbers}",
                self.council, self.list, self.filters
            )
            .as_bytes(),
        );
        Ok(mac)
    }

    pub fn seal(&self, page: u32, at: Position) -> Result<String, WebError> {
        let numbers = format!("{page}.{}.{}", at.after, at.upto);
        let mac = self.mac(&numbers)?.finalize().into_bytes();
        Ok(format!("{numbers}.{}", hex::encode(mac)))
    }

    /// The page number and position a cursor names, if this server sealed it for this list.
    pub fn open(&self, cursor: &str) -> Result<(u32, Position), WebError> {
        let refused = || {
            WebError::BadRequest(
                "the cursor is not one this server gave for this list and its filters; start again from the first page"
                    .into(),
            )
        };
        let (numbers, mac) = cursor.rsplit_once('.').ok_or_else(refused)?;
        let mac = hex::decode(mac).map_err(|_| refused())?;
        self.mac(numbers)?.verify_slice(&mac).map_err(|_| refused())?;
        let mut parts = numbers.split('.').map(str::parse::<i64>);
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(Ok(page)), Some(Ok(after)), Some(Ok(upto)), None) => {
                Ok((u32::try_from(page).map_err(|_| refused())?, Position { after, upto }))
            }
            _ => Err(refused()),
        }
    }
}
