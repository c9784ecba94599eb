//! The committee's work programme as clerks keep it: items planned for each meeting, items
//! pending scheduling or removal, and the sub and project groups with how they stand. The
//! public reads this year's rows on the committee's page; the agenda's "Work Programme" item
//! typesets them, as it typesets the monitoring report, under the item a clerk puts them.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::civil::Date;
use moot_domain::wording::long_date;
use moot_domain::*;
use moot_store::{Filter, StoreExt, Write};
use serde::Deserialize;

use crate::extract::{Checked, Clerks, IdPath, ItemPath, Signed, SlugPath};
use crate::headers::private;
use crate::site::Site;
use crate::{AppState, WebError};

struct Row {
    id: String,
    version: i64,
    section: &'static str,
    date: String,
    title: String,
    /// The title with where the row sits ("Work Programme, 15 June 2021"), which names its
    /// section of the page: the same item comes back at many meetings.
    heading: String,
    details: String,
    recommendations: String,
    origin: String,
    review: &'static str,
    lead: String,
    members: String,
    status: String,
    updated: String,
}

#[derive(Template)]
#[template(path = "workspace/programme.html")]
struct ProgrammePage<'a> {
    base: &'a str,
    committee: String,
    slug: String,
    /// "2021/22"; none until the council's annual meeting for the year is set up.
    year: Option<String>,
    rows: Vec<Row>,
    /// The kinds of review a group row may name, as (code, label).
    reviews: Vec<(&'static str, &'static str)>,
    csrf: &'a str,
}

/// The section's code in forms.
fn code(section: &WorkSection) -> &'static str {
    match section {
        WorkSection::Scheduled { .. } => "scheduled",
        WorkSection::Pending => "pending",
        WorkSection::Group { .. } => "group",
    }
}

async fn committee_of(state: &AppState, site: &Site, slug: &str) -> Result<Committee, WebError> {
    let slug = Slug::parse(slug).map_err(|_| WebError::NotFound)?;
    moot_store::lookup::by_slug(&*state.store, site.council.id, &slug)
        .await?
        .ok_or(WebError::NotFound)
}

fn today(site: &Site) -> Result<Date, WebError> {
    Ok(moot_app::now_in(&site.council)?.date())
}

/// `GET /workspace/committees/{slug}/work-programme`
pub async fn page(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<SlugPath>,
    Signed(who, _): Signed<Clerks>,
) -> Result<Response, WebError> {
    let committee = committee_of(&state, &site, &path.slug).await?;
    let year = moot_store::lookup::year_in_force(&*state.store, site.council.id, today(&site)?).await?;
    let rows = match &year {
        Some(year) => moot_store::lookup::work_programme(&*state.store, site.council.id, &committee, &year.record)
            .await?
            .into_iter()
            .map(|s| {
                let e = s.record;
                let review = e.review.clone().unwrap_or(GroupReview {
                    kind: None,
                    lead: None,
                    members: Vec::new(),
                });
                Row {
                    id: e.id.to_string(),
                    version: s.version,
                    section: code(&e.section),
                    date: match e.section {
                        WorkSection::Scheduled { date, .. } => date.to_string(),
                        _ => String::new(),
                    },
                    heading: match e.section {
                        WorkSection::Scheduled { date, .. } => format!("{}, {}", e.title, long_date(date)),
                        WorkSection::Pending => format!("{} (pending)", e.title),
                        WorkSection::Group { .. } => format!("{} (group)", e.title),
                    },
                    title: e.title,
                    details: e.details,
                    recommendations: e.recommendations.unwrap_or_default(),
                    origin: e.origin_text.unwrap_or_default(),
                    review: review.kind.map_or("", ReviewKind::code),
                    lead: review.lead.unwrap_or_default(),
                    members: review.members.join(", "),
                    status: e.status.unwrap_or_default(),
                    updated: e.updated.map(long_date).unwrap_or_default(),
                }
            })
            .collect(),
        None => Vec::new(),
    };
    let page = ProgrammePage {
        base: &site.base,
        committee: committee.name,
        slug: committee.slug.to_string(),
        year: year.map(|y| y.record.municipal_year().to_string()),
        rows,
        reviews: ReviewKind::ALL.iter().map(|k| (k.code(), k.label())).collect(),
        csrf: &who.session.csrf,
    }
    .render()?;
    Ok(private(Html(page)))
}

#[derive(Deserialize)]
pub struct RowForm {
    /// Absent when adding a row.
    version: Option<i64>,
    section: String,
    #[serde(default)]
    date: String,
    title: String,
    #[serde(default)]
    details: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    recommendations: String,
    /// Where the row came from, in words ("Resolved at January 2021 meeting").
    #[serde(default)]
    origin: String,
    /// For a group: the kind of review's code, the lead member, and the members separated by
    /// commas.
    #[serde(default)]
    review: String,
    #[serde(default)]
    lead: String,
    #[serde(default)]
    members: String,
    /// The day the row was last brought up to date, as the printed table says it ("Updated:
    /// 2 June 2021"); blank for today.
    #[serde(default)]
    updated: String,
}

impl RowForm {
    /// The section, with the meeting a scheduled row is planned for when it exists yet.
    async fn section(&self, state: &AppState, site: &Site, committee: &Committee) -> Result<WorkSection, WebError> {
        match self.section.as_str() {
            "scheduled" => {
                let date: Date = self.date.trim().parse().map_err(|_| {
                    WebError::Unprocessable(format!(
                        "A row planned for a meeting needs the meeting's date, like 2027-03-09; {:?} is not one.",
                        self.date.trim()
                    ))
                })?;
                let key = format!("{date}-{}", committee.slug);
                let meeting = moot_store::lookup::meeting_by_key(&*state.store, site.council.id, &key)
                    .await?
                    .map(|(_, m)| m.id);
                Ok(WorkSection::Scheduled { date, meeting })
            }
            "pending" => Ok(WorkSection::Pending),
            "group" => Ok(WorkSection::Group { group: None }),
            other => Err(WebError::Unprocessable(format!(
                "{other:?} is not a part of the work programme (scheduled, pending or group)"
            ))),
        }
    }

    fn status(&self) -> Option<String> {
        optional(&self.status)
    }

    /// Fills in everything but the section and position from the form, as validated.
    fn fill(&self, entry: &mut WorkProgrammeEntry, today: Date) -> Result<(), WebError> {
        entry.title = self.title.trim().to_owned();
        entry.details = self.details.trim().to_owned();
        entry.status = self.status();
        entry.recommendations = optional(&self.recommendations);
        entry.origin_text = optional(&self.origin);
        entry.review = self.review()?;
        entry.updated = Some(super::optional_date(&self.updated)?.unwrap_or(today));
        entry.validate()?;
        Ok(())
    }

    /// The group's review, or `None` when the form names no kind, lead or members.
    fn review(&self) -> Result<Option<GroupReview>, WebError> {
        let kind = match self.review.trim() {
            "" => None,
            code => Some(ReviewKind::parse(code).ok_or_else(|| {
                WebError::Unprocessable(format!(
                    "{code:?} is not a kind of review (task and finish group, spotlight review, project group or sub-group)"
                ))
            })?),
        };
        let review = GroupReview {
            kind,
            lead: optional(&self.lead),
            members: self
                .members
                .split(',')
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(str::to_owned)
                .collect(),
        };
        let empty = review.kind.is_none() && review.lead.is_none() && review.members.is_empty();
        Ok((!empty).then_some(review))
    }
}

fn optional(field: &str) -> Option<String> {
    Some(field.trim().to_owned()).filter(|s| !s.is_empty())
}

fn back(site: &Site, committee: &Committee) -> Response {
    Redirect::to(&format!(
        "{}/workspace/committees/{}/work-programme",
        site.base, committee.slug
    ))
    .into_response()
}

/// `POST /workspace/committees/{slug}/work-programme`: a new row, last in its section.
pub async fn add(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<SlugPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<RowForm>,
) -> Result<Response, WebError> {
    let committee = committee_of(&state, &site, &path.slug).await?;
    let today = today(&site)?;
    let year = moot_store::lookup::year_in_force(&*state.store, site.council.id, today)
        .await?
        .ok_or_else(|| {
            WebError::Unprocessable(
                "Set up the council's annual meeting for this municipal year first: the work programme is kept by year."
                    .into(),
            )
        })?
        .record;
    let position = moot_store::lookup::work_programme(&*state.store, site.council.id, &committee, &year)
        .await?
        .iter()
        .map(|s| s.record.position)
        .max()
        .unwrap_or(0)
        + 1;
    let mut entry = WorkProgrammeEntry {
        id: WorkProgrammeEntryId::new(),
        council: site.council.id,
        committee: committee.id,
        year: year.id,
        section: form.section(&state, &site, &committee).await?,
        position,
        title: String::new(),
        details: String::new(),
        recommendations: None,
        status: None,
        updated: None,
        origin: None,
        subject: None,
        origin_text: None,
        review: None,
    };
    form.fill(&mut entry, today)?;
    let note = format!("work programme row {:?} added by {}", entry.title, who.account.name);
    who.save(
        &state,
        &note,
        vec![Write::Create(moot_store::Entity::into_record(entry))],
    )
    .await?;
    Ok(back(&site, &committee))
}

async fn stored_row(state: &AppState, site: &Site, id: &str) -> Result<(WorkProgrammeEntry, Committee), WebError> {
    let id: WorkProgrammeEntryId = id.parse().map_err(|_| WebError::NotFound)?;
    let entry = state.store.fetch(site.council.id, id).await?.record;
    let committee = state.store.fetch(site.council.id, entry.committee).await?.record;
    Ok((entry, committee))
}

/// `POST /workspace/work-programme/{id}`: a row reworded, its status changed, or moved
/// between sections (scheduled once a date is found, say); "updated" becomes today.
pub async fn update(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<IdPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<RowForm>,
) -> Result<Response, WebError> {
    let version = form
        .version
        .ok_or_else(|| WebError::Unprocessable("The form lacks the row's version; reload the page.".into()))?;
    let (mut entry, committee) = stored_row(&state, &site, &path.id).await?;
    entry.section = form.section(&state, &site, &committee).await?;
    form.fill(&mut entry, today(&site)?)?;
    let note = format!("work programme row {:?} updated by {}", entry.title, who.account.name);
    who.update(&state, &note, entry, version).await?;
    Ok(back(&site, &committee))
}

/// `POST /workspace/work-programme/{id}/remove`: taken off the programme. The row stays in
/// the change log, so the history of what the committee once planned is kept.
pub async fn remove(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<IdPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<super::VersionForm>,
) -> Result<Response, WebError> {
    let (entry, committee) = stored_row(&state, &site, &path.id).await?;
    let note = format!("work programme row {:?} removed by {}", entry.title, who.account.name);
    let write = Write::Delete {
        kind: moot_store::Kind::WorkProgrammeEntry,
        council: site.council.id,
        id: entry.id.uuid(),
        expected: form.version,
    };
    who.save(&state, &note, vec![write]).await?;
    Ok(back(&site, &committee))
}

/// The papers Moot typesets from a committee's records, as (form code, kind, title).
pub const TYPESET: [(&str, DocumentKind, &str); 3] = [
    ("work_programme", DocumentKind::WorkProgramme, "Work Programme"),
    (
        "project_groups",
        DocumentKind::ProjectGroups,
        "Sub and Project Group Work",
    ),
    ("monitoring_report", DocumentKind::MonitoringReport, "Monitoring Report"),
];

#[derive(Deserialize)]
pub struct PlaceForm {
    kind: String,
}

/// `POST /workspace/meetings/{key}/items/{number}/typeset`: puts a paper Moot typesets (the
/// work programme, its sub and project groups, the monitoring report) under the item the
/// clerk chose. It has no file yet: the pack maker typesets it from the records once the
/// agenda is out and keeps it in step until the meeting; like an upload it is a draft until
/// a publication releases it.
pub async fn place(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<ItemPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<PlaceForm>,
) -> Result<Response, WebError> {
    let (kind, title) = TYPESET
        .iter()
        .find(|(code, _, _)| *code == form.kind)
        .map(|(_, kind, title)| (*kind, *title))
        .ok_or_else(|| {
            WebError::Unprocessable(format!(
                "{:?} is not a paper Moot typesets (the work programme, its sub and project groups, or the monitoring report)",
                form.kind
            ))
        })?;
    let key = &path.key;
    let (_, meeting) = crate::lookup::find(&*state.store, site.council.id, key).await?;
    meeting.may(who.account.role, Act::AddPaper)?;
    let item = crate::lookup::item_numbered(&state, site.council.id, meeting.id, &path.number)
        .await?
        .ok_or(WebError::NotFound)?
        .record;
    let papers = state
        .store
        .find::<Document>(site.council.id, &Filter::eq("item_id", item.id))
        .await?;
    if papers.iter().any(|d| d.record.kind == kind) {
        return Err(WebError::Unprocessable(format!(
            "Item {} already has the {}.",
            item.number,
            title.to_lowercase()
        )));
    }
    let document = Document {
        id: DocumentId::new(),
        council: site.council.id,
        meeting: Some(meeting.id),
        item: Some(item.id),
        position: papers.iter().map(|d| d.record.position).max().unwrap_or(0) + 1,
        title: title.to_owned(),
        kind,
        file: None,
        visibility: Visibility::Draft,
        authors: Vec::new(),
        cover_sheet: None,
        text: None,
        published_as: None,
        generated: None,
        withdrawn: None,
        exempt_on_release: None,
        revisions: Vec::new(),
        original_of: None,
    };
    let note = format!("{title} put under item {} by {}", item.number, who.account.name);
    who.save(
        &state,
        &note,
        vec![Write::Create(moot_store::Entity::into_record(document))],
    )
    .await?;
    Ok(Redirect::to(&format!("{}/workspace/meetings/{key}", site.base)).into_response())
}
