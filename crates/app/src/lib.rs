//! Moot's use cases: what the web pages, the command line and the background tasks do with
//! the store, with no HTTP in sight. Handlers parse a request into domain values, call one
//! function here, and render what it returns; everything here can be tested without a
//! router.
//!
//! - [`Reader`]: reading a council's records on behalf of one viewer, everything already
//!   filtered by the visibility rule.
//! - [`publication`]: asking for and approving a publication.
//! - [`minutes`]: writing a minute and its resolutions.
//! - [`feed`]: what went public lately, from the newest part of the change log.
//! - [`open_data`]: the public records of one kind by change-log position, for open-data lists.
//! - [`Indexer`] and [`follow`]: the search index, and the one loop by which it and the pack
//!   maker follow the change log.

mod error;
pub mod feed;
pub mod follow;
mod indexing;
pub mod links;
pub mod minutes;
pub mod open_data;
pub mod publication;
mod reader;

pub use error::{AppError, CONFLICT, Cause, STALE};
pub use indexing::{Indexer, Rebuilt};
pub use reader::Reader;

use moot_domain::{Actor, Council, UserAccount};

/// The council's wall-clock time now: meetings are stored in local time.
pub fn now_in(council: &Council) -> Result<jiff::civil::DateTime, AppError> {
    let tz = council
        .settings
        .time_zone()
        .map_err(|e| AppError::internal("the council's time zone", e))?;
    Ok(jiff::Timestamp::now().to_zoned(tz).datetime())
}

/// The change log's name for the person behind an account.
pub fn actor_of(account: &UserAccount) -> Result<Actor, AppError> {
    Ok(Actor::parse(&format!("user:{}", account.id))?)
}
