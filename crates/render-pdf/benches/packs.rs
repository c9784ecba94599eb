//! Pack building measured outside the test suite (`bench/agenda-pack` drives it): wall time of
//! the build alone, and the process's peak resident memory, one case per process so that
//! each peak is that case's own.
//!
//! ```text
//! packs gen DIR N         write N supplied-report stand-ins (10 typeset pages each) to DIR
//! packs build DIR N OUT   a pack of a front sheet and the first N of them, one per item
//! packs demo OUT          the seed demo's 15 June 2021 public pack
//! ```

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "a benchmark driver"
)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use moot_domain::{Council, Edition, Meeting};
use moot_render_pdf::facts::MeetingFacts;
use moot_render_pdf::pack::{self, FrontSheet, PackDocument, PackItem};
use moot_render_pdf::{Publisher, Template, Typesetter};
use moot_store::{BlobStore, Filter, LocalBlobStore, Store, StoreExt};
use moot_store_sqlite::{OpenMode, SqliteStore, SqliteUrl};

fn main() {
    // `cargo bench` adds a `--bench` flag of its own.
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args[..] {
        ["gen", dir, n] => generate(Path::new(dir), n.parse().unwrap()),
        ["build", dir, n, out] => build(Path::new(dir), n.parse().unwrap(), Path::new(out)),
        ["demo", out] => demo(Path::new(out)),
        _ => panic!("usage: packs gen DIR N | packs build DIR N OUT | packs demo OUT"),
    }
}

fn report_path(dir: &Path, i: usize) -> PathBuf {
    dir.join(format!("report-{i:03}.pdf"))
}

fn generate(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let typesetter = Typesetter::new().unwrap();
    for i in 1..=n {
        let data = serde_json::json!({ "title": format!("Report {i}"), "pages": 10 });
        let pdf = typesetter.pdf(Template::Synthetic, &data).unwrap();
        std::fs::write(report_path(dir, i), pdf).unwrap();
    }
    eprintln!("wrote {n} reports to {}", dir.display());
}

fn build(dir: &Path, n: usize, out: &Path) {
    let typesetter = Typesetter::new().unwrap();
    let items: Vec<PackItem> = (1..=n)
        .map(|i| PackItem {
            number: i.to_string(),
            title: format!("Business item {i}"),
            description: Some("To consider the report of the Strategic Director.".to_owned()),
            exempt: None,
            urgency: None,
            documents: vec![PackDocument {
                title: format!("Report {i}"),
                pdf: Arc::new(std::fs::read(report_path(dir, i)).unwrap()),
                banner: None,
            }],
        })
        .collect();
    let front = FrontSheet {
        title: format!("Synthetic committee: agenda pack of {n} items"),
        council: "Synthetic Borough Council".to_owned(),
        committee: "Synthetic Committee".to_owned(),
        when: "Tuesday 15 June 2021 at 10.00 am".to_owned(),
        venue: "Town Hall".to_owned(),
        membership: "Councillors A (Chair), B (Vice Chair), C and D".to_owned(),
        notices: vec!["This meeting will be broadcast live.".to_owned()],
        pre_meeting_note: None,
        sign_off: vec!["A Chief Executive,".to_owned(), "Chief Executive.".to_owned()],
    };
    let start = Instant::now();
    let built = pack::build(&typesetter, &front, &items, &mut |_| {}).unwrap();
    report("build", start, built.pages, built.pdf.len(), out, &built.pdf);
}

fn demo(out: &Path) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&SqliteUrl::File(dir.path().join("moot.db")), OpenMode::CreateIfMissing)
            .await
            .unwrap();
        store.migrate().await.unwrap();
        let store: Arc<dyn Store> = Arc::new(store);
        moot_demo::load(&*store, &moot_demo::DemoSource::embedded())
            .await
            .unwrap();
        let blobs: Arc<dyn BlobStore> = Arc::new(LocalBlobStore::new(dir.path().join("files")));
        let typesetter = Typesetter::new().unwrap();
        let publisher = Publisher::new(store.clone(), blobs, typesetter.clone()).unwrap();
        moot_render_pdf::follow::refresh_all(&publisher).await.unwrap();
        let council: Council = moot_store::typed(store.councils().await.unwrap().remove(0))
            .unwrap()
            .record;
        let meeting = store
            .find::<Meeting>(council.id, &Filter::all())
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.record.starts_at.date().to_string() == "2021-06-15")
            .unwrap()
            .record;
        let facts = MeetingFacts::load(&*store, &council, meeting.id).await.unwrap();
        let plan = publisher.plan_pack(&facts, Edition::Public).await.unwrap().unwrap();
        // Loading the demo typeset this very front sheet; time it cold, as on publication.
        typesetter.clear_cache();
        let start = Instant::now();
        let built = publisher.build(plan, &mut |_| {}).await.unwrap();
        report("demo", start, built.pages, built.pdf.len(), out, &built.pdf);
    });
}

fn report(case: &str, start: Instant, pages: u32, bytes: usize, out: &Path, pdf: &[u8]) {
    let seconds = start.elapsed().as_secs_f64();
    std::fs::write(out, pdf).unwrap();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak_kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    println!(
        "{case}: pages={pages} bytes={bytes} seconds={seconds:.3} peak_rss_mb={:.1}",
        peak_kb as f64 / 1024.0
    );
}
