//! The bulk export: every public record of a council, resource by resource, as JSON or CSV
//! (`moot export`) or both in one zip (the portal's download). It is the JSON API's lists
//! read to their end through the same anonymous reader, so it holds exactly what the API
//! serves: no accounts, sessions, drafts or anything exempt. Papers are listed with their
//! download addresses and SHA-256, not copied: a council's files run to many gigabytes.

use std::io::Write;

use moot_app::open_data;
use moot_domain::Council;
use moot_store::Store;
use serde::Serialize;

use super::{Ctx, Filters, Listed, Resource, Visit, every, walk};
use crate::WebError;
use crate::listing::Params;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Csv => "csv",
        }
    }
}

/// Where an export's files go: a folder, or entries of a zip.
pub trait Sink: Send {
    /// Begins the file `name` (`meetings.json`); what is written next goes into it.
    fn file(&mut self, name: &str) -> std::io::Result<&mut (dyn Write + Send)>;
}

/// What one export wrote.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub council: String,
    pub name: String,
    /// The change-log position the export reflects: every record as it stood then.
    pub log_position: i64,
    pub made_at: String,
    pub web: String,
    pub files: Vec<(String, usize)>,
}

/// Told after each page, for a progress bar: the resource and how many objects so far.
pub type Progress<'p> = &'p (dyn Fn(&str, usize) + Sync);

/// Writes every public record of `council` in each of `formats` into `sink`, followed by
/// `manifest.json`. `site` is the council's public address, which records link to.
pub async fn export(
    store: &dyn Store,
    council: &Council,
    site: &str,
    formats: &[Format],
    sink: &mut (dyn Sink + Send),
    progress: Progress<'_>,
) -> Result<Manifest, WebError> {
    let ctx = Ctx {
        reader: moot_app::Reader::anonymous(store, council)?,
        site: site.to_owned(),
    };
    let upto = store.last_seq().await?;
    let mut exporter = Exporter(Vec::new());
    every(&mut exporter);
    let mut files = Vec::new();
    for plan in exporter.0 {
        for format in formats {
            let name = format!("{}.{}", plan.path, format.extension());
            let out = sink.file(&name).map_err(failed)?;
            let count = (plan.write)(&ctx, upto, *format, out, progress).await?;
            files.push((name, count));
        }
    }
    let manifest = Manifest {
        council: council.slug.to_string(),
        name: council.name.clone(),
        log_position: upto,
        made_at: jiff::Timestamp::now().to_string(),
        web: site.to_owned(),
        files,
    };
    let out = sink.file("manifest.json").map_err(failed)?;
    serde_json::to_writer_pretty(&mut *out, &manifest).map_err(failed)?;
    out.write_all(b"\n").map_err(failed)?;
    Ok(manifest)
}

fn failed(e: impl std::fmt::Display) -> WebError {
    WebError::internal("writing an export", e.to_string())
}

type Writing<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<usize, WebError>> + Send + 'a>>;

/// One resource to write: its path and how to write it out.
struct Plan {
    path: &'static str,
    write: for<'a> fn(&'a Ctx<'a>, i64, Format, &'a mut (dyn Write + Send), Progress<'a>) -> Writing<'a>,
}

struct Exporter(Vec<Plan>);

impl Visit for Exporter {
    fn visit<R: Resource>(&mut self) {
        self.0.push(Plan {
            path: R::PATH,
            write: |ctx, upto, format, out, progress| Box::pin(write_all::<R>(ctx, upto, format, out, progress)),
        });
    }
}

/// Writes every public object of `R` as of log position `upto`, read a thousand a page
/// and written as it is read, so an export of any size needs the memory of one page.
async fn write_all<R: Resource>(
    ctx: &Ctx<'_>,
    upto: i64,
    format: Format,
    out: &mut (dyn Write + Send),
    progress: Progress<'_>,
) -> Result<usize, WebError> {
    let params = Params::parse(Some("limit=1000"), &["limit"])?;
    let mut at = Some(open_data::Position { after: 0, upto });
    let mut columns: Option<Vec<String>> = None;
    let mut count = 0;
    if format == Format::Json {
        out.write_all(b"[").map_err(failed)?;
    }
    while let Some(position) = at {
        let (data, next) = walk::<R>(ctx, &params, &Filters::default(), position).await?;
        for listed in data {
            let Listed::Live(object) = listed else { continue };
            let serde_json::Value::Object(row) = serde_json::to_value(object).map_err(failed)? else {
                return Err(failed("an object is not a JSON object"));
            };
            match format {
                Format::Json => {
                    out.write_all(if count == 0 { b"\n" } else { b",\n" }).map_err(failed)?;
                    serde_json::to_writer(&mut *out, &row).map_err(failed)?;
                }
                Format::Csv => {
                    // Every object of a resource has the same keys (none is skipped when empty).
                    let columns = match &columns {
                        Some(c) => c,
                        None => {
                            let names: Vec<String> = row.keys().cloned().collect();
                            let header: Vec<String> = names.iter().map(|n| field(n)).collect();
                            out.write_all(header.join(",").as_bytes()).map_err(failed)?;
                            out.write_all(b"\r\n").map_err(failed)?;
                            columns.insert(names)
                        }
                    };
                    let line: Vec<String> = columns
                        .iter()
                        .map(|c| row.get(c).map(cell).unwrap_or_default())
                        .collect();
                    out.write_all(line.join(",").as_bytes()).map_err(failed)?;
                    out.write_all(b"\r\n").map_err(failed)?;
                }
            }
            count += 1;
        }
        progress(R::PATH, count);
        at = next;
    }
    if format == Format::Json {
        out.write_all(b"\n]\n").map_err(failed)?;
    }
    Ok(count)
}

/// One CSV field (RFC 4180): text as it is, numbers and booleans as JSON writes them, null
/// empty, lists and objects as compact JSON.
fn cell(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => field(s),
        other => field(&other.to_string()),
    }
}

/// Quoted when it holds a comma, a quote or a line break.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// A folder on disk. Each file is written beside its name (`meetings.json.partial`) and
/// renamed into place once whole, so an export that fails leaves no cut-short file under a
/// name a reader would trust.
#[derive(Debug)]
pub struct Folder {
    dir: std::path::PathBuf,
    open: Option<(std::io::BufWriter<std::fs::File>, String)>,
}

impl Folder {
    pub fn new(dir: std::path::PathBuf) -> std::io::Result<Self> {
        std::fs::create_dir_all(&dir)?;
        Ok(Self { dir, open: None })
    }

    fn close(&mut self) -> std::io::Result<()> {
        if let Some((file, name)) = self.open.take() {
            file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
            std::fs::rename(self.dir.join(format!("{name}.partial")), self.dir.join(name))?;
        }
        Ok(())
    }

    /// Puts the last file in place.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.close()
    }
}

impl Sink for Folder {
    fn file(&mut self, name: &str) -> std::io::Result<&mut (dyn Write + Send)> {
        self.close()?;
        let file = std::fs::File::create(self.dir.join(format!("{name}.partial")))?;
        let (writer, _) = self.open.insert((std::io::BufWriter::new(file), name.to_owned()));
        Ok(writer)
    }
}

/// A zip in memory, deflated, its entries dated when it was begun (UTC).
pub struct Zip {
    zip: zip::ZipWriter<std::io::Cursor<Vec<u8>>>,
    made: zip::DateTime,
}

impl std::fmt::Debug for Zip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Zip").finish_non_exhaustive()
    }
}

impl Default for Zip {
    fn default() -> Self {
        let now = jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).datetime();
        let made = u16::try_from(now.year())
            .ok()
            .and_then(|year| {
                let part = |n: i8| u8::try_from(n).unwrap_or_default();
                zip::DateTime::from_date_and_time(
                    year,
                    part(now.month()),
                    part(now.day()),
                    part(now.hour()),
                    part(now.minute()),
                    part(now.second()),
                )
                .ok()
            })
            .unwrap_or_default();
        Self {
            zip: zip::ZipWriter::new(std::io::Cursor::new(Vec::new())),
            made,
        }
    }
}

impl Zip {
    pub fn finish(self) -> std::io::Result<Vec<u8>> {
        Ok(self.zip.finish().map_err(std::io::Error::other)?.into_inner())
    }
}

impl Sink for Zip {
    fn file(&mut self, name: &str) -> std::io::Result<&mut (dyn Write + Send)> {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(self.made);
        self.zip.start_file(name, options).map_err(std::io::Error::other)?;
        Ok(&mut self.zip)
    }
}

/// The zips this node has made, one per council: kept until the log moves, so a download
/// never holds anything withdrawn or made exempt since.
#[derive(Debug, Default)]
pub struct Downloads(tokio::sync::Mutex<std::collections::HashMap<moot_domain::CouncilId, (i64, axum::body::Bytes)>>);

/// `/open-data.zip`: the council's whole public record, as JSON and as CSV, in one zip.
/// Requests that arrive while one is being made wait for it and share it.
pub async fn download(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    site: crate::site::Site,
    headers: axum::http::HeaderMap,
) -> Result<axum::response::Response, WebError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let mut kept = state.downloads.0.lock().await;
    let position = state.store.last_seq().await?;
    let bytes = match kept.get(&site.council.id) {
        Some((at, bytes)) if *at == position => bytes.clone(),
        _ => {
            let root = format!("{}{}", site.origin(&headers), site.base);
            let mut zip = Zip::default();
            let manifest = export(
                &*state.store,
                &site.council,
                &root,
                &[Format::Json, Format::Csv],
                &mut zip,
                &|_, _| {},
            )
            .await?;
            let bytes = axum::body::Bytes::from(zip.finish().map_err(failed)?);
            kept.insert(site.council.id, (manifest.log_position, bytes.clone()));
            bytes
        }
    };
    drop(kept);
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}-open-data.zip\"", site.council.slug),
            ),
        ],
        bytes,
    )
        .into_response())
}
