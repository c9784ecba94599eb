//! Every kind of record the store holds, and the columns each exposes to queries.
//!
//! A record is stored whole, as JSON, beside a few typed columns copied out of it on every
//! write: its ids and the references, dates and numbers that queries filter, sort or hold
//! unique. The columns carry the database's guarantees (foreign keys, uniqueness of minute
//! numbers, one council per row); the JSON carries the rest of the record. One write path
//! therefore serves every kind on every backend, and the change log's before and after are
//! exactly what was stored.

use std::collections::BTreeSet;
use std::fmt;

use jiff::civil::{Date, DateTime};
use moot_domain::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::{Result, StoreError};

/// A value for an indexed column. A null keeps its column's type, which PostgreSQL needs
/// to bind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Int(i64),
    Null(ColumnType),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Text,
    Int,
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null(_))
    }
}

/// The column type a Rust value is stored as.
pub trait Typed {
    const TYPE: ColumnType;
}
impl<T> Typed for Id<T> {
    const TYPE: ColumnType = ColumnType::Text;
}
impl Typed for Date {
    const TYPE: ColumnType = ColumnType::Text;
}
impl Typed for DateTime {
    const TYPE: ColumnType = ColumnType::Text;
}
impl Typed for String {
    const TYPE: ColumnType = ColumnType::Text;
}
impl Typed for u32 {
    const TYPE: ColumnType = ColumnType::Int;
}

impl<T> From<Id<T>> for Value {
    fn from(id: Id<T>) -> Self {
        Self::Text(id.to_string())
    }
}
impl From<Date> for Value {
    fn from(d: Date) -> Self {
        Self::Text(d.to_string())
    }
}
impl From<DateTime> for Value {
    fn from(d: DateTime) -> Self {
        Self::Text(d.strftime("%Y-%m-%dT%H:%M:%S").to_string())
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}
impl From<&Slug> for Value {
    fn from(s: &Slug) -> Self {
        Self::Text(s.as_str().to_owned())
    }
}
impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Self::Int(n)
    }
}
impl From<u32> for Value {
    fn from(n: u32) -> Self {
        Self::Int(n.into())
    }
}
impl From<u16> for Value {
    fn from(n: u16) -> Self {
        Self::Int(n.into())
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Self::Int(b.into())
    }
}
impl<T: Into<Value> + Typed> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Self::Null(T::TYPE), Into::into)
    }
}

/// What each stored type tells the store about itself.
pub trait Entity: Serialize + DeserializeOwned + Clone + Send + Sync + 'static {
    const KIND: Kind;
    fn uuid(&self) -> Uuid;
    fn council(&self) -> CouncilId;
    /// The indexed columns' values, in the order of `Self::KIND.columns()`.
    fn columns(&self) -> Vec<Value>;
    fn validate(&self) -> Result<(), DomainError>;
    fn into_record(self) -> Record;
    fn from_record(record: Record) -> Option<Self>;
}

macro_rules! kinds {
    ($( $variant:ident($ty:ty) => $code:literal, table $table:literal, columns [$($col:literal),*], order [$($ord:literal),*]; )*) => {
        /// The kinds of record, in dependency order: a kind only refers to kinds before it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind { $($variant),* }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),*];

            pub fn code(self) -> &'static str {
                match self { $(Kind::$variant => $code),* }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some(Kind::$variant),)* _ => None }
            }

            /// The table that holds this kind (a fixed identifier, never user input).
            pub fn table(self) -> &'static str {
                match self { $(Kind::$variant => $table),* }
            }

            /// The indexed columns beyond `id`, `council_id`, `version`, `deleted` and `body`.
            pub fn columns(self) -> &'static [&'static str] {
                match self { $(Kind::$variant => &[$($col),*]),* }
            }

            /// The natural order of a listing: indexed columns, ending with `id` so that
            /// every listing has one order.
            pub fn order_by(self) -> &'static [&'static str] {
                match self { $(Kind::$variant => &[$($ord),*]),* }
            }
        }

        /// A record of any kind, for the parts of the store that handle all kinds alike.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Record { $($variant($ty)),* }

        impl Record {
            pub fn kind(&self) -> Kind {
                match self { $(Record::$variant(_) => Kind::$variant),* }
            }
            pub fn uuid(&self) -> Uuid {
                match self { $(Record::$variant(r) => r.uuid()),* }
            }
            pub fn council(&self) -> CouncilId {
                match self { $(Record::$variant(r) => r.council()),* }
            }
            pub fn columns(&self) -> Vec<Value> {
                match self { $(Record::$variant(r) => r.columns()),* }
            }
            pub fn validate(&self) -> Result<(), DomainError> {
                match self { $(Record::$variant(r) => r.validate()),* }
            }
            pub fn to_json(&self) -> Result<String> {
                match self { $(Record::$variant(r) => serde_json::to_string(r)),* }
                    .map_err(|e| StoreError::Corrupt(format!("cannot serialise a {}: {e}", self.kind())))
            }
            pub fn from_json(kind: Kind, json: &str) -> Result<Self> {
                let corrupt = |e: serde_json::Error| StoreError::Corrupt(format!("stored {kind} does not parse: {e}"));
                Ok(match kind { $(Kind::$variant => Record::$variant(serde_json::from_str(json).map_err(corrupt)?)),* })
            }
        }

        $(
            impl From<$ty> for Record {
                fn from(r: $ty) -> Self { Record::$variant(r) }
            }
        )*
    };
}

kinds! {
    Council(Council) => "council", table "councils", columns ["slug"], order ["slug", "id"];
    Officer(Officer) => "officer", table "officers", columns ["name"], order ["name", "id"];
    Member(Member) => "member", table "members", columns ["slug", "family_name"], order ["family_name", "slug", "id"];
    Venue(Venue) => "venue", table "venues", columns ["name"], order ["name", "id"];
    Subject(Subject) => "subject", table "subjects", columns ["slug"], order ["slug", "id"];
    Committee(Committee) => "committee", table "committees",
        columns ["slug", "parent_id", "kind", "status"], order ["slug", "id"];
    Membership(Membership) => "membership", table "memberships",
        columns ["committee_id", "member_id", "role", "date_from", "date_to"], order ["date_from", "role", "id"];
    AnnualMeeting(AnnualMeeting) => "annual_meeting", table "annual_meetings", columns ["date"], order ["date", "id"];
    MinuteSeries(MinuteSeries) => "minute_series", table "minute_series",
        columns ["committee_id", "annual_meeting_id", "starts_on"], order ["starts_on", "id"];
    Meeting(Meeting) => "meeting", table "meetings",
        columns ["committee_id", "starts_at", "status", "venue_id"], order ["starts_at", "id"];
    AgendaItem(AgendaItem) => "agenda_item", table "agenda_items",
        columns ["meeting_id", "committee_id", "number_main", "number", "minute_series_id", "minute_number", "subject_id"],
        order ["number_main", "number", "id"];
    Document(Document) => "document", table "documents",
        columns ["meeting_id", "item_id", "position", "kind", "visibility", "blob_hash"], order ["position", "id"];
    Resolution(Resolution) => "resolution", table "resolutions",
        columns ["meeting_id", "item_id", "number"], order ["number", "id"];
    Action(Action) => "action", table "actions",
        columns ["committee_id", "resolution_id", "status", "due"], order ["id"];
    Attendance(Attendance) => "attendance", table "attendance",
        columns ["meeting_id", "member_id", "status"], order ["id"];
    Declaration(Declaration) => "declaration", table "declarations",
        columns ["meeting_id", "item_id", "member_id"], order ["id"];
    Exclusion(Exclusion) => "exclusion", table "exclusions", columns ["meeting_id", "item_id"], order ["id"];
    WorkProgrammeEntry(WorkProgrammeEntry) => "work_programme_entry", table "work_programme_entries",
        columns ["committee_id", "annual_meeting_id", "section", "position"], order ["position", "id"];
    RegisteredInterest(RegisteredInterest) => "registered_interest", table "registered_interests",
        columns ["member_id", "category", "date_from"], order ["date_from", "id"];
    Decision(Decision) => "decision", table "decisions",
        columns ["item_id", "decision_date", "key_decision"], order ["decision_date", "id"];
    UserAccount(UserAccount) => "user_account", table "accounts", columns ["email", "role"], order ["email", "id"];
}

impl Record {
    /// For a council, the host names its site answers on, each once (`None` for every other
    /// kind). They live in a list inside the body, which no column can hold unique, so the
    /// relational backends keep them in a table of their own as well (`council_hosts`).
    pub fn hosts(&self) -> Option<BTreeSet<&str>> {
        match self {
            Record::Council(c) => Some(c.settings.hosts.iter().map(String::as_str).collect()),
            _ => None,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code().replace('_', " "))
    }
}

/// Implements the parts of [`Entity`] that are the same for every record with `id` and `council` fields.
macro_rules! entity {
    ($ty:ident, |$r:ident| $columns:expr) => {
        impl Entity for $ty {
            const KIND: Kind = Kind::$ty;
            fn uuid(&self) -> Uuid {
                self.id.uuid()
            }
            fn council(&self) -> CouncilId {
                self.council
            }
            fn columns(&self) -> Vec<Value> {
                let $r = self;
                $columns
            }
            fn validate(&self) -> Result<(), DomainError> {
                $ty::validate(self)
            }
            fn into_record(self) -> Record {
                Record::$ty(self)
            }
            fn from_record(record: Record) -> Option<Self> {
                match record {
                    Record::$ty(r) => Some(r),
                    _ => None,
                }
            }
        }
    };
}

impl Entity for Council {
    const KIND: Kind = Kind::Council;
    fn uuid(&self) -> Uuid {
        self.id.uuid()
    }
    fn council(&self) -> CouncilId {
        self.id
    }
    fn columns(&self) -> Vec<Value> {
        vec![(&self.slug).into()]
    }
    fn validate(&self) -> Result<(), DomainError> {
        Council::validate(self)
    }
    fn into_record(self) -> Record {
        Record::Council(self)
    }
    fn from_record(record: Record) -> Option<Self> {
        match record {
            Record::Council(r) => Some(r),
            _ => None,
        }
    }
}

entity!(Officer, |r| vec![r.name.as_str().into()]);
entity!(Member, |r| vec![(&r.slug).into(), r.family_name.as_str().into()]);
entity!(Venue, |r| vec![r.name.as_str().into()]);
entity!(Subject, |r| vec![(&r.slug).into()]);
entity!(Committee, |r| vec![
    (&r.slug).into(),
    r.parent.into(),
    r.kind.code().into(),
    status_code(r.status).into()
]);
entity!(Membership, |r| vec![
    r.committee.into(),
    r.member.into(),
    serde_code(&r.role).into(),
    r.from.into(),
    r.to.into()
]);
entity!(AnnualMeeting, |r| vec![r.date.into()]);
entity!(MinuteSeries, |r| vec![
    r.committee.into(),
    r.annual_meeting.into(),
    r.starts_on.into()
]);
entity!(Meeting, |r| vec![
    r.committee.into(),
    r.starts_at.into(),
    r.status.code().into(),
    r.venue.into()
]);
entity!(AgendaItem, |r| vec![
    r.meeting.into(),
    r.committee.into(),
    r.number.main().into(),
    r.number.to_string().into(),
    r.minute.as_ref().map(|m| m.series).into(),
    r.minute.as_ref().map(|m| m.number.get()).into(),
    r.subject.into()
]);
entity!(Document, |r| vec![
    r.meeting.into(),
    r.item.into(),
    r.position.into(),
    serde_code(&r.kind).into(),
    r.visibility.state().into(),
    r.file.as_ref().map(|f| f.hash.to_string()).into()
]);
entity!(Resolution, |r| vec![r.meeting.into(), r.item.into(), r.number.into()]);
entity!(Action, |r| vec![
    r.committee.into(),
    r.resolution.into(),
    serde_code(&r.status).into(),
    r.due.into()
]);
entity!(Attendance, |r| vec![
    r.meeting.into(),
    r.member.into(),
    serde_code(&r.status).into()
]);
entity!(Declaration, |r| vec![r.meeting.into(), r.item.into(), r.member.into()]);
entity!(Exclusion, |r| vec![r.meeting.into(), r.item.into()]);
entity!(WorkProgrammeEntry, |r| vec![
    r.committee.into(),
    r.year.into(),
    match r.section {
        WorkSection::Scheduled { .. } => "scheduled",
        WorkSection::Pending => "pending",
        WorkSection::Group { .. } => "group",
    }
    .into(),
    r.position.into()
]);
entity!(RegisteredInterest, |r| vec![
    r.member.into(),
    serde_code(&r.category).into(),
    r.from.into()
]);
entity!(Decision, |r| vec![
    r.item.into(),
    r.decision_date.into(),
    r.key_decision.into()
]);

entity!(UserAccount, |r| vec![
    r.email.as_str().to_lowercase().into(),
    r.role.code().into()
]);

fn status_code(s: CommitteeStatus) -> &'static str {
    match s {
        CommitteeStatus::Active => "active",
        CommitteeStatus::Dissolved => "dissolved",
    }
}

/// The serde name of a unit enum variant, so indexed codes match the JSON exactly.
fn serde_code<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => format!("{other:?}"),
    }
}
