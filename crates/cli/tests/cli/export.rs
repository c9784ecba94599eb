//! `moot export`: the public record of a council into a folder, as JSON or CSV.

use std::path::Path;

use crate::common::{assert_no_panic, run, stderr};

fn demo_db(dir: &Path) {
    let load = run(
        dir,
        &["demo", "load", "--database", "sqlite:demo.db", "--blobs", "files"],
    );
    assert!(load.status.success(), "{}", stderr(&load));
}

const DB: [&str; 4] = ["--database", "sqlite:demo.db", "--blobs", "files"];

#[test]
fn moot_export_writes_json_or_csv_of_the_public_record_and_refuses_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    demo_db(dir.path());
    let site = ["--site", "https://democracy.example.gov.uk/"];

    let json = run(
        dir.path(),
        &[&["export", "--format", "json", "out-json"][..], &site, &DB].concat(),
    );
    assert!(json.status.success(), "{}", stderr(&json));
    assert!(stderr(&json).contains("exported rotherham: "), "{}", stderr(&json));
    let out = dir.path().join("out-json");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "actions.json",
            "attendance.json",
            "committees.json",
            "declarations.json",
            "documents.json",
            "items.json",
            "manifest.json",
            "meetings.json",
            "members.json",
            "memberships.json",
            "resolutions.json",
            "work-programme.json",
        ]
    );
    let meetings: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(out.join("meetings.json")).unwrap()).unwrap();
    assert_eq!(meetings.len(), 5);
    assert!(
        meetings
            .iter()
            .any(|m| m["web"]
                == "https://democracy.example.gov.uk/meetings/2021-06-15-improving-lives-select-commission")
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["council"], "rotherham");
    assert!(
        manifest["files"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!(["meetings.json", 5]))
    );
    let everything: String = names
        .iter()
        .map(|n| std::fs::read_to_string(out.join(n)).unwrap())
        .collect();
    assert!(
        !everything.contains("EXEMPT-CANARY-7f3a"),
        "the demo's exempt appendix was exported"
    );
    assert!(!everything.contains("argon2") && !everything.contains("password"));

    let csv = run(
        dir.path(),
        &[&["export", "--format", "csv", "out-csv"][..], &site, &DB].concat(),
    );
    assert!(csv.status.success(), "{}", stderr(&csv));
    let table = std::fs::read_to_string(dir.path().join("out-csv/meetings.csv")).unwrap();
    let mut lines = table.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("committee,created,ends_at,id,modified,name,"),
        "{header}"
    );
    assert_eq!(lines.count(), 5);

    let bad = run(
        dir.path(),
        &[&["export", "--format", "xml", "out"][..], &site, &DB].concat(),
    );
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(stderr(&bad), "moot: error: --format must be json or csv, not \"xml\"\n");
    let no_site = run(dir.path(), &[&["export", "--format", "json", "out"][..], &DB].concat());
    assert_eq!(no_site.status.code(), Some(2));
    assert_eq!(
        stderr(&no_site),
        "moot: error: rotherham has no host name: say where its site is with --site https://…\n"
    );
    assert_no_panic(&no_site);
    assert!(!dir.path().join("out").exists(), "a refused export wrote a folder");
}
