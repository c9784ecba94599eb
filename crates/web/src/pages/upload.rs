//! Uploading a paper to an agenda item. Checked at the edge: the type by the file's content
//! (not its name), the size, and the name offered on download; stored in the blob store and
//! recorded as a draft, so nothing is public until the agenda is published. A paper of a
//! public item may be marked exempt (an appendix naming individuals, say) and is then
//! released as exempt.

use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use moot_domain::*;
use moot_store::{Filter, StoreExt};

use super::account::check_form;
use super::meeting::find;
use super::param;
use crate::auth;
use crate::site::Site;
use crate::{AppState, WebError};

/// The largest paper accepted. Agenda reports are rarely over a few megabytes; a bigger file
/// is usually a scan that should be made smaller before the public has to download it.
pub const MAX_UPLOAD_BYTES: usize = 25 * 1024 * 1024;

/// Who may upload: clerks, admins, and officers writing reports.
const UPLOADERS: [AccountRole; 3] = [AccountRole::Admin, AccountRole::Clerk, AccountRole::ReportAuthor];

/// A download name from what the uploader's computer called the file: letters, digits,
/// hyphens and underscores, ending in `.pdf`.
pub fn safe_file_name(name: &str) -> String {
    let stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
    // The extension of what was uploaded goes; the name always ends in .pdf.
    let stem = match stem.rsplit_once('.') {
        Some((head, ext)) if ["pdf", "doc", "docx", "odt", "rtf"].contains(&ext.to_ascii_lowercase().as_str()) => head,
        _ => stem,
    };
    let mut out = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out: String = out.trim_matches('-').chars().take(100).collect();
    format!("{}.pdf", if out.is_empty() { "document" } else { &out })
}

fn kind_of(code: &str) -> Result<DocumentKind, WebError> {
    Ok(match code {
        "report" => DocumentKind::Report,
        "appendix" => DocumentKind::Appendix,
        "presentation" => DocumentKind::Presentation,
        "background_paper" => DocumentKind::BackgroundPaper,
        "other" => DocumentKind::Other,
        _ => return Err(WebError::Unprocessable(format!("{code:?} is not a kind of paper"))),
    })
}

/// `POST /workspace/meetings/{key}/items/{number}/documents` (multipart: csrf, title, kind, file)
pub async fn upload(
    State(state): State<AppState>,
    site: Site,
    Path(params): Path<Vec<(String, String)>>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, WebError> {
    let signed_in = auth::signed_in(&state, &site, &headers).await?;
    let who = auth::require(signed_in.as_ref(), &UPLOADERS)?;
    let (mut csrf, mut title, mut kind, mut file) = (String::new(), String::new(), String::new(), None);
    let (mut paragraph, mut reason) = (String::new(), String::new());
    while let Some(field) = multipart.next_field().await.map_err(too_large_or_bad)? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "file" => {
                let original = field.file_name().unwrap_or("document.pdf").to_owned();
                let bytes = field.bytes().await.map_err(too_large_or_bad)?;
                file = Some((original, bytes));
            }
            "csrf" => csrf = field.text().await.map_err(too_large_or_bad)?,
            "title" => title = field.text().await.map_err(too_large_or_bad)?,
            "kind" => kind = field.text().await.map_err(too_large_or_bad)?,
            "exempt_paragraph" => paragraph = field.text().await.map_err(too_large_or_bad)?,
            "exempt_reason" => reason = field.text().await.map_err(too_large_or_bad)?,
            _ => {}
        }
    }
    check_form(who, &csrf)?;
    let title = title.trim();
    if title.is_empty() {
        return Err(WebError::Unprocessable("Give the paper a title.".into()));
    }
    let kind = kind_of(&kind)?;
    let exempt_on_release = super::schedule::exemption_from(&paragraph, &reason, "")?;
    let marked = exempt_on_release.as_ref().map_or_else(String::new, |e| {
        format!("; to be released as exempt under paragraph {}", e.paragraph.number())
    });
    let (original, bytes) = file
        .filter(|(_, b)| !b.is_empty())
        .ok_or_else(|| WebError::Unprocessable("Choose a file to upload; the one sent was empty.".into()))?;
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(too_large());
    }
    // A Word (or similar) file is converted; the original is kept beside its PDF.
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
    let key = param(&params, "key");
    let (_, meeting) = find(&*state.store, site.council.id, key).await?;
    let number = param(&params, "number");
    let item = super::item_numbered(&state, site.council.id, meeting.id, number)
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
    let hash = state.blobs.put(&pdf).await?;
    let document = Document {
        id: DocumentId::new(),
        council: site.council.id,
        meeting: Some(meeting.id),
        item: Some(item.id),
        position,
        title: title.to_owned(),
        kind,
        file: Some(FileRef {
            hash,
            size: pdf.len() as u64,
            media_type: "application/pdf".to_owned(),
            file_name: safe_file_name(&original),
            page_count: None,
        }),
        visibility: Visibility::Draft,
        authors: who.account.officer.into_iter().collect(),
        cover_sheet: None,
        text: None,
        published_as: None,
        generated: None,
        withdrawn: None,
        exempt_on_release,
    };
    let mut writes = vec![moot_store::Write::Create(moot_store::Entity::into_record(
        document.clone(),
    ))];
    if let Some(office) = kept {
        let stem = safe_file_name(&original);
        let original_doc = Document {
            id: DocumentId::new(),
            position: position + 1,
            title: format!("{} (original {} file)", document.title, office.extension()),
            kind: DocumentKind::Other,
            file: Some(FileRef {
                hash: state.blobs.put(&bytes).await?,
                size: bytes.len() as u64,
                media_type: office.media_type().to_owned(),
                file_name: format!("{}.{}", stem.trim_end_matches(".pdf"), office.extension()),
                page_count: None,
            }),
            ..document
        };
        writes.push(moot_store::Write::Create(moot_store::Entity::into_record(original_doc)));
    }
    let note = match kept {
        Some(office) => format!(
            "uploaded by {} to item {} (converted from {} to PDF){marked}",
            who.account.name,
            item.number,
            office.extension()
        ),
        None => format!("uploaded by {} to item {}{marked}", who.account.name, item.number),
    };
    who.save(&state, &note, writes).await?;
    Ok(Redirect::to(&format!("{}/workspace/meetings/{key}", site.base)).into_response())
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
    }
}
