//! Document downloads: the bytes from the blob store with their type, length and a strong
//! ETag (the content hash), answering `If-None-Match` with 304. A document the reader may
//! not see is a 404, exactly like one that never existed, so exempt papers cannot be found
//! by guessing addresses.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use moot_domain::{DocumentId, FileRef};
use moot_store::StoreExt;

use crate::extract::DownloadPath;
use crate::site::Site;
use crate::{AppState, WebError};
use moot_app::Reader;

/// `inline; filename="…"; filename*=UTF-8''…` (RFC 6266): the plain name for old clients,
/// with its non-ASCII letters dropped, and the whole name for everyone else.
fn disposition(inline: bool, name: &str) -> String {
    let ascii: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    let stem = ascii
        .strip_suffix(".pdf")
        .unwrap_or(&ascii)
        .trim_matches(['-', '_', '.']);
    let plain = if stem.is_empty() {
        "document.pdf".to_owned()
    } else {
        format!("{stem}.pdf")
    };
    format!(
        "{}; filename=\"{plain}\"; filename*=UTF-8''{}",
        if inline { "inline" } else { "attachment" },
        moot_app::links::encoded(name)
    )
}

/// `/documents/{id}/{file-name}`: the current file.
pub async fn download(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<DownloadPath>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let (document, public) = readable(&state, &site, &path.id, &headers).await?;
    let file = document.file.ok_or(WebError::NotFound)?;
    serve(&state, &headers, &file, &path.name, public).await
}

/// An earlier version's address: the document, the version's number and its name.
#[derive(serde::Deserialize)]
pub struct VersionPath {
    id: String,
    number: String,
    name: String,
}

/// `/documents/{id}/versions/{number}/{file-name}`: an earlier version of a replaced paper,
/// under exactly the rule of the document itself, so a version of an exempt, withdrawn or
/// unreleased paper is a 404 to whoever may not see the paper.
pub async fn version(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<VersionPath>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let (document, public) = readable(&state, &site, &path.id, &headers).await?;
    let number: usize = path.number.parse().map_err(|_| WebError::NotFound)?;
    let file = document.earlier_version(number).ok_or(WebError::NotFound)?;
    serve(&state, &headers, file, &path.name, public).await
}

/// The document `id` if the request's reader may see it, and whether the public may (so
/// shared caches may keep it); a 404 otherwise, as if it never existed.
async fn readable(
    state: &AppState,
    site: &Site,
    id: &str,
    headers: &HeaderMap,
) -> Result<(moot_domain::Document, bool), WebError> {
    let id: DocumentId = id.parse().map_err(|_| WebError::NotFound)?;
    let document = state.store.fetch(site.council.id, id).await?.record;
    let signed_in = crate::auth::signed_in(state, site, headers).await?;
    let reader = Reader::new(&*state.store, &site.council, crate::auth::viewer(signed_in.as_ref()))?;
    // A paper of a meeting that has been deleted went with it.
    let committee = match document.meeting {
        Some(m) => Some(state.store.fetch(site.council.id, m).await?.record.committee),
        None => None,
    };
    if !reader.may_see_document(&document, committee).await? {
        return Err(WebError::NotFound);
    }
    // What an anonymous reader may see may be kept by shared caches; anything else may not.
    let public = Reader::anonymous(&*state.store, &site.council)?
        .may_see_document(&document, committee)
        .await?;
    Ok((document, public))
}

/// `file`'s bytes, if it is called `name` (an old name is not found, as the address names
/// the file).
async fn serve(
    state: &AppState,
    headers: &HeaderMap,
    file: &FileRef,
    name: &str,
    public: bool,
) -> Result<Response, WebError> {
    if name != file.file_name {
        return Err(WebError::NotFound);
    }
    let etag = format!("\"{}\"", file.hash);
    let tag = HeaderValue::from_str(&etag).map_err(|e| WebError::internal("an ETag", e))?;
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if matches {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response());
    }
    let bytes = state
        .blobs
        .get(&file.hash)
        .await?
        .ok_or_else(|| WebError::internal("a document's file", format!("blob {} is missing", file.hash)))?;
    // Only types a browser shows without running anything open in the page; anything else is
    // a download, and the sandbox stops a stored file from acting as part of the site.
    let inline = matches!(
        file.media_type.as_str(),
        "application/pdf" | "image/png" | "image/jpeg" | "text/plain"
    );
    let disposition = HeaderValue::from_str(&disposition(inline, &file.file_name))
        .map_err(|e| WebError::internal("a download's name", e))?;
    let media = HeaderValue::from_str(&file.media_type).unwrap_or(HeaderValue::from_static("application/octet-stream"));
    Ok((
        [
            (header::CONTENT_TYPE, media),
            (header::ETAG, tag),
            // Revalidated on every use (a cheap 304), so a withdrawn paper is gone at once; a
            // paper not yet public is for the one reader and no shared cache.
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static(if public { "no-cache" } else { "private, no-store" }),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("sandbox; default-src 'none'; style-src 'unsafe-inline'"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        Body::from(bytes),
    )
        .into_response())
}
