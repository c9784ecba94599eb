//! Documents: each is a `Paper`, its file a `File` (downloaded at the portal's own address,
//! under the same rule), and its place on an agenda a `Consultation`. Every object shares
//! its document's id, so the three stay together however the document changes.

use moot_app::links::download_path;
use moot_app::open_data::Times;
use moot_domain::{Document, Meeting};
use moot_store::StoreExt;

use super::meetings::{Items, Meetings};
use super::objects::{self, Consultation, File};
use super::people::Organizations;
use super::{Ctx, Family, value};
use crate::WebError;

/// A document's file, if it has one.
pub fn file(ctx: &Ctx<'_>, d: &Document, times: Times) -> Option<File> {
    let f = d.file.as_ref()?;
    let url = format!("{}{}", ctx.site, download_path(d.id, f));
    Some(File {
        common: ctx.common(Files::OBJECT, Files::TYPE, d.id, times, None),
        name: d.title.clone(),
        file_name: f.file_name.clone(),
        mime_type: f.media_type.clone(),
        size: f.size,
        access_url: url.clone(),
        download_url: url,
        paper: vec![ctx.url(Papers::OBJECT, d.id)],
        meeting: d.meeting.iter().map(|m| ctx.url(Meetings::OBJECT, m)).collect(),
        agenda_item: d.item.iter().map(|i| ctx.url(Items::OBJECT, i)).collect(),
        sha256_checksum: f.hash.to_string(),
    })
}

/// The meeting a document belongs to, if any.
async fn meeting_of(ctx: &Ctx<'_>, d: &Document) -> Result<Option<Meeting>, WebError> {
    Ok(match d.meeting {
        Some(m) => ctx.reader.store.live(ctx.reader.council, m).await?,
        None => None,
    })
}

fn consultation(ctx: &Ctx<'_>, d: &Document, meeting: Option<&Meeting>, times: Times) -> Option<Consultation> {
    let item = d.item?;
    Some(Consultation {
        common: ctx.common(Consultations::OBJECT, Consultations::TYPE, d.id, times, None),
        paper: ctx.url(Papers::OBJECT, d.id),
        agenda_item: Some(ctx.url(Items::OBJECT, item)),
        meeting: d.meeting.map(|m| ctx.url(Meetings::OBJECT, m)),
        organization: meeting
            .map(|m| ctx.url(Organizations::OBJECT, m.committee))
            .into_iter()
            .collect(),
    })
}

pub struct Papers;

impl Family for Papers {
    type Record = Document;
    const LIST: &'static str = "papers";
    const OBJECT: &'static str = "paper";
    const TYPE: &'static str = "Paper";

    async fn object(ctx: &Ctx<'_>, d: Document, times: Times) -> Result<serde_json::Value, WebError> {
        let meeting = meeting_of(ctx, &d).await?;
        value(objects::Paper {
            common: ctx.common(Self::OBJECT, Self::TYPE, d.id, times, None),
            body: format!("{}/body", ctx.root),
            name: d.title.clone(),
            paper_type: crate::json::code(&d.kind),
            date: meeting.as_ref().map(|m| m.starts_at.date().to_string()),
            main_file: file(ctx, &d, times),
            consultation: consultation(ctx, &d, meeting.as_ref(), times).into_iter().collect(),
        })
    }
}

pub struct Consultations;

impl Family for Consultations {
    type Record = Document;
    const LIST: &'static str = "consultations";
    const OBJECT: &'static str = "consultation";
    const TYPE: &'static str = "Consultation";

    fn fits(d: &Document) -> bool {
        d.item.is_some()
    }

    async fn object(ctx: &Ctx<'_>, d: Document, times: Times) -> Result<serde_json::Value, WebError> {
        let meeting = meeting_of(ctx, &d).await?;
        value(consultation(ctx, &d, meeting.as_ref(), times).ok_or(WebError::NotFound)?)
    }
}

pub struct Files;

impl Family for Files {
    type Record = Document;
    const LIST: &'static str = "files";
    const OBJECT: &'static str = "file";
    const TYPE: &'static str = "File";

    fn fits(d: &Document) -> bool {
        d.file.is_some()
    }

    async fn object(ctx: &Ctx<'_>, d: Document, times: Times) -> Result<serde_json::Value, WebError> {
        value(file(ctx, &d, times).ok_or(WebError::NotFound)?)
    }
}
