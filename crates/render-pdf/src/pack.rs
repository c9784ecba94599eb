//! An agenda pack: the front sheet, typeset with the page range against each item, then each
//! item's documents in agenda order, numbered continuously. The ranges depend on how long
//! the front sheet itself is, so it is typeset until its length stops changing (almost
//! always once or twice).

use moot_domain::PageRange;
use serde::Serialize;

use crate::RenderError;
use crate::merge::{Assembly, Bookmark, Opened};
use crate::typeset::{Template, Typesetter};

/// The front sheet's fixed facts (everything but the page ranges).
#[derive(Debug, Clone, Serialize)]
pub struct FrontSheet {
    /// The pack's title, also its metadata title.
    pub title: String,
    pub council: String,
    pub committee: String,
    /// "Tuesday 15 June 2021 at 10.00 am"
    pub when: String,
    pub venue: String,
    /// "Councillors Pitchley (Chair), Cooksey (Vice Chair), Aveyard, …"
    pub membership: String,
    pub notices: Vec<String>,
    pub pre_meeting_note: Option<String>,
    /// The council's sign-off under the agenda, line by line ("Sharon Kemp,", "Chief Executive.").
    pub sign_off: Vec<String>,
}

/// An item as the pack prints it, with the documents that go into the pack behind it.
#[derive(Debug, Clone)]
pub struct PackItem {
    pub number: String,
    pub title: String,
    pub description: Option<String>,
    /// "Exempt – paragraph 1 of Part 1 of Schedule 12A …", printed against the item.
    pub exempt: Option<String>,
    pub urgency: Option<String>,
    pub documents: Vec<PackDocument>,
}

#[derive(Clone)]
pub struct PackDocument {
    pub title: String,
    pub pdf: std::sync::Arc<Vec<u8>>,
    /// Printed at the head of each of its pages (the members' edition's exempt papers).
    pub banner: Option<String>,
}

impl std::fmt::Debug for PackDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PackDocument")
            .field("title", &self.title)
            .field("bytes", &self.pdf.len())
            .field("banner", &self.banner)
            .finish()
    }
}

#[derive(Debug)]
pub struct BuiltPack {
    pub pdf: Vec<u8>,
    pub pages: u32,
    /// Where each item's documents landed, in item order (`None`: no documents).
    pub ranges: Vec<Option<PageRange>>,
    /// Supplied papers that could not be used, each with why; the pack is made without them.
    pub left_out: Vec<LeftOut>,
}

/// A supplied paper the pack had to go without, and why (for the clerk, who replaces it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub document: String,
    pub problem: String,
}

impl std::fmt::Display for LeftOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "\"{}\" is not in the pack: {}", self.document, self.problem)
    }
}

#[derive(Serialize)]
struct FrontSheetData<'a> {
    #[serde(flatten)]
    front: &'a FrontSheet,
    items: Vec<ItemLine<'a>>,
}

#[derive(Serialize)]
struct ItemLine<'a> {
    number: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    exempt: Option<&'a str>,
    urgency: Option<&'a str>,
    pages: Option<String>,
    /// Titles of the item's papers that could not go in, so a reader knows they exist.
    left_out: Vec<&'a str>,
}

/// Builds the pack. `progress` hears the title of each part as it goes in.
pub fn build(
    typesetter: &Typesetter,
    front: &FrontSheet,
    items: &[PackItem],
    progress: &mut dyn FnMut(&str),
) -> Result<BuiltPack, RenderError> {
    // Every supplied file is opened before anything is typeset. One that cannot be used is
    // left out and named rather than holding the whole pack back: otherwise one damaged
    // paper would keep an older pack up, with whatever has since been withdrawn from it.
    let mut left_out = Vec::new();
    let mut opened: Vec<Vec<(&PackDocument, Opened)>> = Vec::with_capacity(items.len());
    let mut missing: Vec<Vec<&str>> = Vec::with_capacity(items.len());
    for item in items {
        let (mut docs, mut gone) = (Vec::new(), Vec::new());
        for d in &item.documents {
            match Opened::new(&d.title, &d.pdf) {
                Ok(pdf) => docs.push((d, pdf)),
                Err(e) => {
                    gone.push(d.title.as_str());
                    left_out.push(leave_out(d, e));
                }
            }
        }
        opened.push(docs);
        missing.push(gone);
    }
    let counts: Vec<Vec<u32>> = opened
        .iter()
        .map(|docs| docs.iter().map(|(_, pdf)| pdf.pages()).collect())
        .collect();

    // Assuming more front-sheet pages only lengthens the ranges it prints, so its length
    // grows towards a fixed point from below; the bound is a guard, never reached in practice.
    let mut front_pages = 1;
    let mut tries = 0;
    let (sheet, ranges) = loop {
        tries += 1;
        let ranges = ranges_after(front_pages, &counts);
        let data = FrontSheetData {
            front,
            items: items
                .iter()
                .zip(&ranges)
                .zip(&missing)
                .map(|((item, range), gone)| ItemLine {
                    number: &item.number,
                    title: &item.title,
                    description: item.description.as_deref(),
                    exempt: item.exempt.as_deref(),
                    urgency: item.urgency.as_deref(),
                    pages: range.map(|r| r.to_string()),
                    left_out: gone.clone(),
                })
                .collect(),
        };
        let json = serde_json::to_value(&data).map_err(|e| RenderError::Template(e.to_string()))?;
        let pdf = typesetter.pdf(Template::FrontSheet, &json)?;
        let sheet = Opened::new("front sheet", &pdf)?;
        if sheet.pages() <= front_pages || tries >= 8 {
            if sheet.pages() != front_pages {
                return Err(RenderError::Assembly(format!(
                    "the front sheet's length did not settle ({} pages typeset for {front_pages} assumed)",
                    sheet.pages()
                )));
            }
            break (sheet, ranges);
        }
        front_pages = sheet.pages();
    };
    progress("Front sheet and agenda");

    let mut assembly = Assembly::new(sheet)?;
    let mut outline = vec![Bookmark {
        title: "Front sheet and agenda".to_owned(),
        page: 1,
        children: Vec::new(),
    }];
    for (item, docs) in items.iter().zip(opened) {
        let mut children = Vec::new();
        let first = assembly.len() + 1;
        let heading = format!("{}. {}", item.number, item.title);
        if !docs.is_empty() {
            assembly.section(&heading);
        }
        for (doc, pdf) in docs {
            children.push(Bookmark {
                title: doc.title.clone(),
                page: assembly.len() + 1,
                children: Vec::new(),
            });
            assembly
                .append(&doc.title, pdf, doc.banner.as_deref())
                .map_err(|e| match e {
                    RenderError::Assembly(problem) => RenderError::Supplied {
                        document: doc.title.clone(),
                        problem: format!("the file is damaged and cannot be joined to the pack ({problem})"),
                    },
                    other => other,
                })?;
            progress(&doc.title);
        }
        if !children.is_empty() {
            outline.push(Bookmark {
                title: heading,
                page: first,
                children,
            });
        }
    }
    let pages = assembly.len();
    let pdf = assembly.finish(typesetter, &front.title, &front.council, &outline)?;
    Ok(BuiltPack {
        pdf,
        pages,
        ranges,
        left_out,
    })
}

/// Why `document` stays out of the pack, from the error that opening it gave.
fn leave_out(document: &PackDocument, error: RenderError) -> LeftOut {
    LeftOut {
        document: document.title.clone(),
        problem: match error {
            RenderError::Supplied { problem, .. } => problem,
            other => other.to_string(),
        },
    }
}

/// Where each item's documents fall when the front sheet takes `front_pages` pages.
fn ranges_after(front_pages: u32, counts: &[Vec<u32>]) -> Vec<Option<PageRange>> {
    let mut next = front_pages + 1;
    counts
        .iter()
        .map(|docs| {
            let total: u32 = docs.iter().sum();
            (total > 0).then(|| {
                let range = PageRange {
                    first: next,
                    last: next + total - 1,
                };
                next += total;
                range
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_follow_the_front_sheet_and_skip_items_without_papers() {
        let r = ranges_after(3, &[vec![], vec![10, 6], vec![], vec![15], vec![1]]);
        let shown: Vec<Option<String>> = r.iter().map(|r| r.map(|r| r.to_string())).collect();
        assert_eq!(
            shown,
            vec![
                None,
                Some("Pages 4 - 19".to_owned()),
                None,
                Some("Pages 20 - 34".to_owned()),
                Some("Page 35".to_owned())
            ]
        );
    }
}
