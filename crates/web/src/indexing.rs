//! What the search index holds, and keeping it in step with the store.
//!
//! Entries are read through an anonymous [`Reader`], the same one the public pages use, so
//! the index only ever holds what a resident could read on the site: an unpublished agenda,
//! an exempt paper, an exempt minute or a withdrawn paper never enters it. Every node follows
//! the change log and rebuilds the scopes a change touches (a meeting with its items and
//! papers, a committee, a member); a paper's PDF is read again only when its file changes.

use std::collections::BTreeSet;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use moot_domain::wording::{exemption_notice, long_date};
use moot_domain::{
    AgendaItem, Committee, CommitteeId, Council, Document, Meeting, MeetingId, Member, MemberId, Resolution,
};
use moot_search::{Entry, Kind as EntryKind, Position, Scope, SearchIndex};
use moot_store::{BlobStore, Filter, Kind, Store, StoreExt};
use uuid::Uuid;

use crate::WebError;
use crate::format::{markdown_paragraphs, meeting_path};
use crate::reader::Reader;

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

impl Indexer {
    /// Empties the index and fills it from the store, a council at a time: searches find
    /// each council's entries as soon as its part is in, and a build cut short by a restart
    /// starts again (the position is saved only at the end).
    pub async fn rebuild(&self) -> Result<Rebuilt, WebError> {
        // Read the position first: anything written while the records are read is then
        // applied again by the next `catch_up`, never missed.
        let at = self.position().await?;
        self.blocking(SearchIndex::clear).await?;
        let mut count = 0;
        for council in self.store.councils().await? {
            let council: Council = moot_store::typed(council)?.record;
            let all = Filter::all();
            let committees = self.store.find::<Committee>(council.id, &all).await?;
            let members = self.store.find::<Member>(council.id, &all).await?;
            let meetings = self.store.find::<Meeting>(council.id, &all).await?;
            let wanted = committees
                .iter()
                .map(|c| (Kind::Committee, c.record.id.uuid()))
                .chain(members.iter().map(|m| (Kind::Member, m.record.id.uuid())))
                .chain(meetings.iter().map(|m| (Kind::Meeting, m.record.id.uuid())));
            let mut scopes = Vec::new();
            let mut entries = Vec::new();
            for (kind, id) in wanted {
                let (scope, found) = self.scope(&council, kind, id).await?;
                entries.extend(found.into_iter().map(|e| (scope.clone(), e)));
                scopes.push(scope);
            }
            count += entries.len();
            self.blocking(move |index| index.replace(&scopes, entries, None))
                .await?;
        }
        let seq = at.seq;
        self.blocking(move |index| index.replace(&[], Vec::new(), Some(&at)))
            .await?;
        Ok(Rebuilt { entries: count, seq })
    }

    /// Where the store's change log is now, and which log it is.
    async fn position(&self) -> Result<Position, WebError> {
        let seq = self.store.last_seq().await?;
        let first = self
            .store
            .changes(&moot_store::ChangeQuery {
                limit: Some(1),
                ..moot_store::ChangeQuery::default()
            })
            .await?;
        Ok(Position {
            seq,
            log: first.first().map(|c| c.at.to_string()).unwrap_or_default(),
        })
    }

    /// Applies every change since the index's position; rebuilds when the index was never
    /// built, was built from another database, or is ahead of the store (a database restored
    /// from an older backup).
    pub async fn catch_up(&self) -> Result<(), WebError> {
        let now = self.position().await?;
        let since = match self.index.position()? {
            Some(at) if at.log == now.log && at.seq <= now.seq => at.seq,
            _ => {
                self.rebuild().await?;
                return Ok(());
            }
        };
        if since == now.seq {
            return Ok(());
        }
        let stretch = moot_store::touched(&*self.store, since, None).await?;
        let mut scopes = BTreeSet::new();
        for (council_id, touched) in &stretch.councils {
            let of = |kind: Kind| touched.records.get(&kind).into_iter().flatten().copied();
            let mut wanted: BTreeSet<(Kind, Uuid)> = touched.meetings.iter().map(|m| (Kind::Meeting, *m)).collect();
            wanted.extend(of(Kind::Member).map(|m| (Kind::Member, m)));
            for committee in of(Kind::Committee) {
                wanted.insert((Kind::Committee, committee));
                // Its meetings' entries carry its name.
                let meetings = self
                    .store
                    .find::<Meeting>(
                        *council_id,
                        &Filter::eq("committee_id", CommitteeId::from_uuid(committee)),
                    )
                    .await?;
                wanted.extend(meetings.iter().map(|m| (Kind::Meeting, m.record.id.uuid())));
            }
            scopes.extend(wanted.into_iter().map(|w| (*council_id, w)));
        }
        let mut names = Vec::new();
        let mut entries = Vec::new();
        for (council_id, (kind, id)) in scopes {
            let Some(council) = self.store.live::<Council>(council_id, council_id).await? else {
                // A council taken down takes its entries with it.
                names.push(scope_of(council_id.uuid(), kind, id));
                continue;
            };
            let (scope, found) = self.scope(&council, kind, id).await?;
            entries.extend(found.into_iter().map(|e| (scope.clone(), e)));
            names.push(scope);
        }
        let at = Position {
            seq: stretch.last,
            log: now.log,
        };
        self.blocking(move |index| index.replace(&names, entries, Some(&at)))
            .await
    }

    /// Catches up now, then every `interval` until `shutdown`.
    pub async fn follow(self, interval: Duration, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            if let Err(e) = self.catch_up().await {
                tracing::warn!("keeping the search index in step: {e}");
            }
            tokio::select! {
                () = &mut shutdown => return,
                () = tokio::time::sleep(interval) => {}
            }
        }
    }

    /// The entries of one scope as the store now has them (none, if the record is gone).
    async fn scope(&self, council: &Council, kind: Kind, id: Uuid) -> Result<(Scope, Vec<Entry>), WebError> {
        let scope = scope_of(council.id.uuid(), kind, id);
        let entries = match kind {
            Kind::Meeting => self.meeting(council, MeetingId::from_uuid(id)).await?,
            Kind::Committee => committee_entry(&*self.store, council, CommitteeId::from_uuid(id)).await?,
            Kind::Member => member_entry(&*self.store, council, MemberId::from_uuid(id)).await?,
            _ => Vec::new(),
        };
        Ok((scope, entries))
    }

    /// A meeting's page, its agenda items and its papers, as an anonymous reader sees them.
    async fn meeting(&self, council: &Council, id: MeetingId) -> Result<Vec<Entry>, WebError> {
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
            .collect();
        let resolutions = store
            .find::<Resolution>(council.id, &Filter::eq("meeting_id", id))
            .await?;
        for item in &items {
            let mut body: Vec<String> = item.description.iter().cloned().collect();
            body.extend(item.exemption.as_ref().map(exemption_notice));
            if reader.may_read_minutes_of(item).await?
                && let Some(minute) = &item.minute
            {
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
            // Packs and typeset minutes repeat what is indexed from their sources.
            if document.generated.is_some() {
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
                (Some(f), _) => format!("/documents/{}/{}", document.id, f.file_name),
                (None, Some(i)) => format!("{path}/items/{}", i.number),
                (None, None) => path.clone(),
            };
            let key = format!("document:{}", document.id);
            let body = self.text_of(&key, &document).await?;
            let mut e = entry(key, EntryKind::Document, document.title.clone(), body, href, context);
            e.blob = document.file.as_ref().map(|f| f.hash.to_string());
            entries.push(e);
        }
        Ok(entries)
    }

    /// A paper's text: kept in the index from when its file was last read, or read now. A
    /// file that cannot be read is still found by its title.
    async fn text_of(&self, key: &str, document: &Document) -> Result<String, WebError> {
        if let Some(text) = &document.text {
            return Ok(markdown_paragraphs(text).join("\n"));
        }
        let Some(file) = &document.file else {
            return Ok(String::new());
        };
        if file.media_type != "application/pdf" {
            return Ok(String::new());
        }
        let (k, h) = (key.to_owned(), file.hash.to_string());
        let known = self.blocking(move |index| index.known_text(&k, &h)).await?;
        if let Some(text) = known {
            return Ok(text);
        }
        let Some(bytes) = self.blobs.get(&file.hash).await? else {
            tracing::warn!(document = %document.id, "the file of a public paper is missing from the file store");
            return Ok(String::new());
        };
        Ok(moot_search::pdf_text(&bytes).await.unwrap_or_else(|e| {
            tracing::warn!(document = %document.id, "indexed by title only: {e}");
            String::new()
        }))
    }

    /// Runs index work (commits write to disk) off the async threads.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&SearchIndex) -> Result<T, moot_search::SearchError> + Send + 'static,
    ) -> Result<T, WebError> {
        let index = self.index.clone();
        tokio::task::spawn_blocking(move || work(&index))
            .await
            .map_err(|e| WebError::Internal(e.to_string()))?
            .map_err(WebError::from)
    }
}

async fn committee_entry(store: &dyn Store, council: &Council, id: CommitteeId) -> Result<Vec<Entry>, WebError> {
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
    }])
}

async fn member_entry(store: &dyn Store, council: &Council, id: MemberId) -> Result<Vec<Entry>, WebError> {
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
    }])
}

fn scope_of(council: Uuid, kind: Kind, id: Uuid) -> Scope {
    Scope {
        council,
        name: format!("{kind}:{id}"),
    }
}
