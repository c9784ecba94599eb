//! Keeping a meeting's PDFs in step with its records: the documents Moot typesets itself
//! (minutes of earlier meetings, the work programme, reports written in Moot), the meeting's
//! minutes, and the agenda pack in its public and members' editions.
//!
//! Everything is decided by fingerprints (the SHA-256 of what a file is made from), so
//! refreshing is idempotent: on any node, at any time, a refresh that finds nothing changed
//! writes nothing, and two nodes racing to write the same pack are settled by the store's
//! version check. All of a refresh's writes go in one batch: a pack is never half-published,
//! and if any supplied document cannot be used, nothing changes and the previous pack stays.

use std::sync::Arc;

use moot_domain::wording::long_date;
use moot_domain::*;
use moot_store::{BlobStore, Entity, Store, StoreExt, Stored, Write};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::RenderError;

/// The change log's name for Moot's own writes of generated files: followers skip them,
/// since nothing a pack is made from changes when a pack is written.
pub const PUBLISHER: &str = "moot:publisher";
use crate::facts::{MeetingFacts, MinutesOfMeeting, monitoring_report, programme_tables, work_programme};
use crate::pack::{self, BuiltPack, FrontSheet, PackDocument, PackItem};
use crate::typeset::{Template, Typesetter};

/// Bumped when a template changes what it prints, so every generated file is made again.
const TEMPLATES_VERSION: &str = "2";

/// What a refresh did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Refreshed {
    /// Titles of the files made (or taken down, or removed), in order.
    pub made: Vec<String>,
    /// Papers Moot could not typeset again, each with why; their previous files stay.
    pub problems: Vec<String>,
}

/// Makes and stores a council's generated PDFs.
#[derive(Debug, Clone)]
pub struct Publisher {
    store: Arc<dyn Store>,
    blobs: Arc<dyn BlobStore>,
    typesetter: Typesetter,
    actor: Actor,
}

/// A file to typeset and what it is made from.
struct Job {
    template: Template,
    data: serde_json::Value,
}

impl Job {
    fn new(template: Template, data: &impl Serialize) -> Result<Self, RenderError> {
        Ok(Self {
            template,
            data: serde_json::to_value(data).map_err(|e| RenderError::Template(e.to_string()))?,
        })
    }

    fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        h.update(TEMPLATES_VERSION);
        h.update(format!("{:?}", self.template));
        h.update(self.data.to_string());
        hex::encode(h.finalize())
    }
}

#[derive(Serialize)]
struct MinutesData<'a> {
    title: &'a str,
    council: &'a str,
    meetings: Vec<MinutesOfMeeting>,
}

#[derive(Serialize)]
struct ReportData<'a> {
    title: &'a str,
    council: &'a str,
    committee: &'a str,
    date: String,
    exempt: Option<String>,
    cover: Option<CoverData>,
    text: Option<&'a str>,
}

#[derive(Serialize)]
struct CoverData {
    key_decision: bool,
    on_forward_plan: bool,
    approving_director: Option<String>,
    authors: Vec<AuthorData>,
    wards_affected: Vec<String>,
    summary: String,
    recommendations: Vec<String>,
    appendices: Vec<String>,
    appendices_note: Option<&'static str>,
    background_papers: Vec<String>,
    considered_by: Vec<String>,
    council_approval_required: bool,
    exempt_from_public: bool,
}

#[derive(Serialize)]
struct AuthorData {
    name: String,
    email: Option<String>,
}

#[derive(Serialize)]
struct ProgrammeData<'a> {
    title: &'a str,
    council: &'a str,
    sections: Vec<crate::facts::Table>,
}

/// A pack ready to build, with its fingerprint.
#[derive(Debug)]
pub struct PackPlan {
    pub edition: Edition,
    pub front: FrontSheet,
    pub items: Vec<PackItem>,
    pub fingerprint: String,
    /// The lowest Schedule 12A paragraph among its exempt papers (members' edition only).
    exempt_paragraph: Option<Schedule12aParagraph>,
    item_ids: Vec<AgendaItemId>,
}

impl PackPlan {
    /// How many parts go in (front sheet and documents), for a progress bar.
    pub fn parts(&self) -> usize {
        1 + self.items.iter().map(|i| i.documents.len()).sum::<usize>()
    }
}

impl Publisher {
    pub fn new(store: Arc<dyn Store>, blobs: Arc<dyn BlobStore>, typesetter: Typesetter) -> Result<Self, RenderError> {
        Ok(Self {
            store,
            blobs,
            typesetter,
            actor: Actor::parse(PUBLISHER)?,
        })
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// Brings every generated file of one meeting up to date; returns what was made.
    pub async fn refresh(&self, council: &Council, meeting: MeetingId) -> Result<Refreshed, RenderError> {
        let mut facts = MeetingFacts::load(&*self.store, council, meeting).await?;
        let status = facts.meeting.status;
        // A published agenda's packs keep following its papers after the meeting is called
        // off too, or a paper withdrawn then would stay in them.
        if !facts.meeting.agenda_is_public() {
            return Ok(Refreshed::default());
        }
        // Documents typeset from records follow the records until the meeting is held; after
        // that they are what was put before the meeting, and are kept as they were.
        let agenda_open = status == MeetingStatus::AgendaPublished;
        let mut writes = Vec::new();
        let mut made = Vec::new();
        // What fails here is reported, not returned: whatever else fails, the packs below
        // must still follow the records, so that a withdrawn paper leaves them at once.
        let mut problems = Vec::new();

        for index in 0..facts.documents.len() {
            match self.typeset_paper(&facts, index, agenda_open).await {
                Ok(Some((write, updated))) => {
                    made.push(updated.title.clone());
                    writes.push(write);
                    facts.documents[index].record = updated;
                }
                Ok(None) => {}
                Err(e) => problems.push(format!("{}: {e}", facts.documents[index].record.title)),
            }
        }

        if facts.has_minutes() {
            match self.minutes_pdf(&facts).await {
                Ok(Some((write, title))) => {
                    writes.push(write);
                    made.push(title);
                }
                Ok(None) => {}
                Err(e) => problems.push(format!("the minutes: {e}")),
            }
        }

        for edition in [Edition::Public, Edition::Members] {
            let existing = facts.documents.iter().find(|d| {
                d.record.kind == DocumentKind::AgendaPack
                    && d.record.generated.as_ref().and_then(|g| g.edition) == Some(edition)
            });
            let current = existing
                .and_then(|d| d.record.generated.as_ref())
                .map(|g| g.fingerprint.as_str());
            // The pack as it was may hold what has since been withdrawn or made exempt, so it
            // must not stay up because its successor cannot be made.
            let outcome = match self.plan_pack(&facts, edition).await {
                Err(e) => self.take_down(&facts, edition, existing, String::new(), &e),
                Ok(None) => existing.map(removed),
                Ok(Some(plan)) if current == Some(plan.fingerprint.as_str()) => None,
                Ok(Some(plan)) => {
                    let fingerprint = plan.fingerprint.clone();
                    match self.remake_pack(&facts, existing, plan).await {
                        Ok(done) => Some(done),
                        Err(e) => self.take_down(&facts, edition, existing, fingerprint, &e),
                    }
                }
            };
            if let Some((write, what)) = outcome {
                writes.push(write);
                made.push(what);
            }
        }

        if !writes.is_empty() {
            let note = format!("generated PDFs brought up to date: {}", made.join(", "));
            self.store.apply(&self.actor, Some(&note), writes).await?;
        }
        Ok(Refreshed { made, problems })
    }

    /// A paper Moot typesets itself (a report written in Moot, the minutes of the meeting
    /// before, the work programme) made again when it is missing or, while the agenda is
    /// open, when what it is made from has changed: the write and the paper as updated.
    async fn typeset_paper(
        &self,
        facts: &MeetingFacts,
        index: usize,
        agenda_open: bool,
    ) -> Result<Option<(Write, Document)>, RenderError> {
        let stored = &facts.documents[index];
        let doc = &stored.record;
        let ours = doc.file.is_none() || doc.generated.is_some();
        if doc.item.is_none() || !ours {
            return Ok(None);
        }
        let Some(job) = self.document_job(facts, doc).await? else {
            return Ok(None);
        };
        let fingerprint = job.fingerprint();
        let current = doc.generated.as_ref().map(|g| g.fingerprint.as_str());
        let stale = doc.file.is_none() || (agenda_open && current != Some(fingerprint.as_str()));
        if !stale {
            return Ok(None);
        }
        let pdf = self.typeset(job).await?;
        let mut updated = doc.clone();
        updated.file = Some(self.file_ref(&pdf, &file_name(&doc.title), None).await?);
        updated.generated = Some(Generated {
            fingerprint,
            edition: None,
            pages: Vec::new(),
            problems: Vec::new(),
        });
        let write = Write::Update {
            record: updated.clone().into_record(),
            expected: stored.version,
        };
        Ok(Some((write, updated)))
    }

    /// The meeting's own minutes as a PDF, made again while they can still change.
    async fn minutes_pdf(&self, facts: &MeetingFacts) -> Result<Option<(Write, String)>, RenderError> {
        let existing = facts.documents.iter().find(|d| {
            d.record.item.is_none() && d.record.kind == DocumentKind::Minutes && d.record.generated.is_some()
        });
        let title = format!("Minutes, {}", facts.date());
        let job = Job::new(
            Template::Minutes,
            &MinutesData {
                title: &format!("{}: minutes of {}", facts.committee.name, facts.date()),
                council: &facts.council.name,
                meetings: vec![facts.minutes()],
            },
        )?;
        let fingerprint = job.fingerprint();
        let frozen = facts.meeting.status == MeetingStatus::MinutesApproved && existing.is_some();
        let current = existing
            .and_then(|d| d.record.generated.as_ref())
            .map(|g| g.fingerprint.as_str());
        if frozen || current == Some(fingerprint.as_str()) {
            return Ok(None);
        }
        let pdf = self.typeset(job).await?;
        let file = self
            .file_ref(&pdf, &format!("{}-minutes.pdf", facts.key()), None)
            .await?;
        let generated = Generated {
            fingerprint,
            edition: None,
            pages: Vec::new(),
            problems: Vec::new(),
        };
        let write = self.meeting_paper(
            facts,
            existing,
            DocumentKind::Minutes,
            &title,
            2,
            Some(file),
            generated,
            Visibility::Public,
        );
        Ok(Some((write, title)))
    }

    /// The pack as `plan` has it, made and written as a new version.
    async fn remake_pack(
        &self,
        facts: &MeetingFacts,
        existing: Option<&Stored<Document>>,
        plan: PackPlan,
    ) -> Result<(Write, String), RenderError> {
        let edition = plan.edition;
        let (title, position) = pack_title(edition);
        let visibility = match plan.exempt_paragraph {
            Some(paragraph) => Visibility::Exempt(Exemption {
                paragraph,
                reason: "This edition of the pack includes the exempt papers, for members only.".to_owned(),
                public_interest: None,
                review_date: None,
            }),
            None => Visibility::Public,
        };
        let fingerprint = plan.fingerprint.clone();
        let item_ids = plan.item_ids.clone();
        let built = self.build(plan, &mut |_| {}).await?;
        let suffix = if edition == Edition::Members { "-members" } else { "" };
        let file = self
            .file_ref(
                &built.pdf,
                &format!("{}-agenda-pack{suffix}.pdf", facts.key()),
                Some(built.pages),
            )
            .await?;
        for left in &built.left_out {
            tracing::warn!(meeting = %facts.meeting.id, "{left}");
        }
        let generated = Generated {
            fingerprint,
            edition: Some(edition),
            pages: item_ids
                .iter()
                .zip(&built.ranges)
                .filter_map(|(item, r)| r.map(|pages| ItemPages { item: *item, pages }))
                .collect(),
            problems: built.left_out.iter().map(ToString::to_string).collect(),
        };
        let write = self.meeting_paper(
            facts,
            existing,
            DocumentKind::AgendaPack,
            title,
            position,
            Some(file),
            generated,
            visibility,
        );
        Ok((write, title.to_owned()))
    }

    /// The pack of `edition` taken down because it cannot be made again: its file goes and it
    /// is a draft, so only the clerks see it, with the reason, until it can be made (or, when
    /// there was none yet, that record made). `None` when it is down already for the same
    /// reason: nothing to write.
    /// `fingerprint` is the plan's that failed (the same plan is not tried again), or empty
    /// when there was no plan (tried again on the next pass).
    fn take_down(
        &self,
        facts: &MeetingFacts,
        edition: Edition,
        existing: Option<&Stored<Document>>,
        fingerprint: String,
        problem: &RenderError,
    ) -> Option<(Write, String)> {
        let problems = vec![format!("The pack could not be made, so it is not published: {problem}")];
        let down = existing.is_some_and(|d| {
            d.record.file.is_none()
                && d.record
                    .generated
                    .as_ref()
                    .is_some_and(|g| g.problems == problems && g.fingerprint == fingerprint)
        });
        if down {
            return None;
        }
        tracing::warn!(meeting = %facts.meeting.id, "{}", problems[0]);
        let (title, position) = pack_title(edition);
        let generated = Generated {
            fingerprint,
            edition: Some(edition),
            pages: Vec::new(),
            problems,
        };
        let write = self.meeting_paper(
            facts,
            existing,
            DocumentKind::AgendaPack,
            title,
            position,
            None,
            generated,
            Visibility::Draft,
        );
        Some((write, format!("{title} taken down")))
    }

    /// The pack of `edition` as it stands, or `None` if that edition has nothing to hold
    /// (a members' edition with no exempt papers would be the public one again).
    pub async fn plan_pack(&self, facts: &MeetingFacts, edition: Edition) -> Result<Option<PackPlan>, RenderError> {
        let title = match edition {
            Edition::Public => format!("{}, {}: agenda pack", facts.committee.name, facts.date()),
            Edition::Members => format!(
                "{}, {}: agenda pack, members' edition",
                facts.committee.name,
                facts.date()
            ),
        };
        let front = facts.front_sheet(&title);
        let mut hasher = Sha256::new();
        hasher.update(TEMPLATES_VERSION);
        hasher.update(serde_json::to_string(&front).map_err(|e| RenderError::Template(e.to_string()))?);
        let mut items = Vec::new();
        let mut exempt_paragraph: Option<Schedule12aParagraph> = None;
        // Members read the agenda as the public does; only the papers differ by edition. A
        // late item not yet released is in neither.
        let reader = edition.reader(facts.meeting.council, facts.meeting.committee);
        let day = facts.meeting.starts_at.date();
        let agenda: Vec<&AgendaItem> = facts
            .items
            .iter()
            .filter(|i| access::may_read_item(&Viewer::Anonymous, &facts.meeting, i))
            .collect();
        for &item in &agenda {
            let mut documents = Vec::new();
            for d in facts
                .documents
                .iter()
                .map(|s| &s.record)
                // In the edition exactly when its reader may see it: never a draft or a
                // withdrawn paper, an exempt one in the members' edition only.
                .filter(|d| {
                    d.item == Some(item.id) && access::may_see(&reader, d.guarded(Some(item.committee)), &[], day)
                })
            {
                let Some(file) = d.file.as_ref().filter(|f| f.media_type == "application/pdf") else {
                    continue;
                };
                let banner = d.visibility.exemption().map(|e| {
                    exempt_paragraph = Some(exempt_paragraph.map_or(e.paragraph, |p| p.min(e.paragraph)));
                    format!(
                        "NOT FOR PUBLICATION - exempt under {} to the Local Government Act 1972",
                        e.paragraph
                    )
                });
                let bytes = self.blobs.get(&file.hash).await?.ok_or_else(|| RenderError::Supplied {
                    document: d.title.clone(),
                    problem: "its file is missing from the file store".to_owned(),
                })?;
                hasher.update(format!("{}|{}|{}|{:?}", item.id, d.title, file.hash, banner));
                // A cover sheet filled in on Moot's form is printed in front of the officer's
                // own file (which then holds the report alone), as the seeds' packs open
                // each report with its cover sheet.
                if d.cover_sheet.is_some() && d.generated.is_none() {
                    let job = report_job(facts, d, None)?;
                    hasher.update(job.fingerprint());
                    documents.push(PackDocument {
                        title: format!("{}: cover sheet", d.title),
                        pdf: Arc::new(self.typeset(job).await?),
                        banner: banner.clone(),
                    });
                }
                documents.push(PackDocument {
                    title: d.title.clone(),
                    pdf: Arc::new(bytes),
                    banner,
                });
            }
            let line = PackItem {
                number: item.number.to_string(),
                title: item.title.clone(),
                description: item.description.clone(),
                exempt: MeetingFacts::exempt_line(item),
                urgency: item.urgency.clone(),
                documents,
            };
            hasher.update(format!(
                "{}|{}|{:?}|{:?}|{:?}",
                line.number, line.title, line.description, line.exempt, line.urgency
            ));
            items.push(line);
        }
        if edition == Edition::Members && exempt_paragraph.is_none() {
            return Ok(None);
        }
        Ok(Some(PackPlan {
            edition,
            front,
            item_ids: agenda.iter().map(|i| i.id).collect(),
            items,
            fingerprint: hex::encode(hasher.finalize()),
            exempt_paragraph,
        }))
    }

    /// Builds a planned pack off the async threads (typesetting and merging are CPU work).
    pub async fn build(
        &self,
        plan: PackPlan,
        progress: &mut (dyn FnMut(&str) + Send),
    ) -> Result<BuiltPack, RenderError> {
        let typesetter = self.typesetter.clone();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
        let work = tokio::task::spawn_blocking(move || {
            pack::build(&typesetter, &plan.front, &plan.items, &mut |title| {
                let _ = tx.send(title.to_owned());
            })
        });
        while let Some(title) = rx.recv().await {
            progress(&title);
        }
        work.await.map_err(|e| RenderError::Assembly(e.to_string()))?
    }

    async fn typeset(&self, job: Job) -> Result<Vec<u8>, RenderError> {
        let typesetter = self.typesetter.clone();
        tokio::task::spawn_blocking(move || typesetter.pdf(job.template, &job.data))
            .await
            .map_err(|e| RenderError::Assembly(e.to_string()))?
    }

    async fn file_ref(&self, pdf: &[u8], name: &str, pages: Option<u32>) -> Result<FileRef, RenderError> {
        let hash = self.blobs.put(pdf).await?;
        let pages = match pages {
            Some(p) => Some(p),
            None => crate::merge::Opened::new(name, pdf).ok().map(|o| o.pages()),
        };
        Ok(FileRef {
            hash,
            size: pdf.len() as u64,
            media_type: "application/pdf".to_owned(),
            file_name: name.to_owned(),
            page_count: pages,
        })
    }

    /// A new version of a meeting-level paper, or the paper itself the first time.
    #[allow(
        clippy::too_many_arguments,
        reason = "one call site per kind of paper, each naming every field"
    )]
    fn meeting_paper(
        &self,
        facts: &MeetingFacts,
        existing: Option<&Stored<Document>>,
        kind: DocumentKind,
        title: &str,
        position: u32,
        file: Option<FileRef>,
        generated: Generated,
        visibility: Visibility,
    ) -> Write {
        match existing {
            Some(stored) => {
                let mut doc = stored.record.clone();
                doc.file = file;
                doc.generated = Some(generated);
                doc.visibility = visibility;
                Write::Update {
                    record: doc.into_record(),
                    expected: stored.version,
                }
            }
            None => Write::Create(
                Document {
                    id: DocumentId::new(),
                    council: facts.council.id,
                    meeting: Some(facts.meeting.id),
                    item: None,
                    position,
                    title: title.to_owned(),
                    kind,
                    file,
                    visibility,
                    authors: Vec::new(),
                    cover_sheet: None,
                    text: None,
                    published_as: None,
                    generated: Some(generated),
                    withdrawn: None,
                    exempt_on_release: None,
                    revisions: Vec::new(),
                    original_of: None,
                }
                .into_record(),
            ),
        }
    }

    /// How Moot can write `doc` itself from its records, if it can.
    async fn document_job(&self, facts: &MeetingFacts, doc: &Document) -> Result<Option<Job>, RenderError> {
        let council = &facts.council.name;
        let item = facts.items.iter().find(|i| Some(i.id) == doc.item);
        match doc.kind {
            DocumentKind::Minutes => {
                let earlier = item.map(|i| i.approves_minutes_of.clone()).unwrap_or_default();
                let mut meetings = Vec::new();
                for id in earlier {
                    let Some(_) = self.store.live(facts.council.id, id).await? else {
                        continue;
                    };
                    let other = MeetingFacts::load(&*self.store, &facts.council, id).await?;
                    if other.has_minutes() {
                        meetings.push(other.minutes());
                    }
                }
                if meetings.is_empty() {
                    return Ok(None);
                }
                Job::new(
                    Template::Minutes,
                    &MinutesData {
                        title: &doc.title,
                        council,
                        meetings,
                    },
                )
                .map(Some)
            }
            DocumentKind::WorkProgramme | DocumentKind::ProjectGroups | DocumentKind::MonitoringReport => {
                let sections = match doc.kind {
                    DocumentKind::MonitoringReport => vec![monitoring_report(&*self.store, facts).await?],
                    kind => programme_tables(
                        &work_programme(&*self.store, facts).await?,
                        kind == DocumentKind::ProjectGroups,
                    ),
                };
                Job::new(
                    Template::WorkProgramme,
                    &ProgrammeData {
                        title: &format!("{}: {}", facts.committee.name, doc.title),
                        council,
                        sections,
                    },
                )
                .map(Some)
            }
            _ if doc.cover_sheet.is_some() || doc.text.is_some() => {
                report_job(facts, doc, doc.text.as_deref()).map(Some)
            }
            _ => Ok(None),
        }
    }
}

/// A report as Moot typesets it: its cover sheet, then its text when Moot holds it as text.
fn report_job(facts: &MeetingFacts, doc: &Document, text: Option<&str>) -> Result<Job, RenderError> {
    Job::new(
        Template::Report,
        &ReportData {
            title: &doc.title,
            council: &facts.council.name,
            committee: &facts.committee.name,
            date: facts.date(),
            exempt: doc.visibility.exemption().map(|e| {
                format!(
                    "NOT FOR PUBLICATION: exempt under {} ({})",
                    e.paragraph,
                    e.paragraph.summary()
                )
            }),
            cover: doc.cover_sheet.as_deref().map(cover_data),
            text,
        },
    )
}

/// The members' edition deleted once it would hold nothing the public one does not (its
/// exempt papers withdrawn or made public), so it cannot keep what has left the meeting.
fn removed(stored: &Stored<Document>) -> (Write, String) {
    let write = Write::Delete {
        kind: Document::KIND,
        council: stored.record.council,
        id: stored.record.uuid(),
        expected: stored.version,
    };
    (write, format!("{} removed", stored.record.title))
}

/// The title and place among the meeting's papers of each edition of the pack.
fn pack_title(edition: Edition) -> (&'static str, u32) {
    match edition {
        Edition::Public => ("Agenda pack", 0),
        Edition::Members => ("Agenda pack (members' edition, with exempt papers)", 1),
    }
}

fn cover_data(c: &CoverSheet) -> CoverData {
    CoverData {
        key_decision: c.key_decision,
        on_forward_plan: c.on_forward_plan,
        approving_director: c.approving_director.clone(),
        authors: c
            .authors
            .iter()
            .map(|a| AuthorData {
                name: a.name.clone(),
                email: a.email.as_ref().map(|e| e.as_str().to_owned()),
            })
            .collect(),
        wards_affected: c.wards_affected.clone(),
        summary: c.summary.clone(),
        recommendations: c.recommendations.clone(),
        appendices: c
            .appendices
            .iter()
            .map(|a| {
                let exempt = if a.exempt { " (exempt: not for publication)" } else { "" };
                let private = if a.shared_privately { "*" } else { "" };
                format!("{}{private}{exempt}", a.title)
            })
            .collect(),
        // As seed 001 prints it: the appendices marked "*", and what the mark means.
        appendices_note: c
            .appendices
            .iter()
            .any(|a| a.shared_privately)
            .then_some("* Shared privately with members, and excluded from the public papers."),
        background_papers: c.background_papers.clone(),
        considered_by: c
            .considered_by
            .iter()
            .map(|p| match p.date {
                Some(d) => format!("{}, {}", p.body, long_date(d)),
                None => p.body.clone(),
            })
            .collect(),
        council_approval_required: c.council_approval_required,
        exempt_from_public: c.exempt_from_public,
    }
}

/// A safe download name from a title: its slug, as "appendix-1-report-on-the-impact.pdf".
fn file_name(title: &str) -> String {
    Slug::from_title(title).map_or_else(|_| "document.pdf".to_owned(), |s| format!("{}.pdf", s.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe() {
        assert_eq!(
            file_name("Appendix 1 – Report on the impact (March 2020)"),
            "appendix-1-report-on-the-impact-march-2020.pdf"
        );
        assert_eq!(file_name("../../etc/passwd"), "etc-passwd.pdf");
        assert_eq!(file_name("–"), "document.pdf");
    }
}
