#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

//! The index as the portal uses it: entries in, searches out, scopes replaced whole.

use moot_search::{Entry, Kind, Position, Query, Scope, SearchIndex};
use uuid::Uuid;

fn entry(key: &str, kind: Kind, committee: &str, title: &str, body: &str) -> Entry {
    Entry {
        key: key.into(),
        kind,
        committee: Some(committee.into()),
        title: title.into(),
        body: body.into(),
        path: format!("/{key}"),
        context: format!("{committee} context"),
        date: Some(jiff::civil::date(2021, 6, 15)),
        blob: None,
        pending_text: false,
    }
}

fn scope(council: Uuid, name: &str) -> Scope {
    Scope {
        council,
        name: name.into(),
    }
}

/// Puts `entries` into one meeting's scope of `council`, at change `seq`.
fn fill(index: &SearchIndex, council: Uuid, entries: Vec<Entry>, seq: i64) {
    let s = scope(council, "meeting:1");
    let entries = entries.into_iter().map(|e| (s.clone(), e)).collect();
    index
        .replace(std::slice::from_ref(&s), entries, Some(&at(seq)))
        .expect("replace");
}

fn query(council: Uuid, text: &str) -> Query {
    Query {
        council,
        text: text.into(),
        limit: 10,
        ..Query::default()
    }
}

fn titles(index: &SearchIndex, q: &Query) -> Vec<String> {
    let results = index.search(q).expect("search");
    results.hits.into_iter().map(|h| h.title).collect()
}

fn at(seq: i64) -> Position {
    Position {
        seq,
        log: "2021-06-15T09:00:00Z".into(),
    }
}

fn open() -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = SearchIndex::open(dir.path()).expect("open");
    (dir, index)
}

#[test]
fn words_are_found_by_their_stem_and_every_word_must_match() {
    let (_dir, index) = open();
    let council = Uuid::now_v7();
    let care = entry(
        "item:1",
        Kind::Item,
        "ilsc",
        "Children's social care",
        "Ofsted inspected the fostering services",
    );
    let budget = entry(
        "item:2",
        Kind::Item,
        "ilsc",
        "Budget monitoring",
        "The fostering budget overspent",
    );
    fill(&index, council, vec![care, budget], 7);
    assert_eq!(
        titles(&index, &query(council, "inspection foster")),
        ["Children's social care"]
    );
    let both = titles(&index, &query(council, "fostered"));
    assert_eq!(both.len(), 2, "{both:?}");
    assert_eq!(index.position().expect("position"), Some(at(7)));
}

#[test]
fn a_replaced_scope_loses_what_it_no_longer_holds_and_other_scopes_keep_theirs() {
    let (_dir, index) = open();
    let council = Uuid::now_v7();
    let (a, b) = (scope(council, "meeting:a"), scope(council, "meeting:b"));
    index
        .replace(
            &[a.clone(), b.clone()],
            vec![
                (
                    a.clone(),
                    entry(
                        "document:1",
                        Kind::Document,
                        "ilsc",
                        "Appendix",
                        "withdrawn canary paper",
                    ),
                ),
                (
                    b.clone(),
                    entry(
                        "document:2",
                        Kind::Document,
                        "ilsc",
                        "Report",
                        "canary in another meeting",
                    ),
                ),
            ],
            None,
        )
        .expect("replace");
    assert_eq!(titles(&index, &query(council, "canary")).len(), 2);
    assert_eq!(index.position().expect("position"), None, "part-way through a build");
    index
        .replace(std::slice::from_ref(&a), Vec::new(), Some(&at(2)))
        .expect("replace");
    assert_eq!(titles(&index, &query(council, "canary")), ["Report"]);
    assert_eq!(index.position().expect("position"), Some(at(2)));
}

#[test]
fn one_council_never_finds_another_councils_entries() {
    let (_dir, index) = open();
    let (ours, theirs) = (Uuid::now_v7(), Uuid::now_v7());
    fill(
        &index,
        theirs,
        vec![entry("item:1", Kind::Item, "x", "Planning", "hedgerow")],
        1,
    );
    assert!(titles(&index, &query(ours, "hedgerow")).is_empty());
    assert_eq!(titles(&index, &query(theirs, "hedgerow")), ["Planning"]);
}

#[test]
fn filters_paging_and_counts() {
    let (_dir, index) = open();
    let council = Uuid::now_v7();
    let mut entries = Vec::new();
    for n in 0..25 {
        let committee = if n % 5 == 0 { "cabinet" } else { "ilsc" };
        let kind = if n % 2 == 0 { Kind::Item } else { Kind::Document };
        entries.push(entry(
            &format!("e:{n}"),
            kind,
            committee,
            &format!("Paper {n}"),
            "parking charges",
        ));
    }
    fill(&index, council, entries, 3);
    let mut q = query(council, "parking");
    let first = index.search(&q).expect("search");
    assert_eq!((first.total, first.hits.len()), (25, 10));
    q.offset = 20;
    assert_eq!(index.search(&q).expect("search").hits.len(), 5);
    q.offset = 0;
    q.committee = Some("cabinet".into());
    assert_eq!(index.search(&q).expect("search").total, 5);
    q.kind = Some(Kind::Item);
    assert_eq!(index.search(&q).expect("search").total, 3, "0, 10 and 20");
}

#[test]
fn anything_typed_is_a_search_not_an_error() {
    let (_dir, index) = open();
    let council = Uuid::now_v7();
    fill(
        &index,
        council,
        vec![entry("item:1", Kind::Item, "x", "Minute No. 58", "OR AND")],
        1,
    );
    for text in [
        "AND OR ((",
        "title:",
        "\"unclosed",
        "*",
        "",
        "-",
        "Minute No. 58 ~~ ^^",
        &"long ".repeat(500),
    ] {
        index
            .search(&query(council, text))
            .unwrap_or_else(|e| panic!("{text:?}: {e}"));
    }
    assert_eq!(titles(&index, &query(council, "\"Minute No\"")), ["Minute No. 58"]);
}

#[test]
fn snippets_mark_the_words_found_in_the_text_as_it_was() {
    let (_dir, index) = open();
    let council = Uuid::now_v7();
    let body = "The Commission noted <the> report on school exclusions and asked for figures.";
    fill(
        &index,
        council,
        vec![entry("item:1", Kind::Item, "x", "Exclusions", body)],
        1,
    );
    let hit = index
        .search(&query(council, "exclusion"))
        .expect("search")
        .hits
        .remove(0);
    let snippet = hit.snippet.expect("a snippet");
    let marked: Vec<&str> = snippet.marks.iter().map(|r| &snippet.text[r.clone()]).collect();
    assert_eq!(marked, ["exclusions"]);
    assert!(
        snippet.text.contains("<the>"),
        "the page escapes, not the index: {}",
        snippet.text
    );
    assert_eq!(hit.date, Some(jiff::civil::date(2021, 6, 15)));
    assert_eq!(hit.path, "/item:1");
}

#[test]
fn a_files_text_is_known_while_its_hash_is_the_same_and_the_index_survives_reopening() {
    let dir = tempfile::tempdir().expect("temp dir");
    let council = Uuid::now_v7();
    {
        let index = SearchIndex::open(dir.path()).expect("open");
        assert_eq!(index.position().expect("position"), None, "never built");
        let mut e = entry("document:1", Kind::Document, "x", "Report", "text read from the file");
        e.blob = Some("abc".into());
        fill(&index, council, vec![e], 9);
        assert_eq!(
            index.known_text("document:1", "abc").expect("read").as_deref(),
            Some("text read from the file")
        );
        assert_eq!(
            index.known_text("document:1", "def").expect("read"),
            None,
            "a new file is read again"
        );
    }
    let index = SearchIndex::open(dir.path()).expect("reopen");
    assert_eq!(index.position().expect("position"), Some(at(9)));
    assert_eq!(titles(&index, &query(council, "file")), ["Report"]);
    index.clear().expect("clear");
    assert!(titles(&index, &query(council, "file")).is_empty());
    assert_eq!(
        index.position().expect("position"),
        None,
        "an emptied index must be built again"
    );
}

#[test]
fn two_writers_on_one_folder_are_refused_with_a_reason() {
    let (dir, _index) = open();
    let err = SearchIndex::open(dir.path()).expect_err("second writer");
    assert!(err.to_string().contains("another Moot process"), "{err}");
}

#[test]
fn entries_waiting_for_their_text_are_listed_by_scope() {
    let (_dir, index) = open();
    let council = Uuid::now_v7();
    let mut waiting = entry("document:1", Kind::Document, "x", "Report", "");
    waiting.pending_text = true;
    let read = entry("document:2", Kind::Document, "x", "Other", "read already");
    fill(&index, council, vec![waiting, read], 1);
    assert_eq!(index.pending(10).expect("pending"), [scope(council, "meeting:1")]);
    fill(
        &index,
        council,
        vec![entry("document:1", Kind::Document, "x", "Report", "now read")],
        2,
    );
    assert!(index.pending(10).expect("pending").is_empty());
}

#[test]
fn a_folder_holding_other_files_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("notes.json"), "{}").expect("a file of someone else's");
    let err = SearchIndex::open(dir.path()).expect_err("refused");
    assert!(err.to_string().contains("a folder of its own"), "{err}");
    assert!(dir.path().join("notes.json").exists());
}

#[test]
fn an_index_is_not_ready_until_its_feeder_says_so() {
    let (_dir, index) = open();
    assert!(!index.is_ready());
    index.mark_ready();
    assert!(index.is_ready());
}

#[test]
fn newest_first_orders_by_date_with_undated_entries_last() {
    let (_dir, index) = open();
    let council = Uuid::now_v7();
    let dated = |key: &str, y, m, d| {
        let mut e = entry(key, Kind::Item, "x", key, "budget");
        e.date = Some(jiff::civil::date(y, m, d));
        e
    };
    let mut undated = entry("committee:1", Kind::Committee, "x", "Budget panel", "budget");
    undated.date = None;
    let entries = vec![
        dated("2019", 2019, 12, 31),
        undated,
        dated("2021", 2021, 1, 2),
        dated("2020", 2020, 6, 15),
    ];
    fill(&index, council, entries, 1);
    let mut q = query(council, "budget");
    q.newest_first = true;
    assert_eq!(titles(&index, &q), ["2021", "2020", "2019", "Budget panel"]);
}
