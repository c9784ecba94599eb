//! Reading the store on behalf of a viewer: every document and minute a page receives
//! has already been passed through `moot_domain::may_see`, so a template cannot leak what
//! it was never given.

use jiff::civil::Date;
use moot_domain::{AgendaItem, CommitteeId, CouncilId, Document, Membership, Minute, Viewer, may_see};
use moot_store::{Filter, Store, StoreExt};

use crate::AppError;

/// A viewer of one council's pages, with what the rule needs to know about them.
#[derive(Debug)]
pub struct Reader<'a> {
    pub store: &'a dyn Store,
    pub council: CouncilId,
    pub viewer: Viewer,
    pub today: Date,
    /// The council's time zone, for dates printed from timestamps.
    pub tz: jiff::tz::TimeZone,
}

impl<'a> Reader<'a> {
    /// A reader who has not signed in.
    pub fn anonymous(store: &'a dyn Store, council: &moot_domain::Council) -> Result<Self, AppError> {
        Self::new(store, council, Viewer::Anonymous)
    }

    pub fn new(store: &'a dyn Store, council: &moot_domain::Council, viewer: Viewer) -> Result<Self, AppError> {
        Ok(Self {
            store,
            council: council.id,
            viewer,
            today: crate::now_in(council)?.date(),
            tz: council
                .settings
                .time_zone()
                .map_err(|e| AppError::internal("the council's time zone", e))?,
        })
    }

    async fn memberships(&self, committee: CommitteeId) -> Result<Vec<Membership>, AppError> {
        if matches!(self.viewer, Viewer::Anonymous) {
            return Ok(Vec::new());
        }
        let seats = self
            .store
            .find::<Membership>(self.council, &Filter::eq("committee_id", committee))
            .await?;
        Ok(seats.into_iter().map(|s| s.record).collect())
    }

    /// The documents of a meeting that this viewer may see, in agenda order within each item.
    pub async fn documents(
        &self,
        committee: CommitteeId,
        meeting: moot_domain::MeetingId,
    ) -> Result<Vec<Document>, AppError> {
        let seats = self.memberships(committee).await?;
        let all = self
            .store
            .find::<Document>(self.council, &Filter::eq("meeting_id", meeting))
            .await?;
        Ok(all
            .into_iter()
            .map(|s| s.record)
            .filter(|d| may_see(&self.viewer, d.guarded(Some(committee)), &seats, self.today))
            .collect())
    }

    /// Whether the viewer may see one document (of `committee`'s papers, if any).
    pub async fn may_see_document(&self, d: &Document, committee: Option<CommitteeId>) -> Result<bool, AppError> {
        let seats = match committee {
            Some(c) => self.memberships(c).await?,
            None => Vec::new(),
        };
        Ok(may_see(&self.viewer, d.guarded(committee), &seats, self.today))
    }

    /// Whether the viewer may read what the minutes record of an item: its minute and its
    /// resolutions, which in a private session are often the exempt information itself. An
    /// item not yet minuted has nothing to read.
    pub async fn may_read_minutes_of(&self, item: &AgendaItem) -> Result<bool, AppError> {
        Ok(self.minute(item).await?.is_some())
    }

    /// An item's minute (heading, text and corrections together), if the viewer may read it.
    pub async fn minute<'i>(&self, item: &'i AgendaItem) -> Result<Option<&'i Minute>, AppError> {
        let seats = self.memberships(item.committee).await?;
        Ok(moot_domain::access::readable_minute(
            &self.viewer,
            item,
            &seats,
            self.today,
        ))
    }

    /// Whether the viewer may read a meeting's agenda (the domain's rule).
    pub fn may_read_agenda(&self, meeting: &moot_domain::Meeting) -> bool {
        moot_domain::access::may_read_agenda(&self.viewer, meeting)
    }

    /// Whether `member` sits on `committee` on `day` (the domain's rule); asked of signed-in
    /// councillors only (an anonymous reader's view reads no seats).
    pub async fn sits_on(
        &self,
        member: moot_domain::MemberId,
        committee: CommitteeId,
        day: Date,
    ) -> Result<bool, AppError> {
        let seats = self.memberships(committee).await?;
        Ok(moot_domain::access::sits_on(
            &seats,
            self.council,
            member,
            committee,
            day,
        ))
    }

    /// Whether the viewer may read one item of a meeting's agenda (the domain's rule).
    pub fn may_read_item(&self, meeting: &moot_domain::Meeting, item: &AgendaItem) -> bool {
        moot_domain::access::may_read_item(&self.viewer, meeting, item)
    }
}
