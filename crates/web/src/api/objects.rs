//! The JSON API's objects: what the public may read of each record, in plain names. Ids are
//! the records' UUIDs, times carry their offset, dates are ISO dates, and every code
//! (`status`, `kind`) is the one Moot stores. Each type is documented in the OpenAPI
//! document from its derive, so the schema cannot drift from what is served.

use serde::Serialize;
use utoipa::ToSchema;

/// A council on this installation.
#[derive(Debug, Serialize, ToSchema)]
pub struct Council {
    pub id: String,
    pub slug: String,
    pub name: String,
    /// The council's public pages.
    pub web: String,
    /// The root of its JSON API.
    pub api: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Councils {
    pub data: Vec<Council>,
}

/// An object that was deleted, or is no longer public, since the client may have read it:
/// listed only when the list is asked for with `modified_since`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Deleted {
    pub id: String,
    /// Always `true`.
    pub deleted: bool,
    pub modified: String,
}

/// When a record was first written and last changed (from the change log).
#[derive(Debug, Serialize, ToSchema)]
pub struct Times {
    pub created: String,
    pub modified: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Committee {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub short_name: Option<String>,
    /// `select_commission`, `executive`, `regulatory` …
    pub kind: String,
    pub parent: Option<String>,
    pub remit: Option<String>,
    /// `active` or `dissolved`.
    pub status: String,
    pub web: String,
    #[serde(flatten)]
    pub times: Times,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Member {
    pub id: String,
    pub slug: String,
    /// As the council prints it: "Councillor Jenny Jarvis".
    pub name: String,
    pub title: Option<String>,
    pub given_names: Option<String>,
    pub family_name: String,
    /// `councillor`, `co_opted` or `other`.
    pub kind: String,
    pub party: Option<String>,
    pub ward: Option<String>,
    pub email: Option<String>,
    pub term_from: Option<String>,
    pub term_to: Option<String>,
    pub web: String,
    #[serde(flatten)]
    pub times: Times,
}

/// A seat on a committee, for a stretch of dates.
#[derive(Debug, Serialize, ToSchema)]
pub struct Membership {
    pub id: String,
    pub committee: String,
    pub member: String,
    /// `chair`, `vice_chair`, `member`, `co_opted` or `substitute`.
    pub role: String,
    pub from: String,
    pub to: Option<String>,
    /// How the minutes style the member in this seat, where it differs.
    pub styled: Option<String>,
    #[serde(flatten)]
    pub times: Times,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Venue {
    pub name: String,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub online: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Meeting {
    pub id: String,
    pub committee: String,
    /// The committee's name, so that a list of meetings reads on its own.
    pub name: String,
    /// Local time with the council's offset on the day.
    pub starts_at: String,
    pub ends_at: Option<String>,
    /// `scheduled`, `agenda_published`, `held`, `draft_minutes`, `minutes_approved`,
    /// `cancelled` or `postponed`.
    pub status: String,
    /// Why it was cancelled or postponed.
    pub status_reason: Option<String>,
    /// Earlier times of a meeting that was moved, oldest first.
    pub previous_times: Vec<String>,
    pub venue: Option<Venue>,
    pub webcast_url: Option<String>,
    pub web: String,
    #[serde(flatten)]
    pub times: Times,
}

/// A meeting with everything the public may read of it.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingDetail {
    #[serde(flatten)]
    pub meeting: Meeting,
    /// Empty until the agenda is published.
    pub items: Vec<ItemDetail>,
    /// The meeting's own papers (agenda pack, front sheet, minutes).
    pub documents: Vec<Document>,
    pub attendance: Vec<Attendance>,
    pub declarations: Vec<Declaration>,
}

/// A minute: what the meeting recorded under an item, once the public may read it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Minute {
    /// Sequential within the committee's municipal year.
    pub number: u32,
    pub heading: String,
    /// Markdown.
    pub text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Item {
    pub id: String,
    pub meeting: String,
    pub committee: String,
    /// "7" or "7a".
    pub number: String,
    /// The item's place among the meeting's items, from 1.
    pub order: u32,
    pub title: String,
    pub description: Option<String>,
    /// Taken in private under Schedule 12A; its paragraph is public, its reasons are not.
    pub exempt: bool,
    pub schedule_12a_paragraph: Option<u8>,
    /// Why a late item was taken as urgent business.
    pub urgency: Option<String>,
    pub minute: Option<Minute>,
    pub web: String,
    #[serde(flatten)]
    pub times: Times,
}

/// An item with its resolutions and papers.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemDetail {
    #[serde(flatten)]
    pub item: Item,
    pub resolutions: Vec<Resolution>,
    pub documents: Vec<Document>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedVote {
    pub member: String,
    /// `for`, `against` or `abstain`.
    pub choice: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Vote {
    /// `carried`, `carried_unanimously` or `lost`.
    pub outcome: String,
    pub mover: Option<String>,
    pub seconder: Option<String>,
    pub recorded: Vec<RecordedVote>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Resolution {
    pub id: String,
    pub meeting: String,
    pub item: String,
    /// Its number within the item's minute.
    pub number: u16,
    pub text: String,
    /// `noted`, `approved`, `recommendation`, `action`, `appointment` or `other`.
    pub kind: String,
    /// For a recommendation: to whom.
    pub recommended_to: Option<String>,
    pub vote: Option<Vote>,
    #[serde(flatten)]
    pub times: Times,
}

/// An action a committee asked for, as its log of actions shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Action {
    pub id: String,
    pub committee: String,
    pub resolution: Option<String>,
    pub description: String,
    /// The officer or body asked to act.
    pub owner: Option<String>,
    pub due: Option<String>,
    /// `open`, `in_progress`, `completed` or `dropped`.
    pub status: String,
    pub outcome: Option<String>,
    pub closed: Option<String>,
    #[serde(flatten)]
    pub times: Times,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Attendance {
    pub id: String,
    pub meeting: String,
    pub member: String,
    /// `present`, `apologies` or `absent`.
    pub status: String,
    pub in_chair: bool,
    pub remote: bool,
    pub substitute_for: Option<String>,
    /// Agenda numbers, as the minutes say them.
    pub arrived_during: Option<String>,
    pub left_during: Option<String>,
    #[serde(flatten)]
    pub times: Times,
}

/// A declaration of interest made at a meeting.
#[derive(Debug, Serialize, ToSchema)]
pub struct Declaration {
    pub id: String,
    pub meeting: String,
    /// The item it concerns, when the public may read that item.
    pub item: Option<String>,
    pub member: String,
    /// `disclosable_pecuniary`, `other_registrable`, `non_pecuniary` or `other`.
    pub kind: String,
    pub text: String,
    pub left_room: bool,
    pub did_not_vote: bool,
    pub dispensation: Option<String>,
    #[serde(flatten)]
    pub times: Times,
}

/// One row of a committee's work programme.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkProgrammeEntry {
    pub id: String,
    pub committee: String,
    /// "2021/22".
    pub municipal_year: String,
    /// `scheduled` (with a date), `pending` or `group`.
    pub section: String,
    pub date: Option<String>,
    pub meeting: Option<String>,
    pub position: u32,
    pub title: String,
    pub details: String,
    pub recommendations: Option<String>,
    pub status: Option<String>,
    pub updated: Option<String>,
    #[serde(flatten)]
    pub times: Times,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct File {
    pub name: String,
    pub media_type: String,
    pub size: u64,
    pub pages: Option<u32>,
    pub sha256: String,
    /// Where it is downloaded.
    pub url: String,
}

/// A paper: a report, an appendix, an agenda pack, minutes.
#[derive(Debug, Serialize, ToSchema)]
pub struct Document {
    pub id: String,
    pub meeting: Option<String>,
    pub item: Option<String>,
    pub position: u32,
    pub title: String,
    /// `report`, `appendix`, `agenda_pack`, `minutes` …
    pub kind: String,
    /// `None` for a paper Moot holds no file of.
    pub file: Option<File>,
    #[serde(flatten)]
    pub times: Times,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Links {
    /// This page.
    #[serde(rename = "self")]
    pub this: String,
    pub first: String,
    /// The next page; absent on the last.
    pub next: Option<String>,
}
