//! The demo files' format: TOML, one struct per table, unknown keys refused.
//!
//! References between files use readable keys (a committee's slug, a member's key, an
//! officer's key, a meeting's date) held as `Spanned` strings, so a reference to nothing is
//! reported at its file and line. Fields named `assumption` say what the seeds did not and
//! why the value chosen agrees with them; the loader requires nothing of them but that they
//! are not empty.

use jiff::civil::{Date, DateTime};
use moot_domain::{
    AttendanceStatus, CommitteeKind, CommitteeRole, CommitteeStatus, CoverSheet, DocumentKind, InterestKind, ItemKind,
    MeetingStatus, MemberKind, PageRange, PublishedFile, StandardItem,
};
use serde::Deserialize;
use toml::Spanned;

pub type Ref = Spanned<String>;

/// `council.toml`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouncilFile {
    pub council: Spanned<CouncilDef>,
    #[serde(default)]
    pub annual_meetings: Vec<Spanned<AnnualMeetingDef>>,
    #[serde(default)]
    pub officers: Vec<Spanned<OfficerDef>>,
    #[serde(default)]
    pub venues: Vec<Spanned<VenueDef>>,
    #[serde(default)]
    pub subjects: Vec<Spanned<SubjectDef>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouncilDef {
    pub slug: String,
    pub name: String,
    pub address: Option<String>,
    pub website: Option<String>,
}

/// The council's annual meetings: each starts a municipal year and every committee's minute series.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnualMeetingDef {
    pub date: Date,
    pub assumption: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficerDef {
    pub key: String,
    pub name: String,
    pub job_title: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VenueDef {
    pub key: String,
    pub name: String,
    pub address: Option<String>,
    pub postcode: Option<String>,
    #[serde(default)]
    pub online: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectDef {
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
}

/// `committees.toml`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitteesFile {
    pub committees: Vec<Spanned<CommitteeDef>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitteeDef {
    pub slug: String,
    pub name: String,
    pub short_name: Option<String>,
    pub kind: CommitteeKind,
    /// The slug of the body this one belongs to.
    pub parent: Option<Ref>,
    pub remit: Option<String>,
    /// An officer's key.
    pub contact_officer: Option<Ref>,
    /// A venue's key.
    pub default_venue: Option<Ref>,
    #[serde(default)]
    pub webcast: bool,
    #[serde(default = "active")]
    pub status: CommitteeStatus,
    #[serde(default)]
    pub template: Vec<TemplateItemDef>,
}

fn active() -> CommitteeStatus {
    CommitteeStatus::Active
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateItemDef {
    pub standard: StandardItem,
    pub title: String,
    pub description: Option<String>,
}

/// `members.toml`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MembersFile {
    pub members: Vec<Spanned<MemberDef>>,
    #[serde(default)]
    pub memberships: Vec<Spanned<MembershipDef>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberDef {
    /// Also the member's URL slug: lower case, e.g. "cusworth".
    pub key: String,
    pub title: Option<String>,
    pub given_names: Option<String>,
    pub family_name: String,
    #[serde(default = "councillor")]
    pub kind: MemberKind,
    pub party: Option<String>,
    pub ward: Option<String>,
}

fn councillor() -> MemberKind {
    MemberKind::Councillor
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MembershipDef {
    /// A committee's slug.
    pub committee: Ref,
    /// A member's key.
    pub member: Ref,
    pub role: CommitteeRole,
    pub from: Date,
    pub to: Option<Date>,
    /// How the appointment was styled ("Lead Representative").
    pub styled: Option<String>,
    pub appointed_by: Option<ResolutionRef>,
    pub assumption: Option<String>,
}

/// A resolution of a demo meeting: its committee, date, agenda number and resolution number.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolutionRef {
    pub committee: Ref,
    pub date: Date,
    pub item: Ref,
    pub number: u16,
}

/// `meetings/*.toml`: one meeting with its agenda, minutes, attendance and declarations.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingFile {
    pub committee: Ref,
    pub starts_at: DateTime,
    pub ends_at: Option<DateTime>,
    /// A venue's key.
    pub venue: Option<Ref>,
    pub webcast_url: Option<String>,
    pub pre_meeting_note: Option<String>,
    pub contact_officer: Option<Ref>,
    pub signed_by: Option<Ref>,
    pub status: MeetingStatus,
    /// The date of the later meeting (same committee) that approved these minutes.
    pub minutes_approved_at: Option<Spanned<Date>>,
    pub assumption: Option<String>,
    #[serde(default)]
    pub attendance: Vec<Spanned<AttendanceDef>>,
    pub items: Vec<Spanned<ItemDef>>,
    #[serde(default)]
    pub declarations: Vec<Spanned<DeclarationDef>>,
    #[serde(default)]
    pub exclusions: Vec<Spanned<ExclusionDef>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttendanceDef {
    pub member: Ref,
    pub status: AttendanceStatus,
    #[serde(default)]
    pub in_chair: bool,
    #[serde(default)]
    pub remote: bool,
    pub substitute_for: Option<Ref>,
    /// Agenda number of the item during which the member left.
    pub left_during: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemDef {
    pub number: String,
    pub title: String,
    pub description: Option<String>,
    /// "business", or the standard item it is (apologies, previous_minutes, declarations,
    /// exclusion_of_press_and_public, public_questions, communications, urgent_business, next_meeting).
    pub kind: ItemKindDef,
    pub exempt: Option<ExemptDef>,
    pub urgency: Option<String>,
    /// A subject's slug.
    pub subject: Option<Ref>,
    /// Dates of earlier meetings of the same committee whose minutes this item approves.
    #[serde(default)]
    pub approves_minutes_of: Vec<Spanned<Date>>,
    /// Roles of those attending for the item, as the minutes name them.
    #[serde(default)]
    pub presenters: Vec<String>,
    /// The pages printed against the item in the seed pack ("4 - 19"): as published.
    pub published_pages: Option<PageRange>,
    pub minute: Option<Spanned<MinuteDef>>,
    #[serde(default)]
    pub resolutions: Vec<Spanned<ResolutionDef>>,
    #[serde(default)]
    pub documents: Vec<Spanned<DocumentDef>>,
}

/// An item's kind in one word: "business", or the standard item it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct ItemKindDef(pub ItemKind);

impl TryFrom<String> for ItemKindDef {
    type Error = moot_domain::DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        ItemKind::parse(&s).map(Self)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExemptDef {
    pub paragraph: u8,
    pub reason: String,
    pub public_interest: Option<String>,
    pub review_date: Option<Date>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinuteDef {
    pub number: u32,
    pub heading: String,
    /// A short summary of the minute's narrative, in the dataset's own words.
    pub summary: String,
    /// Defaults to public; "exempt" uses the item's exemption.
    #[serde(default)]
    pub visibility: VisibilityDef,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolutionDef {
    /// The wording as resolved.
    pub text: String,
    pub kind: ResolutionKindDef,
    /// For a recommendation: the body it goes to.
    pub to: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResolutionKindDef {
    Noted,
    Approved,
    Recommendation,
    Action,
    Appointment,
    Other,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentDef {
    pub title: String,
    pub kind: DocumentKind,
    /// As the seeds show it beside the link: "PDF 475 KB".
    pub published_as: Option<PublishedFile>,
    #[serde(default)]
    pub visibility: VisibilityDef,
    /// Officers' keys.
    #[serde(default)]
    pub authors: Vec<Ref>,
    /// The document's text, where the dataset holds it (Markdown, own words for narrative).
    pub text: Option<String>,
    pub cover_sheet: Option<CoverSheet>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisibilityDef {
    #[default]
    Public,
    Draft,
    /// Exempt under the item's own exemption (paragraph and reason).
    Exempt,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeclarationDef {
    pub member: Ref,
    /// Agenda number of the item the interest is in.
    pub item: Option<Ref>,
    pub kind: InterestKind,
    pub text: String,
    #[serde(default)]
    pub left_room: bool,
    #[serde(default)]
    pub did_not_vote: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExclusionDef {
    /// Agenda number of the item taken in private.
    pub item: Ref,
    /// The part of the item the public left for, when not the whole of it.
    pub part: Option<String>,
    pub paragraph: u8,
    /// Agenda number of the item under which the exclusion was resolved.
    pub resolved_under: Option<Ref>,
    pub text: Option<String>,
}

/// `work-programme.toml`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkProgrammeFile {
    pub committee: Ref,
    /// The date of the annual meeting that starts the programme's municipal year.
    pub year: Spanned<Date>,
    pub entries: Vec<Spanned<WorkEntryDef>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkEntryDef {
    pub section: SectionDef,
    /// For scheduled entries: the meeting date.
    pub date: Option<Date>,
    pub title: String,
    #[serde(default)]
    pub details: String,
    pub recommendations: Option<String>,
    pub status: Option<String>,
    pub updated: Option<Date>,
    /// For group entries: the group's committee slug, if it is a body in the dataset.
    pub group: Option<Ref>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionDef {
    Scheduled,
    Pending,
    Group,
}
