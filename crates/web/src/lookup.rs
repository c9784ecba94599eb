//! Finding the records a request names: a meeting by its key, an item by its number, a
//! record by its slug, each a 404 when it is not there.

use moot_domain::{Committee, CouncilId, Meeting};
use moot_store::Store;

use crate::{AppState, WebError};

/// The committee and meeting a meeting key names in this council, or 404.
pub async fn find(store: &dyn Store, council: CouncilId, key: &str) -> Result<(Committee, Meeting), WebError> {
    moot_store::lookup::meeting_by_key(store, council, key)
        .await?
        .ok_or(WebError::NotFound)
}

/// The item numbered `number` ("7", "7a") on a meeting's agenda, with its version.
pub async fn item_numbered(
    state: &AppState,
    council: moot_domain::CouncilId,
    meeting: moot_domain::MeetingId,
    number: &str,
) -> Result<Option<moot_store::Stored<moot_domain::AgendaItem>>, WebError> {
    use moot_store::StoreExt;
    let filter = moot_store::Filter::eq("meeting_id", meeting).and("number", moot_store::CondOp::Eq, number);
    Ok(state.store.find(council, &filter).await?.into_iter().next())
}

/// The live record of kind `T` with this slug in the council, or 404 (also for a malformed slug).
pub async fn by_slug<T: moot_store::Entity>(
    store: &dyn moot_store::Store,
    council: moot_domain::CouncilId,
    slug: &str,
) -> Result<T, WebError> {
    let slug = moot_domain::Slug::parse(slug).map_err(|_| WebError::NotFound)?;
    moot_store::lookup::by_slug(store, council, &slug)
        .await?
        .ok_or(WebError::NotFound)
}
