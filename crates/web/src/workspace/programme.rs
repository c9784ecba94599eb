//! The committee's work programme as clerks keep it: items planned for each meeting, items
//! pending scheduling or removal, and the sub and project groups with how they stand. The
//! public reads this year's rows on the committee's page; the agenda's "Work Programme" item
//! typesets them.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::civil::Date;
use moot_domain::wording::long_date;
use moot_domain::*;
use moot_store::{StoreExt, Write};
use serde::Deserialize;

use crate::extract::{Checked, Clerks, IdPath, Signed, SlugPath};
use crate::headers::private;
use crate::site::Site;
use crate::{AppState, WebError};

struct Row {
    id: String,
    version: i64,
    section: &'static str,
    date: String,
    title: String,
    details: String,
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
                Row {
                    id: e.id.to_string(),
                    version: s.version,
                    section: code(&e.section),
                    date: match e.section {
                        WorkSection::Scheduled { date, .. } => date.to_string(),
                        _ => String::new(),
                    },
                    title: e.title,
                    details: e.details,
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
        Some(self.status.trim().to_owned()).filter(|s| !s.is_empty())
    }
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
    let entry = WorkProgrammeEntry {
        id: WorkProgrammeEntryId::new(),
        council: site.council.id,
        committee: committee.id,
        year: year.id,
        section: form.section(&state, &site, &committee).await?,
        position,
        title: form.title.trim().to_owned(),
        details: form.details.trim().to_owned(),
        recommendations: None,
        status: form.status(),
        updated: Some(today),
        origin: None,
        subject: None,
    };
    entry.validate()?;
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
    entry.title = form.title.trim().to_owned();
    entry.details = form.details.trim().to_owned();
    entry.status = form.status();
    entry.updated = Some(today(&site)?);
    entry.validate()?;
    let note = format!("work programme row {:?} updated by {}", entry.title, who.account.name);
    who.update(&state, &note, entry, version).await?;
    Ok(back(&site, &committee))
}

#[derive(Deserialize)]
pub struct RemoveForm {
    version: i64,
}

/// `POST /workspace/work-programme/{id}/remove`: taken off the programme. The row stays in
/// the change log, so the history of what the committee once planned is kept.
pub async fn remove(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<IdPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<RemoveForm>,
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
