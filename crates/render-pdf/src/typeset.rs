//! Typesetting what Moot writes itself (front sheets, minutes, cover sheets, tables) with
//! typst, in process. Templates are fixed files compiled into the binary; the data reaches
//! them as JSON (`data.json`), never spliced into markup, so nothing a clerk types can be
//! read as typst code.

use std::sync::Arc;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::RenderError;

/// The templates, by the file name they import each other by.
const TEMPLATES: &[(&str, &str)] = &[
    ("common.typ", include_str!("../templates/common.typ")),
    ("front-sheet.typ", include_str!("../templates/front-sheet.typ")),
    ("minutes.typ", include_str!("../templates/minutes.typ")),
    ("report.typ", include_str!("../templates/report.typ")),
    ("work-programme.typ", include_str!("../templates/work-programme.typ")),
    ("synthetic.typ", include_str!("../templates/synthetic.typ")),
    ("stamps.typ", include_str!("../templates/stamps.typ")),
];

/// Which template to typeset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    FrontSheet,
    Minutes,
    Report,
    WorkProgramme,
    /// Numbered pages of filler text, for benchmarks and tests that need a supplied PDF.
    Synthetic,
    /// A pack's page numbers and "not for publication" lines, drawn over its pages.
    Stamps,
}

impl Template {
    fn file(self) -> &'static str {
        match self {
            Self::FrontSheet => "front-sheet.typ",
            Self::Minutes => "minutes.typ",
            Self::Report => "report.typ",
            Self::WorkProgramme => "work-programme.typ",
            Self::Synthetic => "synthetic.typ",
            Self::Stamps => "stamps.typ",
        }
    }
}

/// Fonts and the standard library, loaded once (parsing the bundled fonts is the slow part
/// of a first compile) and shared by every job. Cheap to clone.
#[derive(Clone)]
pub struct Typesetter {
    inner: Arc<Shared>,
}

struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    sources: Vec<(FileId, Source)>,
    main: Vec<(Template, FileId)>,
    data_id: FileId,
}

impl std::fmt::Debug for Typesetter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Typesetter")
            .field("fonts", &self.inner.fonts.len())
            .finish_non_exhaustive()
    }
}

fn file_id(name: &str) -> Result<FileId, RenderError> {
    let path = VirtualPath::new(format!("/{name}")).map_err(|e| RenderError::Template(format!("{name}: {e:?}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, path).intern())
}

impl Typesetter {
    pub fn new() -> Result<Self, RenderError> {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        let sources = TEMPLATES
            .iter()
            .map(|(name, text)| file_id(name).map(|id| (id, Source::new(id, (*text).to_owned()))))
            .collect::<Result<Vec<_>, _>>()?;
        let mut main = Vec::new();
        for t in [
            Template::FrontSheet,
            Template::Minutes,
            Template::Report,
            Template::WorkProgramme,
            Template::Synthetic,
            Template::Stamps,
        ] {
            main.push((t, file_id(t.file())?));
        }
        Ok(Self {
            inner: Arc::new(Shared {
                // The accessibility extras mark a table's row headers (a cover sheet's
                // questions) as header cells for screen readers.
                library: LazyHash::new(
                    Library::builder()
                        .with_features([typst::Feature::A11yExtras].into_iter().collect())
                        .build(),
                ),
                book: LazyHash::new(FontBook::from_fonts(&fonts)),
                fonts,
                sources,
                main,
                data_id: file_id("data.json")?,
            }),
        })
    }

    /// Typesets `template` over `data` and returns the PDF. `title` becomes the document's
    /// metadata title; the language is British English.
    pub fn pdf(&self, template: Template, data: &serde_json::Value) -> Result<Vec<u8>, RenderError> {
        let json = serde_json::to_vec(data).map_err(|e| RenderError::Template(e.to_string()))?;
        let main = self
            .inner
            .main
            .iter()
            .find(|(t, _)| *t == template)
            .map(|(_, id)| *id)
            .ok_or_else(|| RenderError::Template(format!("no template {template:?}")))?;
        let job = Job {
            shared: &self.inner,
            main,
            data: Bytes::new(json),
        };
        let document: PagedDocument = typst::compile(&job)
            .output
            .map_err(|errors| RenderError::Template(describe(&errors)))?;
        // PDF/UA-1: typst checks what it can (a title, alternative text, headings in order)
        // and says so in the file, so every paper Moot typesets is one a screen reader can
        // rely on, and a pack of such papers can say the same.
        let standards = typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::Ua_1])
            .map_err(|e| RenderError::Template(e.message().to_string()))?;
        let options = typst_pdf::PdfOptions {
            creator: typst::foundations::Smart::Custom(Some("Moot".to_owned())),
            standards,
            ..typst_pdf::PdfOptions::default()
        };
        let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| RenderError::Template(describe(&errors)))?;
        // Memoised layouts of earlier jobs are of no use to later ones with other data.
        typst::comemo::evict(4);
        Ok(pdf)
    }
}

impl Typesetter {
    /// Forgets every memoised layout, so the next job starts cold (benchmarks time that).
    pub fn clear_cache(&self) {
        typst::comemo::evict(0);
    }
}

fn describe(errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// One compilation: the shared fonts and templates plus this job's data.
struct Job<'a> {
    shared: &'a Shared,
    main: FileId,
    data: Bytes,
}

impl World for Job<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.shared
            .sources
            .iter()
            .find(|(sid, _)| *sid == id)
            .map(|(_, s)| s.clone())
            .ok_or_else(|| FileError::NotFound(id.get().vpath().get_without_slash().into()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.shared.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::NotFound(id.get().vpath().get_without_slash().into()))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.get(index).cloned()
    }

    /// Documents print the dates they are given, never "today", so that the same data always
    /// gives the same bytes.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
