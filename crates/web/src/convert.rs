//! Office files to PDF, with LibreOffice in headless mode (Debian's `soffice`). Councils'
//! reports are mostly written in Word; the public gets PDF, and the original is kept.

use std::time::Duration;

use crate::WebError;

/// How long one conversion may take before it is abandoned.
const TIMEOUT: Duration = Duration::from_secs(90);

/// An office format recognised by its content, whatever the file is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Office {
    Docx,
    Doc,
    Odt,
    Rtf,
}

impl Office {
    /// Recognises a file by its first bytes and, for zip-based formats, the parts it holds.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        if bytes.starts_with(b"PK\x03\x04") {
            if has(b"word/") {
                return Some(Self::Docx);
            }
            if has(b"application/vnd.oasis.opendocument.text") {
                return Some(Self::Odt);
            }
            return None;
        }
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return Some(Self::Doc);
        }
        bytes.starts_with(b"{\\rtf").then_some(Self::Rtf)
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Docx => "docx",
            Self::Doc => "doc",
            Self::Odt => "odt",
            Self::Rtf => "rtf",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Doc => "application/msword",
            Self::Odt => "application/vnd.oasis.opendocument.text",
            Self::Rtf => "application/rtf",
        }
    }
}

/// Converts `bytes` (of format `office`) to PDF in a private folder, with its own LibreOffice
/// profile so conversions never share state, and a time limit.
pub async fn to_pdf(bytes: &[u8], office: Office) -> Result<Vec<u8>, WebError> {
    let dir = tempfile::tempdir().map_err(|e| WebError::internal("a folder for converting", e))?;
    let input = dir.path().join(format!("document.{}", office.extension()));
    tokio::fs::write(&input, bytes)
        .await
        .map_err(|e| WebError::internal("writing the file to convert", e))?;
    let out = dir.path().join("out");
    let profile = format!("file://{}", dir.path().join("profile").display());
    let run = tokio::process::Command::new("soffice")
        .arg("--headless")
        .arg("--norestore")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--convert-to", "pdf", "--outdir"])
        .arg(&out)
        .arg(&input)
        .kill_on_drop(true)
        .output();
    let output = match tokio::time::timeout(TIMEOUT, run).await {
        Err(_) => return Err(unconvertible("the conversion took too long")),
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(WebError::Unprocessable(
                "This server cannot convert office files (LibreOffice is not installed). Upload a PDF instead.".into(),
            ));
        }
        Ok(Err(e)) => return Err(WebError::internal("running LibreOffice", e)),
        Ok(Ok(o)) => o,
    };
    let pdf = tokio::fs::read(out.join("document.pdf")).await.ok();
    match pdf {
        Some(pdf) if output.status.success() && pdf.starts_with(b"%PDF-") => Ok(pdf),
        _ => Err(unconvertible("LibreOffice could not read it")),
    }
}

fn unconvertible(why: &str) -> WebError {
    WebError::Unprocessable(format!(
        "The file could not be converted to PDF ({why}). Open it, save it as PDF and upload that."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_known_by_content() {
        assert_eq!(Office::sniff(b"PK\x03\x04....word/document.xml"), Some(Office::Docx));
        assert_eq!(
            Office::sniff(b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.text"),
            Some(Office::Odt)
        );
        assert_eq!(Office::sniff(b"PK\x03\x04 a zip of photos"), None);
        assert_eq!(Office::sniff(b"{\\rtf1\\ansi hello"), Some(Office::Rtf));
        assert_eq!(
            Office::sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Some(Office::Doc)
        );
        assert_eq!(Office::sniff(b"%PDF-1.7"), None);
    }
}
