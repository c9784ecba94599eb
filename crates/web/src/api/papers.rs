//! Papers, the actions committees asked for, and their work programmes.

use moot_app::links::download_path;
use moot_domain::{Action, AnnualMeeting, Document, Officer, WorkProgrammeEntry, WorkSection};
use moot_store::StoreExt;

use super::objects::{self, Times};
use super::{Ctx, FilterName, Filters, Resource, as_listed};
use crate::WebError;
use crate::json::code;

/// A paper as the public may have it: its file, if Moot holds one, at the portal's own
/// download address (which applies the same rule again).
pub fn document(ctx: &Ctx<'_>, d: Document, times: Times) -> objects::Document {
    objects::Document {
        id: d.id.to_string(),
        meeting: d.meeting.map(|m| m.to_string()),
        item: d.item.map(|i| i.to_string()),
        position: d.position,
        kind: code(&d.kind),
        file: d.file.as_ref().map(|f| objects::File {
            name: f.file_name.clone(),
            media_type: f.media_type.clone(),
            size: f.size,
            pages: f.page_count,
            sha256: f.hash.to_string(),
            url: format!("{}{}", ctx.site, download_path(d.id, f)),
        }),
        title: d.title,
        times,
    }
}

pub struct Documents;

impl Resource for Documents {
    type Record = Document;
    type Object = objects::Document;
    const PATH: &'static str = "documents";
    const ABOUT: &'static str = "Public papers: reports, appendices, agenda packs, minutes and other documents.";
    const FILTERS: &'static [FilterName] = &[FilterName::Meeting];

    fn fits(d: &Document, f: &Filters) -> bool {
        f.pass(None, d.meeting, None, None)
    }

    async fn object(ctx: &Ctx<'_>, d: Document, times: Times) -> Result<objects::Document, WebError> {
        Ok(document(ctx, d, times))
    }

    as_listed!();
}

pub struct Actions;

impl Resource for Actions {
    type Record = Action;
    type Object = objects::Action;
    const PATH: &'static str = "actions";
    const ABOUT: &'static str = "Committees' logs of actions, as their pages show them: an action resolved in \
        private, or under minutes not yet public, is not listed.";
    const FILTERS: &'static [FilterName] = &[FilterName::Committee];

    fn fits(a: &Action, f: &Filters) -> bool {
        f.pass(Some(a.committee), None, None, None)
    }

    async fn object(ctx: &Ctx<'_>, a: Action, times: Times) -> Result<objects::Action, WebError> {
        let owner = match a.owner {
            Some(o) => ctx
                .reader
                .store
                .live::<Officer>(ctx.reader.council, o)
                .await?
                .map(|o| o.name),
            None => None,
        };
        Ok(objects::Action {
            id: a.id.to_string(),
            committee: a.committee.to_string(),
            resolution: a.resolution.map(|r| r.to_string()),
            description: a.description,
            owner: owner.or(a.owner_text),
            due: a.due.map(|d| d.to_string()),
            status: code(&a.status),
            outcome: a.outcome,
            closed: a.closed.map(|d| d.to_string()),
            times,
        })
    }

    as_listed!();
}

pub struct WorkProgramme;

impl Resource for WorkProgramme {
    type Record = WorkProgrammeEntry;
    type Object = objects::WorkProgrammeEntry;
    const PATH: &'static str = "work-programme";
    const ABOUT: &'static str = "Rows of committees' work programmes, every municipal year's.";
    const FILTERS: &'static [FilterName] = &[FilterName::Committee];

    fn fits(e: &WorkProgrammeEntry, f: &Filters) -> bool {
        f.pass(Some(e.committee), None, None, None)
    }

    async fn object(
        ctx: &Ctx<'_>,
        e: WorkProgrammeEntry,
        times: Times,
    ) -> Result<objects::WorkProgrammeEntry, WebError> {
        let year = ctx
            .reader
            .store
            .fetch::<AnnualMeeting>(ctx.reader.council, e.year)
            .await?
            .record;
        let (section, date, meeting) = match e.section {
            WorkSection::Scheduled { date, meeting } => {
                ("scheduled", Some(date.to_string()), meeting.map(|m| m.to_string()))
            }
            WorkSection::Pending => ("pending", None, None),
            WorkSection::Group { .. } => ("group", None, None),
        };
        Ok(objects::WorkProgrammeEntry {
            id: e.id.to_string(),
            committee: e.committee.to_string(),
            municipal_year: year.municipal_year().to_string(),
            section: section.to_owned(),
            date,
            meeting,
            position: e.position,
            title: e.title,
            details: e.details,
            recommendations: e.recommendations,
            status: e.status,
            updated: e.updated.map(|d| d.to_string()),
            times,
        })
    }

    as_listed!();
}
