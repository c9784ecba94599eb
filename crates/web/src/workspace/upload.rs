//! Uploading a paper to an agenda item. Checked at the edge: the type by the file's content
//! (not its name), the size, and the name offered on download; stored in the blob store and
//! recorded as a draft, so nothing is public until the agenda is published. A paper of a
//! public item may be marked exempt (an appendix naming individuals, say) and is then
//! released as exempt.

use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use moot_domain::*;
use moot_store::{Filter, StoreExt};

use crate::auth;
use crate::extract::{Clerks, IdPath, ItemPath, Signed, Staff};
use crate::lookup::find;
use crate::site::Site;
use crate::{AppState, WebError};

/// The largest paper accepted. Agenda reports are rarely over a few megabytes; a bigger file
/// is usually a scan that should be made smaller before the public has to download it.
pub const MAX_UPLOAD_BYTES: usize = 25 * 1024 * 1024;

/// Room for the largest paper and the form around it; the handler says "too large".
pub fn body_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 64 * 1024)
}

/// A download name from what the uploader's computer called the file: letters (of any
/// script, so "Überprüfung" and "Звіт" keep their names), digits, hyphens and underscores,
/// ending in `.pdf`. Composed first (NFC), as some systems send "ü" as "u" and a mark.
pub fn safe_file_name(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
    // The extension of what was uploaded goes; the name always ends in .pdf.
    let stem = match stem.rsplit_once('.') {
        Some((head, ext)) if ["pdf", "doc", "docx", "odt", "rtf"].contains(&ext.to_ascii_lowercase().as_str()) => head,
        _ => stem,
    };
    let mut out = String::new();
    for c in stem.nfc() {
        if c.is_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out: String = out.trim_matches('-').chars().take(100).collect();
    let out = out.trim_end_matches('-');
    format!("{}.pdf", if out.is_empty() { "document" } else { out })
}

fn kind_of(code: &str) -> Result<DocumentKind, WebError> {
    Ok(match code {
        "report" => DocumentKind::Report,
        "appendix" => DocumentKind::Appendix,
        "minutes" => DocumentKind::Minutes,
        "presentation" => DocumentKind::Presentation,
        "background_paper" => DocumentKind::BackgroundPaper,
        "other" => DocumentKind::Other,
        _ => return Err(WebError::Unprocessable(format!("{code:?} is not a kind of paper"))),
    })
}

/// A multipart form's text fields by name, and its file (the name it had, and its bytes).
/// An upload form as sent, read whole (it is at most the body limit), and refused unless
/// its `csrf` field is the session's of the person [`Signed`](crate::extract::Signed) in.
pub struct Sent {
    fields: std::collections::HashMap<String, String>,
    file: Option<(String, axum::body::Bytes)>,
}

impl axum::extract::FromRequest<AppState> for Sent {
    type Rejection = WebError;
    async fn from_request(request: axum::extract::Request, state: &AppState) -> Result<Self, WebError> {
        let who = crate::extract::form_owner(&request)?;
        let multipart = Multipart::from_request(request, state)
            .await
            .map_err(|e| crate::extract::unreadable(e.body_text()))?;
        let sent = Self::read(multipart).await?;
        auth::check_token(&who, sent.field("csrf"))?;
        Ok(sent)
    }
}

impl Sent {
    async fn read(mut multipart: Multipart) -> Result<Self, WebError> {
        let mut sent = Self {
            fields: std::collections::HashMap::new(),
            file: None,
        };
        while let Some(field) = multipart.next_field().await.map_err(too_large_or_bad)? {
            let name = field.name().unwrap_or_default().to_owned();
            if name == "file" {
                let original = field.file_name().unwrap_or("document.pdf").to_owned();
                sent.file = Some((original, field.bytes().await.map_err(too_large_or_bad)?));
            } else {
                let text = field.text().await.map_err(too_large_or_bad)?;
                sent.fields.insert(name, text);
            }
        }
        Ok(sent)
    }

    fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", |v| v.trim())
    }

    /// The file as a PDF: a PDF as it is; a Word or OpenDocument file converted, with the
    /// original returned beside it; anything else refused, whatever its name says.
    async fn pdf(&self) -> Result<Upload, WebError> {
        let (original, bytes) = self
            .file
            .clone()
            .filter(|(_, b)| !b.is_empty())
            .ok_or_else(|| WebError::Unprocessable("Choose a file to upload; the one sent was empty.".into()))?;
        if bytes.len() > MAX_UPLOAD_BYTES {
            return Err(too_large());
        }
        let office = crate::convert::Office::sniff(&bytes);
        let (pdf, kept) = match office {
            _ if bytes.starts_with(b"%PDF-") => (bytes.to_vec(), None),
            Some(office) => (crate::convert::to_pdf(&bytes, office).await?, Some(office)),
            None => {
                return Err(WebError::Unprocessable(format!(
                    "{original:?} is neither a PDF nor a Word or OpenDocument file (whatever its name says, its content is not). Save it as PDF and upload it again."
                )));
            }
        };
        // What the pack maker could not open is refused now, by name, rather than found
        // when the agenda goes out.
        let (name, checked) = (original.clone(), pdf.clone());
        let opened =
            tokio::task::spawn_blocking(move || moot_render_pdf::merge::Opened::new(&name, &checked).map(|_| ()))
                .await
                .map_err(|e| WebError::internal("opening an upload", e))?;
        if let Err(e) = opened {
            let problem = match e {
                moot_render_pdf::RenderError::Supplied { problem, .. } => problem,
                other => other.to_string(),
            };
            return Err(WebError::Unprocessable(format!(
                "{original:?} cannot be used: {problem}. Save it again as PDF (or ask its author for a copy that opens) and upload that."
            )));
        }
        Ok(Upload {
            file_name: safe_file_name(&original),
            original: bytes,
            pdf,
            kept,
        })
    }
}

/// An uploaded paper, ready to store.
struct Upload {
    file_name: String,
    original: axum::body::Bytes,
    pdf: Vec<u8>,
    /// The office format it came in, when it was converted.
    kept: Option<crate::convert::Office>,
}

impl Upload {
    async fn file(&self, state: &AppState) -> Result<FileRef, WebError> {
        Ok(FileRef {
            hash: state.blobs.put(&self.pdf).await?,
            size: self.pdf.len() as u64,
            media_type: "application/pdf".to_owned(),
            file_name: self.file_name.clone(),
            page_count: None,
        })
    }

    /// The Word (or similar) file a converted paper came from, kept as a document of its own
    /// beside the PDF, with the same item and authors, for staff only.
    async fn original_beside(&self, state: &AppState, pdf: &Document) -> Result<Option<Document>, WebError> {
        let Some(office) = self.kept else {
            return Ok(None);
        };
        Ok(Some(Document {
            id: DocumentId::new(),
            position: pdf.position + 1,
            title: format!("{} (original {} file)", pdf.title, office.extension()),
            kind: DocumentKind::Other,
            file: Some(FileRef {
                hash: state.blobs.put(&self.original).await?,
                size: self.original.len() as u64,
                media_type: office.media_type().to_owned(),
                file_name: format!("{}.{}", self.file_name.trim_end_matches(".pdf"), office.extension()),
                page_count: None,
            }),
            // Kept for the record, never released (see `Document::original_of`).
            visibility: Visibility::Draft,
            revisions: Vec::new(),
            original_of: Some(pdf.id),
            ..pdf.clone()
        }))
    }

    /// " (converted from docx to PDF)" for the change log.
    fn converted(&self) -> String {
        self.kept
            .map(|o| format!(" (converted from {} to PDF)", o.extension()))
            .unwrap_or_default()
    }
}

/// `POST /workspace/meetings/{key}/items/{number}/documents` (multipart: csrf, title, kind,
/// exempt_paragraph, exempt_reason, file)
pub async fn upload(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<ItemPath>,
    Signed(who, _): Signed<Staff>,
    sent: Sent,
) -> Result<Response, WebError> {
    let title = sent.field("title");
    if title.is_empty() {
        return Err(WebError::Unprocessable("Give the paper a title.".into()));
    }
    let kind = kind_of(sent.field("kind"))?;
    let exempt_on_release =
        super::schedule::exemption_from(sent.field("exempt_paragraph"), sent.field("exempt_reason"), "")?;
    let marked = exempt_on_release.as_ref().map_or_else(String::new, |e| {
        format!("; to be released as exempt under paragraph {}", e.paragraph.number())
    });
    let upload = sent.pdf().await?;
    let key = &path.key;
    let (_, meeting) = find(&*state.store, site.council.id, key).await?;
    meeting.may(who.account.role, Act::AddPaper)?;
    let number = &path.number;
    let item = crate::lookup::item_numbered(&state, site.council.id, meeting.id, number)
        .await?
        .ok_or(WebError::NotFound)?
        .record;
    let position = state
        .store
        .find::<Document>(site.council.id, &Filter::eq("item_id", item.id))
        .await?
        .iter()
        .map(|d| d.record.position)
        .max()
        .unwrap_or(0)
        + 1;
    let document = Document {
        id: DocumentId::new(),
        council: site.council.id,
        meeting: Some(meeting.id),
        item: Some(item.id),
        position,
        title: title.to_owned(),
        kind,
        file: Some(upload.file(&state).await?),
        visibility: Visibility::Draft,
        authors: who.account.officer.into_iter().collect(),
        cover_sheet: None,
        text: None,
        published_as: None,
        generated: None,
        withdrawn: None,
        exempt_on_release,
        revisions: Vec::new(),
        original_of: None,
    };
    let mut writes = Vec::new();
    if let Some(original) = upload.original_beside(&state, &document).await? {
        writes.push(moot_store::Write::Create(moot_store::Entity::into_record(original)));
    }
    writes.insert(0, moot_store::Write::Create(moot_store::Entity::into_record(document)));
    let note = format!(
        "uploaded by {} to item {}{}{marked}",
        who.account.name,
        item.number,
        upload.converted()
    );
    who.save(&state, &note, writes).await?;
    Ok(Redirect::to(&format!("{}/workspace/meetings/{key}", site.base)).into_response())
}

/// `POST /workspace/documents/{id}/replace` (multipart: csrf, version, reason, meeting, file):
/// a new file for a paper, at the same address. Once the paper is public the reason is
/// required and shown beside it ("Revised …: corrected figures"), and the old file is kept
/// on the revision and offered as an earlier version, so what was published when can always
/// be read.
pub async fn replace(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<IdPath>,
    Signed(who, _): Signed<Clerks>,
    sent: Sent,
) -> Result<Response, WebError> {
    let id: DocumentId = path.id.parse().map_err(|_| WebError::NotFound)?;
    let version: i64 = sent
        .field("version")
        .parse()
        .map_err(|_| WebError::Unprocessable("The form lacks the paper's version; reload the page.".into()))?;
    let mut document = state.store.fetch::<Document>(site.council.id, id).await?.record;
    document.may(PaperAct::Replace)?;
    let reason = sent.field("reason");
    let published = document.revision_needs_reason();
    if published && reason.is_empty() {
        return Err(WebError::Unprocessable(
            "Give the reason for the new version; it is shown beside the paper.".into(),
        ));
    }
    let upload = sent.pdf().await?;
    let mut file = upload.file(&state).await?;
    // The address (and so the name) stays, so links already shared get the new version.
    if let Some(old) = &document.file {
        file.file_name.clone_from(&old.file_name);
    }
    let replaced = document.file.replace(file);
    if published {
        // The file readers had stays theirs to download, as an earlier version.
        document.revisions.push(Revision {
            by: who.actor()?,
            at: jiff::Timestamp::now(),
            reason: reason.to_owned(),
            replaced,
        });
    }
    let mut writes = Vec::new();
    if let Some(original) = upload.original_beside(&state, &document).await? {
        writes.push(moot_store::Write::Create(moot_store::Entity::into_record(original)));
    }
    let note = match published {
        true => format!(
            "new version of {:?} uploaded by {}{}: {reason}",
            document.title,
            who.account.name,
            upload.converted()
        ),
        false => format!(
            "new file for the draft {:?} uploaded by {}{}",
            document.title,
            who.account.name,
            upload.converted()
        ),
    };
    writes.insert(
        0,
        moot_store::Write::Update {
            record: moot_store::Entity::into_record(document),
            expected: version,
        },
    );
    who.save(&state, &note, writes).await?;
    let back = moot_store::lookup::parse_meeting_key(sent.field("meeting")).map_or_else(
        || format!("{}/workspace", site.base),
        |_| format!("{}/workspace/meetings/{}", site.base, sent.field("meeting")),
    );
    Ok(Redirect::to(&back).into_response())
}

fn too_large() -> WebError {
    WebError::Unprocessable(format!(
        "The file is larger than {} MB. Make it smaller (a scan at a lower resolution, say) and upload it again.",
        MAX_UPLOAD_BYTES / (1024 * 1024)
    ))
}

fn too_large_or_bad(e: axum::extract::multipart::MultipartError) -> WebError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        too_large()
    } else {
        WebError::Unprocessable(format!("The upload could not be read: {}", e.body_text()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_names_are_made_safe() {
        assert_eq!(safe_file_name("Pause Report (final).pdf"), "Pause-Report-final.pdf");
        assert_eq!(safe_file_name("C:\\\\Users\\\\x\\\\..\\\\evil\".pdf"), "evil.pdf");
        assert_eq!(safe_file_name("../../etc/passwd"), "passwd.pdf");
        assert_eq!(safe_file_name("–"), "document.pdf");
        assert_eq!(safe_file_name("Budget Report.DOCX"), "Budget-Report.pdf");
        assert_eq!(safe_file_name("Überprüfung der Ärzte.pdf"), "Überprüfung-der-Ärzte.pdf");
        assert_eq!(safe_file_name("Звіт комітету.pdf"), "Звіт-комітету.pdf");
        assert_eq!(
            safe_file_name("Adroddiad y Cyngor – Gŵyl.docx"),
            "Adroddiad-y-Cyngor-Gŵyl.pdf"
        );
        // "ü" sent as "u" and a combining mark (as macOS does) is the same name.
        assert_eq!(safe_file_name("Pru\u{308}fung.pdf"), "Prüfung.pdf");
    }
}
