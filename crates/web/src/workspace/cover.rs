//! The report cover sheet: the fixed fields every officer's report opens with (key decision,
//! approving director, authors, wards, summary, recommendations, appendices with their
//! flags, background papers, consideration by other committees). Filled in by the clerks or
//! the report's authors while the report is still a draft.
//!
//! Appendices and prior considerations are rows: those already saved and a few blank ones,
//! so several can be added without JavaScript (saving offers fresh blank rows for more).

use std::collections::{BTreeSet, HashMap};

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use moot_domain::*;
use moot_store::StoreExt;
use serde::Deserialize;

use crate::auth::SignedIn;
use crate::extract::{Checked, IdPath, Signed, Staff};
use crate::headers::private;
use crate::site::Site;
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "workspace/cover_sheet.html")]
struct CoverPage<'a> {
    base: &'a str,
    id: String,
    version: i64,
    title: String,
    csrf: &'a str,
    cover: CoverSheet,
    authors: String,
    /// The paper's own exemption, when it has one: its paragraph and reason.
    paragraph: String,
    reason: String,
    /// The item is exempt, so its papers are too, whatever the form says.
    item_exempt: bool,
    appendices: Vec<AppendixRow>,
    considered: Vec<ConsideredRow>,
}

/// Blank rows offered after the saved ones.
const BLANK_APPENDICES: usize = 3;
const BLANK_CONSIDERATIONS: usize = 2;

/// One row of the appendices: `appendix_{n}_title`, `…_exempt`, `…_private`.
struct AppendixRow {
    n: usize,
    title: String,
    exempt: bool,
    private: bool,
}

/// One row of "considered by other committees": `considered_{n}_body`, `…_date`.
struct ConsideredRow {
    n: usize,
    body: String,
    date: String,
}

/// Whether the document's item is taken in private.
async fn item_exempt(state: &AppState, site: &Site, doc: &Document) -> Result<bool, WebError> {
    Ok(match doc.item {
        Some(item) => state
            .store
            .fetch::<AgendaItem>(site.council.id, item)
            .await?
            .record
            .exemption
            .is_some(),
        None => false,
    })
}

/// The draft document `id`, if this person may edit its cover sheet: clerks any, an author
/// their own.
async fn editable(
    state: &AppState,
    site: &Site,
    who: &SignedIn,
    id: &str,
) -> Result<moot_store::Stored<Document>, WebError> {
    let id: DocumentId = id.parse().map_err(|_| WebError::NotFound)?;
    let stored = state.store.fetch(site.council.id, id).await?;
    let doc = &stored.record;
    if who.account.role == AccountRole::ReportAuthor && !who.account.officer.is_some_and(|o| doc.authors.contains(&o)) {
        return Err(WebError::Forbidden);
    }
    doc.may(PaperAct::FillCoverSheet)?;
    Ok(stored)
}

/// `GET /workspace/documents/{id}/cover-sheet`
pub async fn page(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<IdPath>,
    Signed(who, _): Signed<Staff>,
) -> Result<Response, WebError> {
    let stored = editable(&state, &site, &who, &path.id).await?;
    let cover = stored.record.cover_sheet.as_deref().cloned().unwrap_or_default();
    let authors = cover
        .authors
        .iter()
        .map(|a| match &a.email {
            Some(e) => format!("{} <{}>", a.name, e.as_str()),
            None => a.name.clone(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let own = stored.record.exempt_on_release.as_ref();
    let blank_appendices = (0..BLANK_APPENDICES).map(|_| AppendixListing {
        title: String::new(),
        shared_privately: false,
        exempt: false,
    });
    let appendices = cover
        .appendices
        .iter()
        .cloned()
        .chain(blank_appendices)
        .enumerate()
        .map(|(i, a)| AppendixRow {
            n: i + 1,
            title: a.title,
            exempt: a.exempt,
            private: a.shared_privately,
        })
        .collect();
    let blank_considerations = (0..BLANK_CONSIDERATIONS).map(|_| (String::new(), String::new()));
    let considered = cover
        .considered_by
        .iter()
        .map(|p| (p.body.clone(), p.date.map(|d| d.to_string()).unwrap_or_default()))
        .chain(blank_considerations)
        .enumerate()
        .map(|(i, (body, date))| ConsideredRow { n: i + 1, body, date })
        .collect();
    let page = CoverPage {
        base: &site.base,
        id: stored.record.id.to_string(),
        version: stored.version,
        title: stored.record.title.clone(),
        csrf: &who.session.csrf,
        cover,
        authors,
        paragraph: own.map(|e| e.paragraph.number().to_string()).unwrap_or_default(),
        reason: own.map(|e| e.reason.clone()).unwrap_or_default(),
        item_exempt: item_exempt(&state, &site, &stored.record).await?,
        appendices,
        considered,
    }
    .render()?;
    Ok(private(Html(page)))
}

#[derive(Deserialize)]
pub struct CoverForm {
    version: i64,
    key_decision: Option<String>,
    on_forward_plan: Option<String>,
    #[serde(default)]
    approving_director: String,
    /// One per line: "Name <address>" or just the name.
    #[serde(default)]
    authors: String,
    #[serde(default)]
    wards: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    recommendations: String,
    #[serde(default)]
    background_papers: String,
    council_approval_required: Option<String>,
    /// The paper's own exemption; blank for a public paper.
    #[serde(flatten)]
    exempt: super::schedule::ExemptionFields,
    /// The appendix and consideration rows, whose names carry their row number.
    #[serde(flatten)]
    rows: HashMap<String, String>,
}

impl CoverForm {
    /// The row numbers the form sent for `prefix` ("appendix", "considered"), in order.
    fn row_numbers(&self, prefix: &str) -> BTreeSet<usize> {
        self.rows
            .keys()
            .filter_map(|k| k.strip_prefix(prefix)?.strip_prefix('_')?.split_once('_'))
            .filter_map(|(n, _)| n.parse().ok())
            .collect()
    }

    fn row(&self, prefix: &str, n: usize, field: &str) -> &str {
        self.rows.get(&format!("{prefix}_{n}_{field}")).map_or("", |v| v.trim())
    }

    /// The appendices listed, blank rows left out. A row ticked as exempt or shared
    /// privately but without a title is refused rather than dropped with its flags.
    fn appendices(&self) -> Result<Vec<AppendixListing>, WebError> {
        let mut out = Vec::new();
        for n in self.row_numbers("appendix") {
            let title = self.row("appendix", n, "title");
            let exempt = self.row("appendix", n, "exempt") == "on";
            let shared_privately = self.row("appendix", n, "private") == "on";
            if title.is_empty() {
                if exempt || shared_privately {
                    return Err(WebError::Unprocessable(format!(
                        "Appendices, row {n}: it is marked exempt or shared privately but has no title. Give its title, or untick it."
                    )));
                }
                continue;
            }
            out.push(AppendixListing {
                title: title.to_owned(),
                shared_privately,
                exempt,
            });
        }
        Ok(out)
    }

    /// The other bodies that considered the report, blank rows left out; a date needs the
    /// body it belongs to.
    fn considered_by(&self) -> Result<Vec<PriorConsideration>, WebError> {
        let mut out = Vec::new();
        for n in self.row_numbers("considered") {
            let body = self.row("considered", n, "body");
            let date = super::optional_date(self.row("considered", n, "date")).map_err(|e| match e {
                WebError::Unprocessable(m) => {
                    WebError::Unprocessable(format!("Considered by other committees, row {n}: {m}."))
                }
                other => other,
            })?;
            match (body.is_empty(), date) {
                (true, None) => continue,
                (true, Some(_)) => {
                    return Err(WebError::Unprocessable(format!(
                        "Considered by other committees, row {n}: a date without the committee, scrutiny or advisory panel. Name it, or clear the date."
                    )));
                }
                (false, date) => out.push(PriorConsideration {
                    body: body.to_owned(),
                    date,
                }),
            }
        }
        Ok(out)
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `POST /workspace/documents/{id}/cover-sheet`
pub async fn save(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<IdPath>,
    Signed(who, _): Signed<Staff>,
    Checked(form): Checked<CoverForm>,
) -> Result<Response, WebError> {
    let stored = editable(&state, &site, &who, &path.id).await?;
    let on = |v: &Option<String>| v.as_deref() == Some("on");
    let mut authors = Vec::new();
    for line in lines(&form.authors) {
        let author = match line.split_once('<') {
            Some((name, rest)) => ReportAuthor {
                name: name.trim().to_owned(),
                email: Some(Email::parse(rest.trim_end_matches('>'))?),
            },
            None => ReportAuthor {
                name: line,
                email: None,
            },
        };
        authors.push(author);
    }
    let appendices = form.appendices()?;
    let considered_by = form.considered_by()?;
    // The cover sheet's "exempt" line follows the exemption that really decides who may read
    // the paper, so the two can never disagree.
    let own = form.exempt.exemption()?;
    let exempt = own.is_some() || item_exempt(&state, &site, &stored.record).await?;
    let cover = CoverSheet {
        key_decision: on(&form.key_decision),
        on_forward_plan: on(&form.on_forward_plan),
        approving_director: Some(form.approving_director.trim().to_owned()).filter(|d| !d.is_empty()),
        authors,
        wards_affected: form
            .wards
            .split(',')
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect(),
        summary: form.summary.trim().to_owned(),
        recommendations: lines(&form.recommendations),
        appendices,
        background_papers: lines(&form.background_papers),
        considered_by,
        council_approval_required: on(&form.council_approval_required),
        exempt_from_public: exempt,
    };
    let mut doc = stored.record;
    doc.cover_sheet = Some(Box::new(cover));
    doc.exempt_on_release = own;
    let note = format!("cover sheet of {:?} saved by {}", doc.title, who.account.name);
    let meeting = doc.meeting;
    who.update(&state, &note, doc, form.version).await?;
    let back = match meeting {
        Some(m) => {
            let m = state.store.fetch(site.council.id, m).await?.record;
            let c = state.store.fetch(site.council.id, m.committee).await?.record;
            format!("{}/workspace{}", site.base, moot_app::links::meeting_path(&m, &c))
        }
        None => format!("{}/workspace", site.base),
    };
    Ok(Redirect::to(&back).into_response())
}
