//! The index on disk: one writer, replaced scopes, and queries with snippets.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, QueryParser, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term};
use uuid::Uuid;

use crate::SearchError;
use crate::schema::{self, Fields};

/// The writer's memory budget: small, as entries arrive a meeting at a time.
const WRITER_MEMORY: usize = 20_000_000;

/// The longest query taken; the rest is cut off rather than refused.
const MAX_QUERY_CHARS: usize = 200;

/// What an entry is, for labels and the filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Meeting,
    Item,
    Document,
    Committee,
    Member,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Item, Kind::Document, Kind::Meeting, Kind::Committee, Kind::Member];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Meeting => "meeting",
            Kind::Item => "item",
            Kind::Document => "document",
            Kind::Committee => "committee",
            Kind::Member => "member",
        }
    }

    pub fn parse(code: &str) -> Option<Kind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// How a results page names it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Meeting => "Meeting",
            Kind::Item => "Agenda item",
            Kind::Document => "Document",
            Kind::Committee => "Committee",
            Kind::Member => "Councillor",
        }
    }
}

/// A group of entries replaced together: whatever the store says about a meeting (its
/// page, items and papers), a committee or a member.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Scope {
    pub council: Uuid,
    /// `meeting:<uuid>`, `committee:<uuid>`, `member:<uuid>`.
    pub name: String,
}

/// One thing a reader can find: a page or a document, everything in it public.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Unique in the index (`document:<uuid>`).
    pub key: String,
    pub kind: Kind,
    /// The committee's slug, for the filter.
    pub committee: Option<String>,
    pub title: String,
    pub body: String,
    /// Where it is, from the council's root (`/meetings/…`).
    pub path: String,
    /// Where it comes from, in words ("Improving Lives Select Commission, 15 June 2021").
    pub context: String,
    pub date: Option<jiff::civil::Date>,
    /// The hash of the file the body was read from (or could not be read from: a damaged
    /// file is not tried again).
    pub blob: Option<String>,
    /// The entry has a file whose text is still to be read; until then it is found by title.
    pub pending_text: bool,
}

/// A search as asked.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub council: Uuid,
    pub text: String,
    pub committee: Option<String>,
    pub kind: Option<Kind>,
    /// Newest first rather than best match first; undated entries come last.
    pub newest_first: bool,
    pub offset: usize,
    pub limit: usize,
}

#[derive(Debug, Clone)]
pub struct Results {
    /// Every match, not only this page's.
    pub total: usize,
    pub hits: Vec<Hit>,
}

#[derive(Debug, Clone)]
pub struct Hit {
    pub kind: Kind,
    pub title: String,
    pub path: String,
    pub context: String,
    pub date: Option<jiff::civil::Date>,
    pub snippet: Option<Snippet>,
}

/// A passage of an entry's text with the words that matched marked (byte ranges), left
/// for the page to escape and mark up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    pub marks: Vec<Range<usize>>,
}

/// How far along which change log the index is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub seq: i64,
    /// Names the log (say, the time of its first entry), so an index left by another
    /// database is noticed and rebuilt rather than trusted.
    pub log: String,
}

/// A search index in a folder of its own.
pub struct SearchIndex {
    index: Index,
    fields: Fields,
    writer: Mutex<IndexWriter>,
    reader: IndexReader,
    path: PathBuf,
    /// Whether whoever feeds the index has brought it up to date since this process opened
    /// it: an index left from before a restart may hold what has since stopped being public.
    ready: AtomicBool,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("path", &self.path).finish()
    }
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it if there is none. An index written by another
    /// version of the schema is emptied: it is rebuilt from the store, never migrated.
    pub fn open(dir: &Path) -> Result<Self, SearchError> {
        let fail = |e: &dyn std::fmt::Display| SearchError::Open {
            path: dir.to_owned(),
            message: e.to_string(),
        };
        std::fs::create_dir_all(dir).map_err(|e| fail(&e))?;
        let (schema, fields) = schema::build();
        let names: Vec<std::ffi::OsString> = std::fs::read_dir(dir)
            .map_err(|e| fail(&e))?
            .map(|entry| entry.map(|e| e.file_name()))
            .collect::<Result<_, _>>()
            .map_err(|e| fail(&e))?;
        if !names.is_empty() && !names.iter().any(|n| n == "meta.json") {
            return Err(fail(
                &"the folder holds other files; give the search index a folder of its own",
            ));
        }
        let existing = Index::open_in_dir(dir).ok();
        let current = existing.filter(|i| i.schema() == schema && same_version(i));
        let index = match current {
            Some(index) => index,
            None => {
                // An index of another version, or a broken one: the folder is the index's own
                // (it was empty when the index was made), so it is emptied and made again.
                for name in &names {
                    let path = dir.join(name);
                    let removed = if path.is_dir() {
                        std::fs::remove_dir_all(&path)
                    } else {
                        std::fs::remove_file(&path)
                    };
                    removed.map_err(|e| fail(&e))?;
                }
                Index::create_in_dir(dir, schema).map_err(|e| fail(&e))?
            }
        };
        let writer = index.writer_with_num_threads(1, WRITER_MEMORY).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => {
                fail(&"another Moot process is writing this index; give each server a folder of its own (search_index)")
            }
            e => fail(&e),
        })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| fail(&e))?;
        Ok(Self {
            index,
            fields,
            writer: Mutex::new(writer),
            reader,
            path: dir.to_owned(),
            ready: AtomicBool::new(false),
        })
    }

    /// Says the index has been brought up to date since it was opened.
    pub fn mark_ready(&self) {
        self.ready.store(true, Ordering::Release);
    }

    /// Whether searches may be answered: see [`SearchIndex::mark_ready`].
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Acquire)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The change-log position the index is up to date with, or `None` if it has never been
    /// built.
    pub fn position(&self) -> Result<Option<Position>, SearchError> {
        let metas = self.index.load_metas()?;
        Ok(metas.payload.as_deref().and_then(parse_payload))
    }

    /// Replaces each scope's entries with `entries` (each carries its scope) and records that
    /// the index reflects the change log up to `at`, in one commit. `None` is a rebuild's
    /// part-way commit: readers see what is there so far, and a restart builds again.
    pub fn replace(
        &self,
        scopes: &[Scope],
        entries: Vec<(Scope, Entry)>,
        at: Option<&Position>,
    ) -> Result<(), SearchError> {
        let mut writer = self.writer.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let write = || {
            for scope in scopes {
                writer.delete_term(Term::from_field_text(self.fields.scope, &scope_key(scope)));
            }
            for (scope, entry) in entries {
                writer.add_document(self.document(&scope, entry))?;
            }
            commit(&mut writer, at)
        };
        if let Err(e) = write() {
            // Nothing half-done may ride along with the next commit.
            writer.rollback()?;
            return Err(e);
        }
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    /// Empties the index (before a rebuild); the change-log position is forgotten too.
    pub fn clear(&self) -> Result<(), SearchError> {
        let mut writer = self.writer.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        writer.delete_all_documents()?;
        commit(&mut writer, None)?;
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    /// Scopes holding entries whose files' text is still to be read, at most `limit`.
    pub fn pending(&self, limit: usize) -> Result<Vec<Scope>, SearchError> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.pending, "1"),
            IndexRecordOption::Basic,
        );
        let mut scopes = Vec::new();
        for (_, address) in searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())? {
            let doc: TantivyDocument = searcher.doc(address)?;
            let parsed = text_of(&doc, self.fields.scope).as_deref().and_then(parse_scope_key);
            if let Some(scope) = parsed
                && !scopes.contains(&scope)
            {
                scopes.push(scope);
            }
        }
        Ok(scopes)
    }

    /// The text already indexed for `key` if it was read from the file `blob`, so a
    /// paper's PDF is read once, not every time its meeting changes.
    pub fn known_text(&self, key: &str, blob: &str) -> Result<Option<String>, SearchError> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(Term::from_field_text(self.fields.key, key), IndexRecordOption::Basic);
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, address)) = top.first() else {
            return Ok(None);
        };
        let doc: TantivyDocument = searcher.doc(*address)?;
        let same_file = text_of(&doc, self.fields.blob).is_some_and(|b| b == blob);
        Ok(same_file.then(|| text_of(&doc, self.fields.body).unwrap_or_default()))
    }

    /// Runs a search. Whatever is typed is taken: operators that do not parse are read as
    /// words, and an over-long query is cut short.
    pub fn search(&self, q: &Query) -> Result<Results, SearchError> {
        let f = self.fields;
        let text: String = q.text.chars().take(MAX_QUERY_CHARS).collect();
        let mut parser = QueryParser::for_index(&self.index, vec![f.title, f.body]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.title, 3.0);
        let (words, _unparsed) = parser.parse_query_lenient(&text);
        let term = |field, value: &str| -> Box<dyn tantivy::query::Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        let mut clauses = vec![
            (Occur::Must, words.box_clone()),
            (Occur::Must, term(f.council, &q.council.to_string())),
        ];
        if let Some(c) = &q.committee {
            clauses.push((Occur::Must, term(f.committee, c)));
        }
        if let Some(k) = q.kind {
            clauses.push((Occur::Must, term(f.kind, k.code())));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let top = TopDocs::with_limit(q.limit.max(1)).and_offset(q.offset);
        let (total, top): (usize, Vec<tantivy::DocAddress>) = if q.newest_first {
            let (total, top) = searcher.search(&query, &(Count, top.order_by_fast_field::<i64>("day", Order::Desc)))?;
            (total, top.into_iter().map(|(_, a)| a).collect())
        } else {
            let (total, top) = searcher.search(&query, &(Count, top.order_by_score()))?;
            (total, top.into_iter().map(|(_, a)| a).collect())
        };
        let snippets = SnippetGenerator::create(&searcher, &*words, f.body)?;
        let mut hits = Vec::with_capacity(top.len());
        for address in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let snippet = snippets.snippet_from_doc(&doc);
            let kind = text_of(&doc, f.kind).as_deref().and_then(Kind::parse);
            let Some(kind) = kind else { continue };
            hits.push(Hit {
                kind,
                title: text_of(&doc, f.title).unwrap_or_default(),
                path: text_of(&doc, f.path).unwrap_or_default(),
                context: text_of(&doc, f.context).unwrap_or_default(),
                date: text_of(&doc, f.date).and_then(|d| d.parse().ok()),
                snippet: (!snippet.is_empty()).then(|| Snippet {
                    text: snippet.fragment().to_owned(),
                    marks: snippet.highlighted().to_vec(),
                }),
            });
        }
        Ok(Results { total, hits })
    }

    fn document(&self, scope: &Scope, e: Entry) -> TantivyDocument {
        let f = self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.key, &e.key);
        doc.add_text(f.council, scope.council.to_string());
        doc.add_text(f.scope, scope_key(scope));
        doc.add_text(f.kind, e.kind.code());
        if let Some(c) = &e.committee {
            doc.add_text(f.committee, c);
        }
        doc.add_text(f.title, &e.title);
        doc.add_text(f.body, &e.body);
        doc.add_text(f.path, &e.path);
        doc.add_text(f.context, &e.context);
        if let Some(d) = e.date {
            doc.add_text(f.date, d.to_string());
            doc.add_i64(
                f.day,
                i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day()),
            );
        }
        if let Some(b) = &e.blob {
            doc.add_text(f.blob, b);
        }
        if e.pending_text {
            doc.add_text(f.pending, "1");
        }
        doc
    }
}

/// Whether the index was last committed by this schema version (or never committed).
fn same_version(index: &Index) -> bool {
    match index.load_metas().map(|m| m.payload) {
        Ok(Some(payload)) => payload.starts_with(&format!("v{} ", schema::VERSION)),
        Ok(None) => true,
        Err(_) => false,
    }
}

/// `v1 seq 1234 log 2026-11-23T07:38:03.123456Z`; `v1` alone when emptied.
fn parse_payload(payload: &str) -> Option<Position> {
    let rest = payload.strip_prefix(&format!("v{} seq ", schema::VERSION))?;
    let (seq, log) = rest.split_once(" log ")?;
    Some(Position {
        seq: seq.parse().ok()?,
        log: log.to_owned(),
    })
}

fn commit(writer: &mut IndexWriter, at: Option<&Position>) -> Result<(), SearchError> {
    let mut prepared = writer.prepare_commit()?;
    let payload = match at {
        Some(at) => format!("v{} seq {} log {}", schema::VERSION, at.seq, at.log),
        None => format!("v{} ", schema::VERSION),
    };
    prepared.set_payload(&payload);
    prepared.commit()?;
    Ok(())
}

/// A council's scope names are unique only within it.
fn scope_key(scope: &Scope) -> String {
    format!("{}/{}", scope.council, scope.name)
}

fn parse_scope_key(key: &str) -> Option<Scope> {
    let (council, name) = key.split_once('/')?;
    Some(Scope {
        council: council.parse().ok()?,
        name: name.to_owned(),
    })
}

fn text_of(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field).and_then(|v| v.as_str()).map(str::to_owned)
}
