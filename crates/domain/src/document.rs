//! Documents: reports, appendices, minutes, front sheets, and the files behind them.

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::text::{Email, require, require_title};
use crate::visibility::Visibility;
use crate::{AgendaItemId, CouncilId, DocumentId, DomainError, MeetingId, OfficerId};

/// The SHA-256 of a file's bytes, in lower-case hex: the file's name in the blob store, so
/// the same bytes uploaded twice are kept once and a copy can be checked byte for byte.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BlobHash(String);

impl BlobHash {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        if s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            Ok(Self(s.to_owned()))
        } else {
            Err(DomainError::invalid(
                "blob hash",
                format!("{s:?} is not a SHA-256 in lower-case hex"),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for BlobHash {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}
impl From<BlobHash> for String {
    fn from(h: BlobHash) -> Self {
        h.0
    }
}
impl fmt::Display for BlobHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A stored file as a document refers to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRef {
    pub hash: BlobHash,
    pub size: u64,
    pub media_type: String,
    /// The name offered on download, already made safe.
    pub file_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_count: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    AgendaFrontSheet,
    AgendaPack,
    SupplementaryAgenda,
    Report,
    Appendix,
    Minutes,
    Presentation,
    BackgroundPaper,
    /// The committee's work programme (scheduled items and items pending), typeset by Moot
    /// from its work-programme records.
    WorkProgramme,
    /// The work programme's table of sub and project groups, typeset by Moot.
    ProjectGroups,
    /// The committee's monitoring report (its actions), typeset by Moot.
    MonitoringReport,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocumentId,
    pub council: CouncilId,
    /// Front sheets and packs belong to a meeting; reports and appendices to an item too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<MeetingId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<AgendaItemId>,
    /// Order among the item's (or meeting's) documents.
    pub position: u32,
    pub title: String,
    pub kind: DocumentKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<FileRef>,
    #[serde(default)]
    pub visibility: Visibility,
    /// Officers who wrote it; they may see it before it is public and when it is exempt.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<OfficerId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover_sheet: Option<Box<CoverSheet>>,
    /// The document's text when Moot holds it as text rather than as a file (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Format and size as another system published them ("PDF 475 KB"), kept for documents
    /// whose file Moot does not hold; Moot states its own files' sizes from the bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_as: Option<PublishedFile>,
    /// Set when Moot made the file itself (a pack, minutes, a typeset report): what from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<Generated>,
    /// Taken back after publication: gone from every public surface, kept here with who and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<Reasoned>,
    /// A draft paper of a public item that is to be released as exempt (an appendix naming
    /// individuals, say). Papers of an exempt item are released as exempt without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exempt_on_release: Option<crate::Exemption>,
    /// Files replaced after publication (a corrected report, say), oldest first: each
    /// replacement is a new version of the same document, at the same address, and the
    /// file it replaced stays downloadable as an earlier version.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Revision>,
    /// Set on the Word (or other office) file a PDF was converted from: kept for the record
    /// and for staff, never released, as office files carry their authors' metadata and
    /// tracked changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_of: Option<DocumentId>,
}

/// Who changed a published document (withdrew it, or replaced its file), when, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reasoned {
    pub by: crate::Actor,
    pub at: jiff::Timestamp,
    pub reason: String,
}

/// A published paper's file replaced: who, when, why, and the file it replaced, so that
/// what the public read before stays readable ("nothing published is lost").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub by: crate::Actor,
    pub at: jiff::Timestamp,
    pub reason: String,
    /// The file this revision replaced. Revisions recorded before Moot kept it have none:
    /// their earlier file is in the blob store and the change log but not offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced: Option<FileRef>,
}

/// How Moot made a document's file, so it knows when to make it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Generated {
    /// The SHA-256 of everything the file was made from; the same inputs give the same
    /// fingerprint, so a file is made again only when something in it would change.
    pub fingerprint: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edition: Option<Edition>,
    /// For a pack: where each item's documents landed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<ItemPages>,
    /// What went wrong the last time the file was made, for the clerks: a supplied paper
    /// left out (it cannot be read), or why there is no file at all. Empty when all was well.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

/// Who an agenda pack is for. The public edition leaves exempt documents out; the members'
/// edition includes them, every page of them marked as not for publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Edition {
    Public,
    Members,
}

impl Edition {
    /// Who the edition is read by, as the visibility rule knows them: the public, or the
    /// members of `committee` as a body. A paper is in an edition exactly when this viewer
    /// may see it, so the pack asks the rule every page asks.
    pub fn reader(self, council: crate::CouncilId, committee: crate::CommitteeId) -> crate::Viewer {
        match self {
            Self::Public => crate::Viewer::Anonymous,
            Self::Members => crate::Viewer::Committee { council, committee },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemPages {
    pub item: AgendaItemId,
    pub pages: PageRange,
}

/// "PDF 475 KB" as printed beside a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PublishedFile {
    pub format: String,
    pub kilobytes: u32,
}

impl PublishedFile {
    /// Accepts "PDF 475 KB" (any case for the unit).
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let bad = || DomainError::invalid("published size", format!("{s:?} is not like \"PDF 475 KB\""));
        let parts: Vec<&str> = s.split_whitespace().collect();
        match parts[..] {
            [format, size, unit] if unit.eq_ignore_ascii_case("kb") && !format.is_empty() => Ok(Self {
                format: format.to_uppercase(),
                kilobytes: size.parse().map_err(|_| bad())?,
            }),
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for PublishedFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} KB", self.format, self.kilobytes)
    }
}
impl TryFrom<String> for PublishedFile {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}
impl From<PublishedFile> for String {
    fn from(p: PublishedFile) -> Self {
        p.to_string()
    }
}

/// The pages of an agenda pack an item's documents occupy: "Pages 4 - 19", or "Page 45".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PageRange {
    pub first: u32,
    pub last: u32,
}

impl PageRange {
    /// Accepts "4 - 19", "4-19" and "45".
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let bad = || DomainError::invalid("page range", format!("{s:?} is not like \"4 - 19\" or \"45\""));
        let num = |t: &str| t.trim().parse::<u32>().map_err(|_| bad());
        let (first, last) = match s.split_once('-') {
            Some((a, b)) => (num(a)?, num(b)?),
            None => (num(s)?, num(s)?),
        };
        if first == 0 || last < first {
            return Err(bad());
        }
        Ok(Self { first, last })
    }
}

impl fmt::Display for PageRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            write!(f, "Page {}", self.first)
        } else {
            write!(f, "Pages {} - {}", self.first, self.last)
        }
    }
}
impl TryFrom<String> for PageRange {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(s.trim_start_matches("Pages").trim_start_matches("Page"))
    }
}
impl From<PageRange> for String {
    fn from(p: PageRange) -> Self {
        if p.first == p.last {
            p.first.to_string()
        } else {
            format!("{} - {}", p.first, p.last)
        }
    }
}

impl Document {
    /// Whether the paper is out as exempt ("not for publication"): a reader who may not see
    /// it is told one is withheld, never what it is. Drafts and withdrawn papers are not
    /// withheld; they are simply not published.
    pub fn is_withheld_as_exempt(&self) -> bool {
        self.withdrawn.is_none() && self.visibility.exemption().is_some()
    }

    /// The facts the visibility rule needs about this document, a paper of `committee`.
    pub fn guarded(&self, committee: Option<crate::CommitteeId>) -> crate::Guarded<'_> {
        crate::Guarded {
            council: self.council,
            committee,
            visibility: &self.visibility,
            authors: &self.authors,
            withdrawn: self.withdrawn.is_some(),
        }
    }

    /// Earlier version `number`, if the paper has it and its file was kept: version `n`
    /// (counted from 1, the file first published) is the one the `n`th revision replaced;
    /// the current file is version `revisions.len() + 1`.
    pub fn earlier_version(&self, number: usize) -> Option<&FileRef> {
        self.revisions.get(number.checked_sub(1)?)?.replaced.as_ref()
    }

    pub fn validate(&self) -> Result<(), DomainError> {
        require_title("document title", &self.title)?;
        if let Some(w) = &self.withdrawn {
            require("reason for withdrawal", &w.reason)?;
        }
        for r in &self.revisions {
            require("reason for the new version", &r.reason)?;
        }
        self.visibility.validate()?;
        if let Some(e) = &self.exempt_on_release {
            e.validate()?;
        }
        if self.item.is_some() && self.meeting.is_none() {
            return Err(DomainError::invalid(
                "meeting",
                "a document on an agenda item must name its meeting",
            ));
        }
        Ok(())
    }
}

/// The fixed fields on the front of an officer's report. Unknown fields are refused so that a
/// misspelt field in imported or hand-written data is caught, not dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CoverSheet {
    pub key_decision: bool,
    pub on_forward_plan: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approving_director: Option<String>,
    #[serde(default)]
    pub authors: Vec<ReportAuthor>,
    /// "Borough-Wide", or the wards named.
    #[serde(default)]
    pub wards_affected: Vec<String>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub recommendations: Vec<String>,
    #[serde(default)]
    pub appendices: Vec<AppendixListing>,
    #[serde(default)]
    pub background_papers: Vec<String>,
    #[serde(default)]
    pub considered_by: Vec<PriorConsideration>,
    pub council_approval_required: bool,
    pub exempt_from_public: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportAuthor {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Email>,
}

/// A line of the cover sheet's list of appendices; some were shared only with members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppendixListing {
    pub title: String,
    /// Shared with members outside the published papers (seed 001's journey maps, marked
    /// "*"), without a formal exemption.
    #[serde(default)]
    pub shared_privately: bool,
    /// Exempt under Schedule 12A: the appendix is in the members' papers only. The cover
    /// sheet says so, as the public may know that an exempt appendix exists, not what it says.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exempt: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorConsideration {
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_sizes_and_page_ranges() {
        assert_eq!(
            PublishedFile::parse("PDF 475 KB").map(|p| p.to_string()),
            Ok("PDF 475 KB".to_owned())
        );
        assert!(PublishedFile::parse("475 KB").is_err());
        assert_eq!(
            PageRange::parse("4 - 19").map(|p| p.to_string()),
            Ok("Pages 4 - 19".to_owned())
        );
        assert_eq!(PageRange::parse("45").map(|p| p.to_string()), Ok("Page 45".to_owned()));
        assert!(PageRange::parse("19 - 4").is_err());
        assert!(PageRange::parse("0").is_err());
    }

    #[test]
    fn blob_hashes_are_sha256_hex() {
        let ok = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert!(BlobHash::parse(ok).is_ok());
        assert!(BlobHash::parse(&ok.to_uppercase()).is_err());
        assert!(BlobHash::parse("../../etc/passwd").is_err());
    }
}
