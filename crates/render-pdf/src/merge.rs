//! Joining PDFs page by page with lopdf: supplied reports are carried over as they are (never
//! re-typeset, which is what makes a 1,000-page pack take seconds), then every page gets its
//! number in the pack, exempt pages a "not for publication" line, and the whole an outline.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use crate::RenderError;

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
}

impl Assembly {
    pub fn new(first: Opened) -> Result<Self, RenderError> {
        let doc = first.doc;
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
        })
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
        other.renumber_objects_with(self.doc.max_id + 1);
        self.doc.max_id = self.doc.max_id.max(other.max_id);
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

    /// Numbers every page, writes the banners, the outline and the metadata, and returns the file.
    pub fn finish(mut self, title: &str, outline: &[Bookmark]) -> Result<Vec<u8>, RenderError> {
        let font = self.doc.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Font".to_vec())),
            ("Subtype", Object::Name(b"Type1".to_vec())),
            ("BaseFont", Object::Name(b"Helvetica".to_vec())),
            ("Encoding", Object::Name(b"WinAnsiEncoding".to_vec())),
        ]));
        // Whatever state a page's own content leaves behind is closed off before the stamp.
        let save = self.doc.add_object(Stream::new(Dictionary::new(), b"q\n".to_vec()));
        for (index, &page) in self.pages.clone().iter().enumerate() {
            let number = index + 1;
            let banner = self.banners.get(index).cloned().flatten();
            self.stamp(page, font, save, number, banner.as_deref())
                .map_err(|e| RenderError::Supplied {
                    document: self.owners.get(index).cloned().unwrap_or_default(),
                    problem: format!("the file is damaged: a page cannot be numbered ({e})"),
                })?;
        }
        self.write_outline(outline)?;
        let info = self.doc.add_object(Dictionary::from_iter([
            ("Title", text_string(title)),
            ("Creator", text_string("Moot")),
            ("Producer", text_string("Moot (typst, lopdf)")),
        ]));
        self.doc.trailer.set("Info", Object::Reference(info));
        let catalog = self.doc.catalog_mut()?;
        catalog.set("Lang", text_string("en-GB"));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        let mut out = Vec::new();
        self.doc.save_to(&mut out)?;
        Ok(out)
    }

    fn stamp(
        &mut self,
        page: ObjectId,
        font: ObjectId,
        save: ObjectId,
        number: usize,
        banner: Option<&str>,
    ) -> Result<(), RenderError> {
        let (x0, y0, x1, y1) = page_box(&self.doc, page);
        let mut content = String::from("Q\n/Artifact <</Type /Pagination>> BDC\nq 0 g BT\n");
        let label = format!("Page {number}");
        let centre = (x0 + x1) / 2.0;
        content.push_str(&format!(
            "/MootStamp 10 Tf {:.2} {:.2} Td ({label}) Tj\n",
            centre - width(&label, 10.0) / 2.0,
            y0 + 28.0
        ));
        if let Some(banner) = banner {
            let size = 9.5;
            content.push_str(&format!(
                "ET 0.75 0 0 rg BT /MootStamp {size} Tf {:.2} {:.2} Td ({}) Tj\n",
                centre - width(banner, size) / 2.0,
                y1 - 30.0,
                pdf_escape(banner)
            ));
        }
        content.push_str("ET Q\nEMC\n");
        let stamp = self
            .doc
            .add_object(Stream::new(Dictionary::new(), content.into_bytes()));

        let resources = page_resources(&self.doc, page);
        let dict = self.doc.get_object_mut(page).and_then(Object::as_dict_mut)?;
        let mut contents = match dict.get(b"Contents") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(other) => vec![other.clone()],
            Err(_) => Vec::new(),
        };
        contents.insert(0, Object::Reference(save));
        contents.push(Object::Reference(stamp));
        dict.set("Contents", Object::Array(contents));
        let mut resources = resources;
        let mut fonts = match resources.get(b"Font") {
            Ok(Object::Dictionary(d)) => d.clone(),
            Ok(Object::Reference(id)) => self.doc.get_dictionary(*id).cloned().unwrap_or_default(),
            _ => Dictionary::new(),
        };
        fonts.set("MootStamp", Object::Reference(font));
        resources.set("Font", Object::Dictionary(fonts));
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
fn text_string(s: &str) -> Object {
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

fn pdf_escape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '(' | ')' | '\\' => format!("\\{c}"),
            c if c.is_ascii_graphic() || c == ' ' => c.to_string(),
            _ => "?".to_owned(),
        })
        .collect()
}

/// The width of ASCII text in Helvetica at `size`, from the font's published metrics, so
/// stamps can be centred without embedding a font.
fn width(s: &str, size: f32) -> f32 {
    let units: u32 = s
        .chars()
        .map(|c| match c {
            ' ' | '.' | ',' | 'f' | 't' | 'I' => 278,
            'i' | 'j' | 'l' => 222,
            '-' | '(' | ')' | 'r' => 333,
            'c' | 'k' | 's' | 'v' | 'x' | 'y' | 'z' | 'J' => 500,
            'm' | 'M' => 833,
            'w' => 722,
            'W' => 944,
            'C' | 'D' | 'H' | 'N' | 'R' | 'U' => 722,
            'G' | 'O' | 'Q' => 778,
            'F' | 'T' | 'Z' => 611,
            'A' | 'B' | 'E' | 'K' | 'P' | 'S' | 'V' | 'X' | 'Y' => 667,
            'L' => 556,
            _ => 556,
        })
        .sum();
    units as f32 * size / 1000.0
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
