//! Compiles the demo dataset into the binary: every file under the workspace's `demo/`
//! folder, so that adding a meeting file needs no code change.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default()).join("../../demo");
    println!("cargo::rerun-if-changed={}", root.display());
    println!("cargo::rerun-if-changed={}", root.join("meetings").display());
    let mut meetings: Vec<PathBuf> = std::fs::read_dir(root.join("meetings"))
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    meetings.sort();
    let file = |path: &Path| {
        let rel = path.strip_prefix(&root).unwrap_or(path).display().to_string();
        println!("cargo::rerun-if-changed={}", path.display());
        format!(
            "DemoFile {{ name: \"demo/{rel}\".to_owned(), text: include_str!({:?}).to_owned() }}",
            path.display().to_string()
        )
    };
    let optional = |name: &str| {
        let path = root.join(name);
        if path.is_file() {
            format!("Some({})", file(&path))
        } else {
            "None".to_owned()
        }
    };
    let mut out = String::new();
    let _ = writeln!(out, "DemoSource {{");
    let _ = writeln!(out, "    council: {},", file(&root.join("council.toml")));
    let _ = writeln!(out, "    committees: {},", file(&root.join("committees.toml")));
    let _ = writeln!(out, "    members: {},", file(&root.join("members.toml")));
    let _ = writeln!(out, "    work_programme: {},", optional("work-programme.toml"));
    let _ = writeln!(
        out,
        "    meetings: vec![{}],",
        meetings.iter().map(|p| file(p)).collect::<Vec<_>>().join(", ")
    );
    let _ = writeln!(out, "}}");
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("embedded.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        println!("cargo::error=cannot write {}: {e}", dest.display());
    }
}
