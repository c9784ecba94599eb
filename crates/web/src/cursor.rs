//! The cursors of the open-data lists (OParl and the JSON API): where in the change log the
//! next page starts, signed so that a client cannot make one up or carry one to another list.

use hmac::{KeyInit, Mac};
use moot_app::open_data::Position;
use moot_domain::CouncilId;
use sha2::Sha256;

use crate::listing::Params;
use crate::{AppState, WebError};

/// One page of a list being answered: where it begins (from its cursor, or where the log
/// stands for a first page) and its links.
pub struct Paging<'a> {
    signed: Signed<'a>,
    params: &'a Params,
    list_url: String,
    pub number: u32,
    pub at: Position,
}

impl<'a> Paging<'a> {
    pub async fn begin(
        state: &'a AppState,
        reader: &moot_app::Reader<'_>,
        params: &'a Params,
        surface: &'static str,
        list: &'a str,
        list_url: String,
    ) -> Result<Self, WebError> {
        let signed = Signed {
            key: state.form_key.get(state).await?,
            surface,
            council: reader.council,
            list,
            filters: &params.canonical,
        };
        let (number, at) = match &params.cursor {
            Some(cursor) => signed.open(cursor)?,
            None => (1, moot_app::open_data::start(reader, &params.window).await?),
        };
        Ok(Self {
            signed,
            params,
            list_url,
            number,
            at,
        })
    }

    pub fn first(&self) -> String {
        self.params.link(&self.list_url, None)
    }

    pub fn this(&self) -> String {
        let cursor = self.params.cursor.as_ref().map(|c| format!("cursor={c}"));
        self.params.link(&self.list_url, cursor)
    }

    /// The next page's address, if the list goes on from `next`.
    pub fn next(&self, next: Option<Position>) -> Result<Option<String>, WebError> {
        Ok(match next {
            Some(at) => {
                let cursor = self.signed.seal(self.number + 1, at)?;
                Some(self.params.link(&self.list_url, Some(format!("cursor={cursor}"))))
            }
            None => None,
        })
    }
}

/// Signs and opens one list's cursors: `{page}.{after}.{upto}.{mac}`, the MAC (HMAC-SHA-256
/// under the installation's key) over those numbers, the surface, the council, the list and
/// its filters, so a cursor is good only for the list and filters it was given with.
pub struct Signed<'a> {
    pub key: &'a str,
    /// `oparl` or `api`: the same list on two surfaces takes different cursors.
    pub surface: &'static str,
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
                "moot {} cursor\n{}\n{}\n{}\n{numbers}",
                self.surface, self.council, self.list, self.filters
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
