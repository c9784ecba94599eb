//! The text of a PDF, for the index.
//!
//! Papers come from many authors' tools and some are damaged; parsing them in-process would
//! let one bad file take the server down (pdf-extract panics by design). Poppler's
//! `pdftotext` runs in a child process instead, with a time limit and a cap on what is kept.

use std::time::Duration;

use tokio::io::AsyncReadExt;

use crate::SearchError;

/// Long enough for a 400-page report; a file that takes longer is indexed by title only.
const TIME_LIMIT: Duration = Duration::from_secs(30);

/// About 150 pages of dense text (in UTF-8 bytes): beyond that, more words rarely change what a search finds,
/// and the index stays small.
const MAX_BYTES: usize = 400_000;

/// The text of `pdf`, whitespace folded, at most [`MAX_BYTES`] bytes.
pub async fn pdf_text(pdf: &[u8]) -> Result<String, SearchError> {
    let fail = |e: &dyn std::fmt::Display| SearchError::Extract(e.to_string());
    // pdftotext seeks (the cross-reference table is at the end), so it needs a file.
    let file = tempfile::NamedTempFile::new().map_err(|e| fail(&e))?;
    tokio::fs::write(file.path(), pdf).await.map_err(|e| fail(&e))?;
    let mut child = tokio::process::Command::new("pdftotext")
        .args(["-q", "-enc", "UTF-8", "-nopgbrk"])
        .arg(file.path())
        .arg("-")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                SearchError::Extract("pdftotext (Debian package poppler-utils) is not installed".into())
            }
            _ => fail(&e),
        })?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| SearchError::Extract("pdftotext gave no output".into()))?;
    // Whitespace folds away, so more than the cap is read; the pipe closes after it, which
    // stops pdftotext early on a very long file.
    let limit = MAX_BYTES as u64 * 2;
    let read = async {
        let mut bytes = Vec::new();
        stdout.take(limit).read_to_end(&mut bytes).await?;
        let status = child.wait().await?;
        Ok::<_, std::io::Error>((bytes, status))
    };
    let (bytes, status) = tokio::time::timeout(TIME_LIMIT, read)
        .await
        .map_err(|_| SearchError::Extract(format!("pdftotext took longer than {} s", TIME_LIMIT.as_secs())))?
        .map_err(|e| fail(&e))?;
    let cut_short = bytes.len() as u64 == limit;
    if !status.success() && !cut_short {
        return Err(SearchError::Extract(format!(
            "pdftotext could not read the file ({status})"
        )));
    }
    let text = String::from_utf8_lossy(&bytes);
    Ok(fold_whitespace(&text, MAX_BYTES))
}

/// Collapses runs of whitespace (pdftotext's layout) to single spaces, up to `max` bytes.
fn fold_whitespace(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max));
    for (n, word) in text.split_whitespace().enumerate() {
        if out.len() + word.len() + 1 > max {
            break;
        }
        if n > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_is_folded_and_the_cap_falls_between_words() {
        assert_eq!(fold_whitespace("  Minute\n\n No.  58 \t", 100), "Minute No. 58");
        assert_eq!(fold_whitespace("alpha beta gamma", 11), "alpha beta");
    }

    #[tokio::test]
    async fn a_file_that_is_not_a_pdf_is_an_error_not_a_panic() {
        let err = pdf_text(b"not a pdf at all").await.err();
        assert!(matches!(err, Some(SearchError::Extract(_))), "{err:?}");
    }
}
