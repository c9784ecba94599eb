//! Joining PDFs page by page with lopdf: supplied reports are carried over as they are (never
//! re-typeset, which is what makes a 1,000-page pack take seconds), their structure trees
//! joined into one ([`crate::structure`]), then every page gets its number in the pack,
//! exempt pages a "not for publication" line, and the whole an outline.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use serde::Serialize;

use crate::RenderError;
use crate::structure::Structure;
use crate::typeset::{Template, Typesetter};

/// A supplied PDF, opened and checked.
#[derive(Debug)]
pub struct Opened {
    doc: Document,
    pages: u32,
}

impl Opened {
    /// Opens `bytes` as the PDF of the document called `title`, refusing what cannot go into
    /// a pack with a reason a clerk can act on.
    pub fn new(title: &str, bytes: &[u8]) -> Result<Self, RenderError> {
        let refuse = |problem: &str| RenderError::Supplied {
            document: title.to_owned(),
            problem: problem.to_owned(),
        };
        if bytes.is_empty() {
            return Err(refuse("the file is empty (0 bytes)"));
        }
        if !bytes.starts_with(b"%PDF-") {
            return Err(refuse("the file is not a PDF (it does not start with %PDF-)"));
        }
        let doc = Document::load_mem(bytes).map_err(|e| {
            let text = e.to_string();
            if text.to_lowercase().contains("decrypt") || text.to_lowercase().contains("password") {
                refuse("the file is encrypted (password-protected); ask its author for an unprotected copy")
            } else {
                refuse(&format!("the file is damaged and cannot be read ({text})"))
            }
        })?;
        if doc.was_encrypted() || doc.is_encrypted() {
            return Err(refuse(
                "the file is encrypted (password-protected); ask its author for an unprotected copy",
            ));
        }
        // lopdf reads what it can of a file cut short in transfer, so a pack would silently
        // lose its end; every whole PDF ends with %%EOF in its last kilobyte.
        let tail = &bytes[bytes.len().saturating_sub(1024)..];
        if !tail.windows(5).any(|w| w == b"%%EOF") {
            return Err(refuse(
                "the file is damaged: it stops before its end-of-file marker, so it was cut short",
            ));
        }
        let page_ids = doc.get_pages();
        if let Some((n, _)) = page_ids.iter().find(|(_, id)| doc.get_dictionary(**id).is_err()) {
            return Err(refuse(&format!("the file is damaged: page {n} cannot be read")));
        }
        let pages = u32::try_from(page_ids.len()).map_err(|_| refuse("the file has too many pages"))?;
        if pages == 0 {
            return Err(refuse("the file is damaged or has no pages"));
        }
        Ok(Self { doc, pages })
    }

    pub fn pages(&self) -> u32 {
        self.pages
    }
}

/// One line of the outline (bookmarks): a title, the page it opens at, and lines under it.
#[derive(Debug, Clone)]
pub struct Bookmark {
    pub title: String,
    /// 1-based page in the finished file.
    pub page: u32,
    pub children: Vec<Bookmark>,
}

/// A PDF being built: the first part (typeset by Moot) is the base, so its catalogue (tags,
/// metadata) is kept; later parts are appended page by page.
#[derive(Debug)]
pub struct Assembly {
    doc: Document,
    root_pages: ObjectId,
    pages: Vec<ObjectId>,
    /// A page's "not for publication" line, by index in `pages`.
    banners: Vec<Option<String>>,
    /// The document each page came from, to name it if the page turns out to be unusable.
    owners: Vec<String>,
    structure: Structure,
    /// Whether every part so far says it meets PDF/UA-1; the pack says so only then.
    universally_accessible: bool,
}

impl Assembly {
    pub fn new(first: Opened) -> Result<Self, RenderError> {
        let mut doc = first.doc;
        let structure = Structure::of_base(&mut doc)?;
        let universally_accessible = claims_pdf_ua(&doc);
        let root_pages = doc
            .catalog()?
            .get(b"Pages")
            .and_then(Object::as_reference)
            .map_err(|e| RenderError::Assembly(format!("the front sheet has no page tree: {e}")))?;
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        let banners = vec![None; pages.len()];
        let owners = vec!["front sheet".to_owned(); pages.len()];
        Ok(Self {
            doc,
            root_pages,
            pages,
            banners,
            owners,
            structure,
            universally_accessible,
        })
    }

    /// Starts the part of the pack for one agenda item, called `title` in its structure.
    pub fn section(&mut self, title: &str) {
        self.structure.section(&mut self.doc, title);
    }

    /// Pages so far.
    pub fn len(&self) -> u32 {
        u32::try_from(self.pages.len()).unwrap_or(u32::MAX)
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// Appends every page of the document `title`; each carries `banner`, if any, at its head.
    pub fn append(&mut self, title: &str, part: Opened, banner: Option<&str>) -> Result<(), RenderError> {
        let mut other = part.doc;
        self.universally_accessible &= claims_pdf_ua(&other);
        other.renumber_objects_with(self.doc.max_id + 1);
        self.doc.max_id = self.doc.max_id.max(other.max_id);
        self.structure.graft(&mut self.doc, &mut other, title)?;
        let their_pages: Vec<ObjectId> = other.get_pages().into_values().collect();
        // What a page inherits from its old page tree must move onto the page itself, since it
        // is about to hang from ours.
        for &page in &their_pages {
            let inherited = inherited_attributes(&other, page);
            if let Ok(Object::Dictionary(dict)) = other.get_object_mut(page) {
                for (key, value) in inherited {
                    if !dict.has(&key) {
                        dict.set(key, value);
                    }
                }
                dict.set("Parent", Object::Reference(self.root_pages));
            }
        }
        for (id, object) in other.objects {
            let skip = matches!(&object, Object::Dictionary(d)
                if d.get(b"Type").and_then(Object::as_name).is_ok_and(|t| t == b"Catalog" || t == b"Pages"));
            if !skip {
                self.doc.objects.insert(id, object);
            }
        }
        let kids = self.doc.get_object_mut(self.root_pages).and_then(Object::as_dict_mut)?;
        let mut list = kids
            .get(b"Kids")
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default();
        list.extend(their_pages.iter().map(|&p| Object::Reference(p)));
        let count = i64::try_from(list.len()).unwrap_or(i64::MAX);
        kids.set("Kids", Object::Array(list));
        kids.set("Count", Object::Integer(count));
        self.banners
            .extend(std::iter::repeat_n(banner.map(str::to_owned), their_pages.len()));
        self.owners
            .extend(std::iter::repeat_n(title.to_owned(), their_pages.len()));
        self.pages.extend(their_pages);
        Ok(())
    }

    /// Numbers every page, writes the banners, the structure tree, the outline and the
    /// metadata, and returns the file. `author` is the council that publishes it.
    pub fn finish(
        mut self,
        typesetter: &Typesetter,
        title: &str,
        author: &str,
        outline: &[Bookmark],
    ) -> Result<Vec<u8>, RenderError> {
        let stamps = self.stamps(typesetter, title, author)?;
        // Whatever state a page's own content leaves behind is closed off before the stamp.
        let save = self.doc.add_object(Stream::new(Dictionary::new(), b"q\n".to_vec()));
        // The marks are artifacts inside their form, and so is the drawing of the form.
        let draw = self.doc.add_object(Stream::new(
            Dictionary::new(),
            b"Q q /Artifact <</Type /Pagination>> BDC /MootStamp Do EMC Q\n".to_vec(),
        ));
        for (index, (&page, stamp)) in self.pages.clone().iter().zip(stamps).enumerate() {
            self.stamp(page, save, draw, stamp).map_err(|e| RenderError::Supplied {
                document: self.owners.get(index).cloned().unwrap_or_default(),
                problem: format!("the file is damaged: a page cannot be numbered ({e})"),
            })?;
        }
        self.structure.finish(&mut self.doc)?;
        self.write_outline(outline)?;
        self.restate_metadata()?;
        let info = self.doc.add_object(Dictionary::from_iter([
            ("Title", text_string(title)),
            ("Author", text_string(author)),
            ("Creator", text_string("Moot")),
            ("Producer", text_string("Moot (typst, lopdf)")),
        ]));
        self.doc.trailer.set("Info", Object::Reference(info));
        let catalog = self.doc.catalog_mut()?;
        catalog.set("Lang", text_string("en-GB"));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        catalog.set(
            "ViewerPreferences",
            Object::Dictionary(Dictionary::from_iter([("DisplayDocTitle", Object::Boolean(true))])),
        );
        let mut out = Vec::new();
        self.doc.save_to(&mut out)?;
        Ok(out)
    }

    /// The front sheet's XMP packet, which the pack keeps, describes the front sheet: it is
    /// made to give the pack's page count, and to claim PDF/UA-1 only when every part does
    /// (a supplied paper that does not would make the claim false).
    fn restate_metadata(&mut self) -> Result<(), RenderError> {
        let Some((id, mut text)) = xmp(&self.doc) else {
            return Ok(());
        };
        if let (Some(open), Some(close)) = (text.find(NPAGES.0), text.find(NPAGES.1)) {
            let from = open + NPAGES.0.len();
            if from <= close {
                text.replace_range(from..close, &self.pages.len().to_string());
            }
        }
        if !self.universally_accessible {
            for claim in PDF_UA_CLAIMS {
                text = text.replace(claim, "");
            }
        }
        if let Ok(Object::Stream(stream)) = self.doc.get_object_mut(id) {
            stream.set_plain_content(text.into_bytes());
        }
        Ok(())
    }

    /// Typesets the marks of every page (one page of marks per page, of its size) and brings
    /// each in as a form to draw over its page, with the fonts it uses.
    fn stamps(&mut self, typesetter: &Typesetter, title: &str, author: &str) -> Result<Vec<ObjectId>, RenderError> {
        let boxes: Vec<(f32, f32, f32, f32)> = self.pages.iter().map(|&p| page_box(&self.doc, p)).collect();
        let sheet = StampSheet {
            title,
            council: author,
            pages: boxes
                .iter()
                .zip(&self.banners)
                .enumerate()
                .map(|(index, ((x0, y0, x1, y1), banner))| StampPage {
                    width: x1 - x0,
                    height: y1 - y0,
                    number: index + 1,
                    banner: banner.as_deref(),
                })
                .collect(),
        };
        let json = serde_json::to_value(&sheet).map_err(|e| RenderError::Template(e.to_string()))?;
        let mut marks = Document::load_mem(&typesetter.pdf(Template::Stamps, &json)?)?;
        marks.renumber_objects_with(self.doc.max_id + 1);
        self.doc.max_id = self.doc.max_id.max(marks.max_id);
        let mark_pages: Vec<ObjectId> = marks.get_pages().into_values().collect();
        if mark_pages.len() != self.pages.len() {
            return Err(RenderError::Assembly(format!(
                "{} pages of page numbers were typeset for {} pages",
                mark_pages.len(),
                self.pages.len()
            )));
        }
        let mut needed = BTreeSet::new();
        let mut forms = Vec::with_capacity(mark_pages.len());
        for (&mark, (x0, y0, x1, y1)) in mark_pages.iter().zip(boxes) {
            let resources = page_resources(&marks, mark);
            reachable(&marks, &Object::Dictionary(resources.clone()), &mut needed);
            let form = Stream::new(
                Dictionary::from_iter([
                    ("Type", Object::Name(b"XObject".to_vec())),
                    ("Subtype", Object::Name(b"Form".to_vec())),
                    (
                        "BBox",
                        Object::Array(vec![0.into(), 0.into(), (x1 - x0).into(), (y1 - y0).into()]),
                    ),
                    (
                        "Matrix",
                        Object::Array(vec![1.into(), 0.into(), 0.into(), 1.into(), x0.into(), y0.into()]),
                    ),
                    ("Resources", Object::Dictionary(resources)),
                ]),
                marks.get_page_content(mark),
            );
            let mut form = form;
            // Already small; a failure to shrink it leaves it as it is.
            drop(form.compress());
            forms.push(self.doc.add_object(form));
        }
        for id in needed {
            if let Some(object) = marks.objects.remove(&id) {
                self.doc.objects.insert(id, object);
            }
        }
        Ok(forms)
    }

    fn stamp(&mut self, page: ObjectId, save: ObjectId, draw: ObjectId, form: ObjectId) -> Result<(), RenderError> {
        let mut resources = page_resources(&self.doc, page);
        let dict = self.doc.get_object_mut(page).and_then(Object::as_dict_mut)?;
        let mut contents = match dict.get(b"Contents") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(other) => vec![other.clone()],
            Err(_) => Vec::new(),
        };
        contents.insert(0, Object::Reference(save));
        contents.push(Object::Reference(draw));
        dict.set("Contents", Object::Array(contents));
        let mut forms = match resources.get(b"XObject") {
            Ok(Object::Dictionary(d)) => d.clone(),
            Ok(Object::Reference(id)) => self.doc.get_dictionary(*id).cloned().unwrap_or_default(),
            _ => Dictionary::new(),
        };
        forms.set("MootStamp", Object::Reference(form));
        resources.set("XObject", Object::Dictionary(forms));
        let dict = self.doc.get_object_mut(page).and_then(Object::as_dict_mut)?;
        dict.set("Resources", Object::Dictionary(resources));
        Ok(())
    }

    fn write_outline(&mut self, outline: &[Bookmark]) -> Result<(), RenderError> {
        let root = self.doc.new_object_id();
        let (first, last, count) = self.outline_level(outline, root)?;
        let mut dict = Dictionary::from_iter([("Type", Object::Name(b"Outlines".to_vec()))]);
        if let (Some(first), Some(last)) = (first, last) {
            dict.set("First", Object::Reference(first));
            dict.set("Last", Object::Reference(last));
            dict.set("Count", Object::Integer(count));
        }
        self.doc.objects.insert(root, Object::Dictionary(dict));
        self.doc.catalog_mut()?.set("Outlines", Object::Reference(root));
        Ok(())
    }

    /// Writes one level of bookmarks under `parent`; returns its first and last and how many
    /// lines it shows open.
    fn outline_level(
        &mut self,
        marks: &[Bookmark],
        parent: ObjectId,
    ) -> Result<(Option<ObjectId>, Option<ObjectId>, i64), RenderError> {
        let ids: Vec<ObjectId> = marks.iter().map(|_| self.doc.new_object_id()).collect();
        let mut count = 0;
        for (i, mark) in marks.iter().enumerate() {
            let page = usize::try_from(mark.page.saturating_sub(1))
                .ok()
                .and_then(|p| self.pages.get(p).copied())
                .ok_or_else(|| RenderError::Assembly(format!("bookmark {:?} points past the end", mark.title)))?;
            let mut dict = Dictionary::from_iter([
                ("Title", text_string(&mark.title)),
                ("Parent", Object::Reference(parent)),
                (
                    "Dest",
                    Object::Array(vec![Object::Reference(page), Object::Name(b"Fit".to_vec())]),
                ),
            ]);
            if i > 0 {
                dict.set("Prev", Object::Reference(ids[i - 1]));
            }
            if let Some(next) = ids.get(i + 1) {
                dict.set("Next", Object::Reference(*next));
            }
            let (first, last, open) = self.outline_level(&mark.children, ids[i])?;
            if let (Some(first), Some(last)) = (first, last) {
                dict.set("First", Object::Reference(first));
                dict.set("Last", Object::Reference(last));
                dict.set("Count", Object::Integer(open));
            }
            count += 1 + open;
            self.doc.objects.insert(ids[i], Object::Dictionary(dict));
        }
        Ok((ids.first().copied(), ids.last().copied(), count))
    }
}

/// Page attributes a page may inherit from the page tree above it.
fn inherited_attributes(doc: &Document, page: ObjectId) -> Vec<(Vec<u8>, Object)> {
    let mut found: Vec<(Vec<u8>, Object)> = Vec::new();
    let mut node = doc
        .get_dictionary(page)
        .ok()
        .and_then(|d| d.get(b"Parent").ok())
        .cloned();
    let mut depth = 0;
    while let Some(Object::Reference(id)) = node {
        depth += 1;
        let Ok(dict) = doc.get_dictionary(id) else { break };
        for key in [&b"Resources"[..], b"MediaBox", b"CropBox", b"Rotate"] {
            if !found.iter().any(|(k, _)| k == key)
                && let Ok(value) = dict.get(key)
            {
                found.push((key.to_vec(), value.clone()));
            }
        }
        node = dict.get(b"Parent").ok().cloned();
        if depth > 64 {
            break;
        }
    }
    found
}

/// A page's resources as a dictionary of its own, so adding the stamp's font changes no other page.
fn page_resources(doc: &Document, page: ObjectId) -> Dictionary {
    let own = doc.get_dictionary(page).ok().and_then(|d| d.get(b"Resources").ok());
    match own {
        Some(Object::Dictionary(d)) => d.clone(),
        Some(Object::Reference(id)) => doc.get_dictionary(*id).cloned().unwrap_or_default(),
        _ => Dictionary::new(),
    }
}

/// The visible area of a page (crop box, else media box), defaulting to A4.
fn page_box(doc: &Document, page: ObjectId) -> (f32, f32, f32, f32) {
    let a4 = (0.0, 0.0, 595.28, 841.89);
    let Ok(dict) = doc.get_dictionary(page) else { return a4 };
    let rect = dict.get(b"CropBox").or_else(|_| dict.get(b"MediaBox"));
    let rect = match rect {
        Ok(Object::Reference(id)) => doc.get_object(*id).ok(),
        Ok(other) => Some(other),
        Err(_) => None,
    };
    let Some(Object::Array(values)) = rect else { return a4 };
    let n: Vec<f32> = values.iter().filter_map(|v| v.as_float().ok()).collect();
    match n[..] {
        [a, b, c, d] => (a.min(c), b.min(d), a.max(c), b.max(d)),
        _ => a4,
    }
}

/// A PDF text string: plain when ASCII, else UTF-16BE with a byte-order mark, as the
/// standard asks for text outside PDFDocEncoding (titles carry dashes and curly quotes).
pub(crate) fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// How XMP states a page count.
const NPAGES: (&str, &str) = ("<xmpTPg:NPages>", "</xmpTPg:NPages>");

/// How XMP claims PDF/UA-1 (as an element, as typst writes it, or as an attribute).
const PDF_UA_CLAIMS: [&str; 2] = ["<pdfuaid:part>1</pdfuaid:part>", "pdfuaid:part=\"1\""];

/// A PDF's XMP packet, as text, with the stream that holds it.
fn xmp(doc: &Document) -> Option<(ObjectId, String)> {
    let id = doc.catalog().ok()?.get(b"Metadata").ok()?.as_reference().ok()?;
    let Ok(Object::Stream(stream)) = doc.get_object(id) else {
        return None;
    };
    let bytes = stream.get_plain_content_with_limit(1 << 20).ok()?;
    Some((id, String::from_utf8(bytes).ok()?))
}

/// Whether a PDF says, in its XMP, that it meets PDF/UA-1.
fn claims_pdf_ua(doc: &Document) -> bool {
    xmp(doc).is_some_and(|(_, text)| PDF_UA_CLAIMS.iter().any(|claim| text.contains(claim)))
}

/// The objects `object` refers to, directly or through others.
fn reachable(doc: &Document, object: &Object, found: &mut BTreeSet<ObjectId>) {
    match object {
        Object::Reference(id) => {
            if found.insert(*id)
                && let Ok(target) = doc.get_object(*id)
            {
                reachable(doc, target, found);
            }
        }
        Object::Array(items) => items.iter().for_each(|o| reachable(doc, o, found)),
        Object::Dictionary(dict) => dict.iter().for_each(|(_, o)| reachable(doc, o, found)),
        Object::Stream(stream) => stream.dict.iter().for_each(|(_, o)| reachable(doc, o, found)),
        _ => {}
    }
}

/// What the stamps template is given.
#[derive(Serialize)]
struct StampSheet<'a> {
    title: &'a str,
    council: &'a str,
    pages: Vec<StampPage<'a>>,
}

#[derive(Serialize)]
struct StampPage<'a> {
    width: f32,
    height: f32,
    number: usize,
    banner: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_titles_are_utf16_with_a_byte_order_mark() {
        let Object::String(bytes, _) = text_string("Appendix 1 – Report") else {
            panic!("a string")
        };
        assert_eq!(&bytes[..2], &[0xFE, 0xFF]);
        assert!(matches!(text_string("Plain"), Object::String(b, StringFormat::Literal) if b == b"Plain"));
    }

    #[test]
    fn refuses_what_is_not_a_usable_pdf() {
        for (bytes, expect) in [
            (&b""[..], "empty"),
            (b"<html>not a pdf</html>", "not a PDF"),
            (b"%PDF-1.7\n garbage garbage", "damaged"),
        ] {
            let err = Opened::new("Report X", bytes).expect_err("refused").to_string();
            assert!(err.contains("Report X") && err.contains(expect), "{err}");
        }
    }
}
