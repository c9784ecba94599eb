//! The demo against the seed documents themselves (read from `MOOT_SHARED`): facts recorded
//! word for word, narrative in the dataset's own words.

use crate::common;

use moot_domain::*;
use moot_store::{Filter, StoreExt};

/// The seed folder, found through `MOOT_SHARED` (default `../shared` beside the checkout).
/// Missing seeds fail the test under CI and skip it, with a notice, elsewhere.
fn seed_text() -> Option<String> {
    // Relative to the checkout, as the README gives it; an absolute path is taken as it is.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = root.join(std::env::var("MOOT_SHARED").unwrap_or_else(|_| "../shared".to_owned()));
    let dir = shared.join("seeds");
    if !dir.is_dir() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("the seeds are missing at {} (set MOOT_SHARED)", dir.display());
        }
        eprintln!(
            "notice: skipping: no seeds at {} (set MOOT_SHARED to run this test)",
            dir.display()
        );
        return None;
    }
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("seeds")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    Some(
        paths
            .iter()
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .map(|p| std::fs::read_to_string(p).expect("read"))
            .collect(),
    )
}

/// Folds the differences typesetting makes (quotes, dashes, spacing, markup, case) so that
/// the same words compare equal.
fn normal(s: &str) -> String {
    let unbulleted: Vec<&str> = s
        .lines()
        .map(|l| l.trim_start().trim_start_matches(['-', '\u{b7}']).trim_start())
        .collect();
    let s = unbulleted
        .join("\n")
        .replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{201c}', '\u{201d}'], "\"")
        .replace(['\u{2013}', '\u{2014}'], "-")
        .replace(['*', '#', '|'], " ")
        .to_lowercase();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn resolutions_titles_and_headings_are_recorded_word_for_word() {
    let Some(seeds) = seed_text() else { return };
    let seeds = normal(&seeds);
    let d = common::demo().await;
    let resolutions = d
        .store
        .find::<Resolution>(d.council.id, &Filter::all())
        .await
        .expect("resolutions");
    assert!(resolutions.len() > 30, "{} resolutions", resolutions.len());
    for r in &resolutions {
        assert!(
            seeds.contains(&normal(&r.record.text)),
            "resolution not in the seeds: {:?}",
            r.record.text
        );
    }
    let items = d
        .store
        .find::<AgendaItem>(d.council.id, &Filter::all())
        .await
        .expect("items");
    for i in items.iter().map(|s| &s.record) {
        if let Some(m) = &i.minute {
            assert!(
                seeds.contains(&normal(&m.heading)),
                "minute {} heading not in the seeds: {:?}",
                m.number,
                m.heading
            );
        }
    }
    let june = d.meeting_on(jiff::civil::date(2021, 6, 15)).await;
    for i in items.iter().map(|s| &s.record).filter(|i| i.meeting == june.id) {
        assert!(
            seeds.contains(&normal(&i.title)),
            "15 June item title not in the seeds: {:?}",
            i.title
        );
    }
}

#[tokio::test]
async fn narrative_is_summarised_not_copied() {
    let Some(seeds) = seed_text() else { return };
    let seeds = normal(&seeds);
    let d = common::demo().await;
    // Long enough that quoting a report's title is not copying, short enough to catch a sentence.
    const RUN: usize = 16;
    let mut checked = 0;
    let items = d
        .store
        .find::<AgendaItem>(d.council.id, &Filter::all())
        .await
        .expect("items");
    let docs = d
        .store
        .find::<Document>(d.council.id, &Filter::all())
        .await
        .expect("docs");
    let texts = items
        .iter()
        .filter_map(|i| i.record.minute.as_ref().map(|m| m.text.clone()))
        .chain(docs.iter().filter_map(|d| d.record.text.clone()))
        .chain(
            docs.iter()
                .filter_map(|d| d.record.cover_sheet.as_ref().map(|c| c.summary.clone())),
        );
    for text in texts {
        let words: Vec<String> = normal(&text).split(' ').map(str::to_owned).collect();
        for run in words.windows(RUN) {
            let run = run.join(" ");
            assert!(!seeds.contains(&run), "copied from the seeds: {run:?} in {text:?}");
        }
        checked += 1;
    }
    assert!(checked > 40, "summaries checked: {checked}");
}
