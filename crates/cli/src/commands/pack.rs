//! `moot pack MEETING`: a meeting's agenda pack written to a file, with a progress bar.

use std::path::{Path, PathBuf};

use crate::backend::OpenMode;
use indicatif::{ProgressBar, ProgressStyle};
use moot_domain::Edition;
use moot_render_pdf::RenderError;
use moot_render_pdf::facts::MeetingFacts;

use crate::backend::{self, DatabaseUrl};
use crate::config::Settings;
use crate::error::CliError;

/// What `moot pack` was asked for.
#[derive(Debug)]
pub struct Request<'a> {
    pub meeting: &'a str,
    pub council: Option<&'a str>,
    pub members: bool,
    pub output: Option<&'a Path>,
}

pub async fn run(settings: &Settings, request: Request<'_>) -> Result<(), CliError> {
    let url = DatabaseUrl::parse(&settings.database)?;
    let store = backend::open(&url, OpenMode::MustExist, false).await?;
    let blobs = backend::open_blobs(&settings.blobs, settings, &backend::process_env)?;
    let council = super::choose_council(&*store, request.council).await?;
    let key = request.meeting.trim_start_matches("/meetings/");
    let (_, meeting) = moot_store::lookup::meeting_by_key(&*store, council.id, key)
        .await?
        .ok_or_else(|| {
            RenderError::NoSuchMeeting(format!(
                "{:?} in {}: give it as DATE-COMMITTEE, e.g. 2021-06-15-improving-lives-select-commission",
                request.meeting, council.slug
            ))
        })?;
    let publisher = super::publisher(store.clone(), blobs)?;
    let facts = MeetingFacts::load(&*store, &council, meeting.id).await?;
    let edition = if request.members {
        Edition::Members
    } else {
        Edition::Public
    };
    let plan = publisher.plan_pack(&facts, edition).await?.ok_or_else(|| {
        CliError::Config("this meeting has no exempt papers, so its members' edition would be the public pack".into())
    })?;
    let bar = ProgressBar::new(plan.parts() as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}") {
        bar.set_style(style);
    }
    let built = publisher
        .build(plan, &mut |title| {
            bar.set_message(title.to_owned());
            bar.inc(1);
        })
        .await?;
    bar.finish_and_clear();
    let suffix = if request.members { "-members" } else { "" };
    let path = request.output.map_or_else(
        || PathBuf::from(format!("{}-agenda-pack{suffix}.pdf", facts.key())),
        Path::to_path_buf,
    );
    // Written beside the target and renamed, so a failure never leaves half a pack under its name.
    let tmp = path.with_extension("partial");
    std::fs::write(&tmp, &built.pdf)?;
    std::fs::rename(&tmp, &path)?;
    eprintln!(
        "wrote {} ({} pages, {} KB)",
        path.display(),
        built.pages,
        built.pdf.len().div_ceil(1024)
    );
    for (item, range) in facts.items.iter().zip(&built.ranges) {
        if let Some(range) = range {
            eprintln!("  {}. {} ({range})", item.number, item.title);
        }
    }
    for left in &built.left_out {
        eprintln!("warning: {left}");
    }
    Ok(())
}
