//! What the search index holds, and keeping it in step with the store.
//!
//! Entries are read through an anonymous [`Reader`], the same one the public pages use, so
//! the index only ever holds what a resident could read on the site: an unpublished agenda,
//! an exempt paper, an exempt minute or a withdrawn paper never enters it. Every node follows
//! the change log and rebuilds the scopes a change touches (a meeting with its items and
//! papers, a committee, a member).
//!
//! Each pass has two phases, so that something that stops being public leaves the index
//! within one pass however many papers wait to be read: first every touched scope is
//! replaced from the records, with the text of papers already read (a paper's PDF is read
//! once per file) and new papers by title only; then, for a few seconds, new papers' PDFs are
//! read and their scopes replaced again. A scope that cannot be read is emptied (fail closed)
//! and the pass goes on.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use moot_domain::wording::{exemption_notice, long_date};
use moot_domain::{
    AgendaItem, Committee, CommitteeId, Council, CouncilId, Document, DocumentKind, Meeting, MeetingId, Member,
    MemberId, Resolution,
};
use moot_search::{Entry, Kind as EntryKind, Position, Scope, SearchError, SearchIndex};
use moot_store::{BlobStore, ChangeQuery, Filter, Kind, Store, StoreExt};
use uuid::Uuid;

use crate::AppError;
use crate::links::meeting_path;
use crate::reader::Reader;
use moot_domain::markdown::paragraphs as markdown_paragraphs;

/// Changes when what the index makes of the same records changes (the rules it follows,
/// the entries it writes): every node's index is then built again.
const RULES: u32 = 2;

/// How long one pass may spend reading new papers' PDFs before it looks at the change log
/// again (one slow file may overrun it by its own time limit).
const READING_BUDGET: Duration = Duration::from_secs(5);

/// Scopes written per commit while rebuilding, so memory stays bounded on a large site.
const REBUILD_BATCH: usize = 200;

/// The store, its files and the index they feed.
#[derive(Debug, Clone)]
pub struct Indexer {
    pub store: Arc<dyn Store>,
    pub blobs: Arc<dyn BlobStore>,
    pub index: Arc<SearchIndex>,
}

/// What a rebuild did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rebuilt {
    pub entries: usize,
    /// The change-log position the index now reflects.
    pub seq: i64,
}

/// Whether papers' PDFs are read now or left for the second phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Files {
    KnownText,
    Read,
}

impl Indexer {
    /// Empties the index and fills it from the store (papers by title and any text they hold;
    /// their PDFs are read by the passes that follow). Commits go in batches with no
    /// position, so searches find what is in so far and a build cut short starts again.
    pub async fn rebuild(&self) -> Result<Rebuilt, AppError> {
        // Read the position first: anything written while the records are read is then
        // applied again by the next `catch_up`, never missed.
        let at = self.position().await?;
        self.blocking(SearchIndex::clear).await?;
        let mut count = 0;
        for council in self.store.councils().await? {
            let council: Council = moot_store::typed(council)?.record;
            let wanted: Vec<(Kind, Uuid)> = self.every_scope(council.id).await?.into_iter().collect();
            for batch in wanted.chunks(REBUILD_BATCH) {
                let (scopes, entries) = self.scopes(&council, batch, Files::KnownText).await;
                count += entries.len();
                self.blocking(move |index| index.replace(&scopes, entries, None))
                    .await?;
            }
        }
        let seq = at.seq;
        self.blocking(move |index| index.replace(&[], Vec::new(), Some(&at)))
            .await?;
        self.index.mark_ready();
        Ok(Rebuilt { entries: count, seq })
    }

    /// One pass: applies every change since the index's position, then reads new papers'
    /// PDFs for a few seconds. Rebuilds instead when the index was never built, was built by
    /// other rules or from another database, or does not match the log at its own position
    /// (a database restored from a backup, say).
    pub async fn catch_up(&self) -> Result<(), AppError> {
        let now = self.position().await?;
        let saved = self.blocking(SearchIndex::position).await?;
        let since = match saved {
            Some(at) if at.seq <= now.seq && at.log == self.log_id(at.seq).await? => at.seq,
            _ => {
                self.rebuild().await?;
                return self.read_waiting_papers().await;
            }
        };
        if since < now.seq {
            let stretch = moot_store::touched(&*self.store, since, None).await?;
            let mut names = Vec::new();
            let mut entries = Vec::new();
            for (council_id, touched) in &stretch.councils {
                let Some(council) = self.store.live::<Council>(*council_id, *council_id).await? else {
                    // A council taken down: the scopes its changes name are emptied here; the
                    // rest cannot be reached (no site serves it) and go at the next rebuild.
                    let wanted = touched.meetings.iter().map(|m| (Kind::Meeting, *m));
                    names.extend(wanted.map(|(kind, id)| scope_of(council_id.uuid(), kind, id)));
                    continue;
                };
                let wanted: Vec<(Kind, Uuid)> = self.touched_scopes(&council, touched).await?.into_iter().collect();
                let (scopes, found) = self.scopes(&council, &wanted, Files::KnownText).await;
                names.extend(scopes);
                entries.extend(found);
            }
            let at = Position {
                seq: stretch.last,
                log: self.log_id(stretch.last).await?,
            };
            self.blocking(move |index| index.replace(&names, entries, Some(&at)))
                .await?;
        }
        self.index.mark_ready();
        self.read_waiting_papers().await
    }

    /// The second phase: reads the PDFs of papers indexed by title only, scope by scope,
    /// until the reading budget is spent.
    async fn read_waiting_papers(&self) -> Result<(), AppError> {
        let started = Instant::now();
        let waiting = self.blocking(|index| index.pending(50)).await?;
        for scope in waiting {
            if started.elapsed() > READING_BUDGET {
                break;
            }
            let council_id = CouncilId::from_uuid(scope.council);
            let Some(council) = self.store.live::<Council>(council_id, council_id).await? else {
                continue;
            };
            let Some(wanted) = parse_scope(&scope.name) else {
                continue;
            };
            let (scopes, entries) = self.scopes(&council, &[wanted], Files::Read).await;
            // The position stays: the scope is read as the store has it now, which is as
            // new as the position or newer.
            self.blocking(move |index| {
                let at = index.position()?;
                index.replace(&scopes, entries, at.as_ref())
            })
            .await?;
        }
        Ok(())
    }

    /// Where the store's change log is now, and which log it is.
    async fn position(&self) -> Result<Position, AppError> {
        let seq = self.store.last_seq().await?;
        Ok(Position {
            seq,
            log: self.log_id(seq).await?,
        })
    }

    /// Names the change log as it stands at `seq`: the rules version, the time of its first
    /// entry and the time of entry `seq`. Another database, or this one restored from a
    /// backup and written again since, gives another name.
    async fn log_id(&self, seq: i64) -> Result<String, AppError> {
        let time_after = |after: i64| async move {
            let query = ChangeQuery {
                after,
                limit: Some(1),
                ..ChangeQuery::default()
            };
            let first = self.store.changes(&query).await?;
            Ok::<_, AppError>(first.first().map(|c| (c.seq, c.at.to_string())))
        };
        let first = time_after(0).await?.map(|(_, at)| at).unwrap_or_default();
        let at_seq = match time_after(seq - 1).await? {
            Some((found, at)) if found == seq => at,
            _ => String::new(),
        };
        Ok(format!("rules {RULES}, first {first}, entry {seq} at {at_seq}"))
    }

    /// Every scope of a council: its committees, members and meetings.
    async fn every_scope(&self, council: CouncilId) -> Result<BTreeSet<(Kind, Uuid)>, AppError> {
        let all = Filter::all();
        let committees = self.store.find::<Committee>(council, &all).await?;
        let members = self.store.find::<Member>(council, &all).await?;
        let meetings = self.store.find::<Meeting>(council, &all).await?;
        Ok(committees
            .iter()
            .map(|c| (Kind::Committee, c.record.id.uuid()))
            .chain(members.iter().map(|m| (Kind::Member, m.record.id.uuid())))
            .chain(meetings.iter().map(|m| (Kind::Meeting, m.record.id.uuid())))
            .collect())
    }

    /// The scopes a stretch of the log touched in one council.
    async fn touched_scopes(
        &self,
        council: &Council,
        touched: &moot_store::Touched,
    ) -> Result<BTreeSet<(Kind, Uuid)>, AppError> {
        let of = |kind: Kind| touched.records.get(&kind).into_iter().flatten().copied();
        // The council's name and settings are in every entry's context.
        if of(Kind::Council).next().is_some() {
            return self.every_scope(council.id).await;
        }
        let mut wanted: BTreeSet<(Kind, Uuid)> = touched.meetings.iter().map(|m| (Kind::Meeting, *m)).collect();
        wanted.extend(of(Kind::Member).map(|m| (Kind::Member, m)));
        for committee in of(Kind::Committee) {
            wanted.insert((Kind::Committee, committee));
            // Its meetings' entries carry its name.
            let meetings = self
                .store
                .find::<Meeting>(
                    council.id,
                    &Filter::eq("committee_id", CommitteeId::from_uuid(committee)),
                )
                .await?;
            wanted.extend(meetings.iter().map(|m| (Kind::Meeting, m.record.id.uuid())));
        }
        Ok(wanted)
    }

    /// The entries of `wanted` scopes, each carrying its scope. A scope that cannot be read
    /// is left empty and reported, so one bad record neither stops the index nor stays
    /// findable in an older form.
    async fn scopes(
        &self,
        council: &Council,
        wanted: &[(Kind, Uuid)],
        files: Files,
    ) -> (Vec<Scope>, Vec<(Scope, Entry)>) {
        let mut scopes = Vec::with_capacity(wanted.len());
        let mut entries = Vec::new();
        for &(kind, id) in wanted {
            let scope = scope_of(council.id.uuid(), kind, id);
            match self.scope(council, kind, id, files).await {
                Ok(found) => entries.extend(found.into_iter().map(|e| (scope.clone(), e))),
                Err(e) => tracing::error!(council = %council.slug, scope = %scope.name, "left out of search: {e}"),
            }
            scopes.push(scope);
        }
        (scopes, entries)
    }

    /// The entries of one scope as the store now has them (none, if the record is gone).
    async fn scope(&self, council: &Council, kind: Kind, id: Uuid, files: Files) -> Result<Vec<Entry>, AppError> {
        Ok(match kind {
            Kind::Meeting => self.meeting(council, MeetingId::from_uuid(id), files).await?,
            Kind::Committee => committee_entry(&*self.store, council, CommitteeId::from_uuid(id)).await?,
            Kind::Member => member_entry(&*self.store, council, MemberId::from_uuid(id)).await?,
            _ => Vec::new(),
        })
    }

    /// A meeting's page, its agenda items and its papers, as an anonymous reader sees them.
    async fn meeting(&self, council: &Council, id: MeetingId, files: Files) -> Result<Vec<Entry>, AppError> {
        let store = &*self.store;
        let Some(meeting) = store.live::<Meeting>(council.id, id).await? else {
            return Ok(Vec::new());
        };
        let Some(committee) = store.live::<Committee>(council.id, meeting.committee).await? else {
            return Ok(Vec::new());
        };
        let reader = Reader::anonymous(store, council)?;
        let path = meeting_path(&meeting, &committee);
        let date = meeting.starts_at.date();
        let when = format!("{}, {}", committee.name, long_date(date));
        let entry = |key: String, kind, title: String, body: String, path: String, context: String| Entry {
            key,
            kind,
            committee: Some(committee.slug.to_string()),
            title,
            body,
            path,
            context,
            date: Some(date),
            blob: None,
            pending_text: false,
        };
        let mut entries = vec![entry(
            format!("meeting:{id}"),
            EntryKind::Meeting,
            when.clone(),
            [meeting.pre_meeting_note.clone(), meeting.status_reason.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("\n"),
            path.clone(),
            committee.name.clone(),
        )];
        if !reader.may_read_agenda(&meeting) {
            return Ok(entries);
        }
        let items: Vec<AgendaItem> = store
            .find::<AgendaItem>(council.id, &Filter::eq("meeting_id", id))
            .await?
            .into_iter()
            .map(|s| s.record)
            .filter(|i| reader.may_read_item(&meeting, i))
            .collect();
        let resolutions = store
            .find::<Resolution>(council.id, &Filter::eq("meeting_id", id))
            .await?;
        for item in &items {
            let mut body: Vec<String> = item.description.iter().cloned().collect();
            body.extend(item.exemption.as_ref().map(exemption_notice));
            if let Some(minute) = reader.minute(item).await? {
                body.push(format!("Minute No. {} {}", minute.number, minute.heading));
                body.extend(markdown_paragraphs(&minute.text));
                body.extend(
                    resolutions
                        .iter()
                        .filter(|r| r.record.item == item.id)
                        .map(|r| r.record.text.clone()),
                );
            }
            entries.push(entry(
                format!("item:{}", item.id),
                EntryKind::Item,
                item.title.clone(),
                body.join("\n"),
                format!("{path}/items/{}", item.number),
                format!("{when}, item {}", item.number),
            ));
        }
        for document in reader.documents(committee.id, id).await? {
            // A whole pack repeats, page for page, the papers it is made of, which are found
            // on their own; everything else Moot typesets (a report from its cover sheet, the
            // work programme, the minutes) is a paper in its own right.
            if document.kind == DocumentKind::AgendaPack {
                continue;
            }
            let item = items.iter().find(|i| Some(i.id) == document.item);
            let context = match item {
                Some(i) => format!("{when}, item {}: {}", i.number, i.title),
                None => when.clone(),
            };
            // A paper Moot holds no file for (only its title and size, as another system
            // published it) is found on its item's page.
            let href = match (&document.file, item) {
                (Some(f), _) => crate::links::download_path(document.id, f),
                (None, Some(i)) => format!("{path}/items/{}", i.number),
                (None, None) => path.clone(),
            };
            let key = format!("document:{}", document.id);
            let text = self.text_of(&key, &document, files).await?;
            let mut e = entry(
                key,
                EntryKind::Document,
                document.title.clone(),
                text.body,
                href,
                context,
            );
            e.blob = text.blob;
            e.pending_text = text.pending;
            entries.push(e);
        }
        Ok(entries)
    }

    /// A paper's text: what it holds as text, or its PDF's text as read before (the index
    /// keeps it under the file's hash), or, with [`Files::Read`], read now. A file that cannot
    /// be read is found by its title and not tried again; one that cannot be read *yet* (no
    /// `pdftotext` here, the file not in the store yet) waits for a later pass.
    async fn text_of(&self, key: &str, document: &Document, files: Files) -> Result<Text, AppError> {
        if let Some(text) = &document.text {
            return Ok(Text::read(markdown_paragraphs(text).join("\n"), None));
        }
        let Some(file) = document.file.as_ref().filter(|f| f.media_type == "application/pdf") else {
            return Ok(Text::read(String::new(), None));
        };
        let hash = file.hash.to_string();
        let (k, h) = (key.to_owned(), hash.clone());
        if let Some(known) = self.blocking(move |index| index.known_text(&k, &h)).await? {
            return Ok(Text::read(known, Some(hash)));
        }
        if files == Files::KnownText {
            return Ok(Text::waiting());
        }
        let Some(bytes) = self.blobs.get(&file.hash).await? else {
            tracing::warn!(document = %document.id, "the file of a public paper is not in the file store yet");
            return Ok(Text::waiting());
        };
        match moot_search::pdf_text(&bytes).await {
            Ok(body) => Ok(Text::read(body, Some(hash))),
            Err(SearchError::NoExtractor) => {
                tracing::warn!("papers are found by title only until pdftotext (poppler-utils) is installed");
                Ok(Text::waiting())
            }
            Err(e) => {
                tracing::warn!(document = %document.id, "found by its title only: {e}");
                Ok(Text::read(String::new(), Some(hash)))
            }
        }
    }

    /// Runs index work (commits write to disk) off the async threads.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&SearchIndex) -> Result<T, moot_search::SearchError> + Send + 'static,
    ) -> Result<T, AppError> {
        let index = self.index.clone();
        Ok(tokio::task::spawn_blocking(move || work(&index)).await??)
    }
}

async fn committee_entry(store: &dyn Store, council: &Council, id: CommitteeId) -> Result<Vec<Entry>, AppError> {
    let Some(c) = store.live::<Committee>(council.id, id).await? else {
        return Ok(Vec::new());
    };
    Ok(vec![Entry {
        key: format!("committee:{id}"),
        kind: EntryKind::Committee,
        committee: Some(c.slug.to_string()),
        title: c.name.clone(),
        body: [c.short_name.clone(), c.remit.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n"),
        path: format!("/committees/{}", c.slug),
        context: council.name.clone(),
        date: None,
        blob: None,
        pending_text: false,
    }])
}

async fn member_entry(store: &dyn Store, council: &Council, id: MemberId) -> Result<Vec<Entry>, AppError> {
    let Some(m) = store.live::<Member>(council.id, id).await? else {
        return Ok(Vec::new());
    };
    let context = [m.party.clone(), m.ward.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    Ok(vec![Entry {
        key: format!("member:{id}"),
        kind: EntryKind::Member,
        committee: None,
        title: m.display_name(),
        body: context.clone(),
        path: format!("/members/{}", m.slug),
        context,
        date: None,
        blob: None,
        pending_text: false,
    }])
}

/// A paper's text for its entry.
struct Text {
    body: String,
    /// The hash of the file it was read from.
    blob: Option<String>,
    pending: bool,
}

impl Text {
    fn read(body: String, blob: Option<String>) -> Self {
        Self {
            body,
            blob,
            pending: false,
        }
    }

    fn waiting() -> Self {
        Self {
            body: String::new(),
            blob: None,
            pending: true,
        }
    }
}

/// `meeting:<uuid>` back to what it names.
fn parse_scope(name: &str) -> Option<(Kind, Uuid)> {
    let (kind, id) = name.split_once(':')?;
    let kind = [Kind::Meeting, Kind::Committee, Kind::Member]
        .into_iter()
        .find(|k| k.to_string() == kind)?;
    Some((kind, id.parse().ok()?))
}

fn scope_of(council: Uuid, kind: Kind, id: Uuid) -> Scope {
    Scope {
        council,
        name: format!("{kind}:{id}"),
    }
}
