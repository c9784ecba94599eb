//! The public addresses of records, as pages link them and the search index stores them.

use moot_domain::{Committee, DocumentId, FileRef, Meeting};

/// The stable public address of a meeting: `/meetings/2021-06-15-improving-lives-select-commission`.
pub fn meeting_path(meeting: &Meeting, committee: &Committee) -> String {
    format!("/meetings/{}-{}", meeting.starts_at.date(), committee.slug)
}

/// Where a document's file is downloaded, under its own name (percent-encoded, so a name in
/// any script or with spaces is one safe path segment).
pub fn download_path(id: DocumentId, file: &FileRef) -> String {
    format!("/documents/{id}/{}", encoded(&file.file_name))
}

/// Where earlier version `number` of a document is downloaded: a stable address of its own,
/// as the document's own address always serves the current file.
pub fn version_path(id: DocumentId, number: usize, file: &FileRef) -> String {
    format!("/documents/{id}/versions/{number}/{}", encoded(&file.file_name))
}

/// Everything but letters, digits and `-._` is escaped: safe in a path and in RFC 5987.
const ESCAPED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

/// `name` percent-encoded for a path segment or an RFC 5987 value.
pub fn encoded(name: &str) -> String {
    percent_encoding::utf8_percent_encode(name, ESCAPED).to_string()
}
