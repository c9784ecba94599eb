//! OParl 1.1's objects as Moot serves them, field for field as the schemas name them.
//! Absent values are left out rather than sent as `null`, which the schemas refuse. UK
//! facts OParl has no field for are extension properties under the `moot:` prefix, which
//! the spec allows beside its own.

use serde::Serialize;

/// `https://schema.oparl.org/1.1/{name}`: an object's `type`.
pub fn type_url(name: &str) -> String {
    format!("https://schema.oparl.org/1.1/{name}")
}

/// What every object carries: its address, type and times.
#[derive(Debug, Clone, Serialize)]
pub struct Common {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub created: String,
    pub modified: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web: Option<String>,
}

/// An object deleted or no longer public: its id, type and times, and nothing else.
#[derive(Debug, Clone, Serialize)]
pub struct Deleted {
    #[serde(flatten)]
    pub common: Common,
    pub deleted: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct System {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub oparl_version: String,
    pub body: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Body {
    #[serde(flatten)]
    pub common: Common,
    pub system: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    pub organization: String,
    pub person: String,
    pub meeting: String,
    pub paper: String,
    pub agenda_item: String,
    pub consultation: String,
    pub file: String,
    pub location_list: String,
    pub legislative_term_list: String,
    pub membership: String,
    /// Embedded; left out under `omit_internal`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legislative_term: Option<Vec<LegislativeTerm>>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LegislativeTerm {
    #[serde(flatten)]
    pub common: Common,
    pub body: String,
    pub name: String,
    pub start_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    #[serde(flatten)]
    pub common: Common,
    pub body: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_name: Option<String>,
    pub organization_type: String,
    pub classification: String,
    pub membership: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_organization_of: Option<String>,
    #[serde(rename = "moot:remit", skip_serializing_if = "Option::is_none")]
    pub remit: Option<String>,
    #[serde(rename = "moot:status")]
    pub status: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    #[serde(flatten)]
    pub common: Common,
    pub body: String,
    pub name: String,
    pub family_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form_of_address: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub email: Vec<String>,
    /// Embedded; left out under `omit_internal`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub membership: Option<Vec<Membership>>,
    #[serde(rename = "moot:party", skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    #[serde(rename = "moot:ward", skip_serializing_if = "Option::is_none")]
    pub ward: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Membership {
    #[serde(flatten)]
    pub common: Common,
    pub person: String,
    pub organization: String,
    pub role: String,
    pub voting_right: bool,
    pub start_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    #[serde(flatten)]
    pub common: Common,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(rename = "moot:online")]
    pub online: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Meeting {
    #[serde(flatten)]
    pub common: Common,
    pub name: String,
    pub meeting_state: String,
    pub cancelled: bool,
    pub start: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    pub organization: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invitation: Option<File>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub results_protocol: Option<File>,
    /// Embedded; left out under `omit_internal`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auxiliary_file: Option<Vec<File>>,
    /// Embedded, once the agenda is public; left out under `omit_internal`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agenda_item: Option<Vec<AgendaItem>>,
    #[serde(rename = "moot:webcastUrl", skip_serializing_if = "Option::is_none")]
    pub webcast_url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AgendaItem {
    #[serde(flatten)]
    pub common: Common,
    pub meeting: String,
    pub number: String,
    pub order: u32,
    pub name: String,
    pub public: bool,
    /// The Schedule 12A paragraph an item taken in private falls under (its number only).
    #[serde(rename = "moot:schedule12aParagraph", skip_serializing_if = "Option::is_none")]
    pub schedule_12a_paragraph: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consultation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution_text: Option<String>,
    /// Embedded; left out under `omit_internal`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auxiliary_file: Option<Vec<File>>,
    #[serde(rename = "moot:minuteNumber", skip_serializing_if = "Option::is_none")]
    pub minute_number: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Paper {
    #[serde(flatten)]
    pub common: Common,
    pub body: String,
    pub name: String,
    pub paper_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub main_file: Option<File>,
    pub consultation: Vec<Consultation>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Consultation {
    #[serde(flatten)]
    pub common: Common,
    pub paper: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agenda_item: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting: Option<String>,
    pub organization: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct File {
    #[serde(flatten)]
    pub common: Common,
    pub name: String,
    pub file_name: String,
    pub mime_type: String,
    pub size: u64,
    pub access_url: String,
    pub download_url: String,
    pub paper: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub meeting: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub agenda_item: Vec<String>,
    /// The file's SHA-256, which OParl has no field for (it offers SHA-1 and SHA-512).
    #[serde(rename = "moot:sha256Checksum")]
    pub sha256_checksum: String,
}

/// A page of an external list.
#[derive(Debug, Clone, Serialize)]
pub struct List {
    pub data: Vec<serde_json::Value>,
    pub pagination: Pagination,
    pub links: Links,
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_page: Option<u32>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Links {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<String>,
    #[serde(rename = "self", skip_serializing_if = "Option::is_none")]
    pub this: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}
