//! A broken demo file is refused with its file, line and problem, and nothing is written.

use std::path::Path;

use moot_demo::{DemoError, DemoSource};

fn copy_demo(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    std::fs::create_dir_all(to.join("meetings")).expect("dir");
    for entry in walk(&from) {
        let rel = entry.strip_prefix(&from).expect("inside");
        std::fs::copy(&entry, to.join(rel)).expect("copy");
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .expect("read")
        .map(|e| e.expect("entry").path())
        .flat_map(|p| if p.is_dir() { walk(&p) } else { vec![p] })
        .collect()
}

/// Applies `edit` to a copy of `file` in a fresh copy of the demo and returns the load error.
fn broken(file: &str, edit: impl Fn(&str) -> String) -> String {
    let dir = tempfile::tempdir().expect("dir");
    copy_demo(dir.path());
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    let changed = edit(&text);
    assert_ne!(changed, text, "the edit changed nothing");
    std::fs::write(&path, changed).expect("write");
    let source = DemoSource::from_dir(dir.path()).expect("files read");
    match moot_demo::build(&source) {
        Err(e @ DemoError::InFile(_)) => e.to_string(),
        other => panic!("expected a file error, got {other:?}"),
    }
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect("needle present") + 1
}

#[test]
fn the_demo_folder_and_the_built_in_demo_agree() {
    let from_dir = DemoSource::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo")).expect("read");
    let embedded = DemoSource::embedded();
    assert_eq!(from_dir.meetings.len(), embedded.meetings.len());
    for (a, b) in from_dir.meetings.iter().zip(&embedded.meetings) {
        assert_eq!(a.text, b.text);
    }
    moot_demo::build(&embedded).expect("the built-in demo is valid");
}

#[test]
fn an_unknown_member_is_named_with_its_file_and_line() {
    let file = "meetings/2021-03-09-ilsc.toml";
    let original =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo").join(file)).expect("read");
    let line = line_of(&original, "member = \"hague\"");
    let err = broken(file, |t| t.replacen("member = \"hague\"", "member = \"hauge\"", 1));
    assert!(err.contains(file), "{err}");
    assert!(err.contains(&format!("line {line}")), "{err}");
    assert!(err.contains("unknown member \"hauge\""), "{err}");
}

#[test]
fn a_bad_date_and_an_unknown_field_are_reported_where_they_are() {
    let err = broken("council.toml", |t| {
        t.replacen("date = \"2021-05-19\"", "date = \"2021-05-32\"", 1)
    });
    assert!(
        err.contains("council.toml line ") && err.to_lowercase().contains("day"),
        "{err}"
    );

    let err = broken("committees.toml", |t| t.replacen("webcast = true", "webcats = true", 1));
    assert!(
        err.contains("committees.toml line ") && err.contains("webcats"),
        "{err}"
    );

    let err = broken("meetings/2021-06-15-ilsc.toml", |t| {
        format!("{t}\n[[items]\nnumber = 12\n")
    });
    assert!(err.contains("2021-06-15-ilsc.toml line "), "{err}");
}

#[test]
fn a_repeated_minute_number_is_refused() {
    let err = broken("meetings/2021-03-22-ilsc.toml", |t| {
        t.replacen("number = 151", "number = 150", 1)
    });
    assert!(
        err.contains("2021-03-22-ilsc.toml line ") && err.contains("minute 150"),
        "{err}"
    );
}

#[test]
fn an_exempt_document_needs_an_exempt_item() {
    let err = broken("meetings/2021-06-15-ilsc.toml", |t| {
        let start = t.find("exempt = {").expect("the item's exemption");
        let end = start + t[start..].find('\n').expect("line end");
        format!("{}{}", &t[..start], &t[end..])
    });
    assert!(err.contains("exempt, but the item has no `exempt` paragraph"), "{err}");
}
