//! How dates, times and references read on a council's pages ("Tuesday 15 June 2021, 10.00 am").

use moot_domain::{Committee, Meeting};

pub use moot_domain::wording::{clock_time as time, long_date};

/// The stable public address of a meeting: `/meetings/2021-06-15-improving-lives-select-commission`.
pub fn meeting_path(meeting: &Meeting, committee: &Committee) -> String {
    format!("/meetings/{}-{}", meeting.starts_at.date(), committee.slug)
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes `text` and turns references such as "Minute No. 58" or "Minute Number 50" into
/// links, wherever `resolve` knows the minute's page.
pub async fn link_minute_references<F, Fut>(text: &str, resolve: &F) -> Result<String, crate::WebError>
where
    F: Fn(u32) -> Fut,
    Fut: std::future::Future<Output = Result<Option<String>, crate::WebError>>,
{
    let mut out = String::new();
    let mut rest = text;
    while let Some((start, end, number)) = next_reference(rest) {
        out.push_str(&escape(&rest[..start]));
        let words = &rest[start..end];
        match resolve(number).await? {
            Some(href) => out.push_str(&format!("<a href=\"{}\">{}</a>", escape(&href), escape(words))),
            None => out.push_str(&escape(words)),
        }
        rest = &rest[end..];
    }
    out.push_str(&escape(rest));
    Ok(out)
}

/// The next "Minute No. N" / "Minute Number N" / "Minute N" in `text`: its byte range and N.
fn next_reference(text: &str) -> Option<(usize, usize, u32)> {
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find("minute") {
        let start = from + found;
        let mut i = start + "minute".len();
        for joiner in [" no. ", " no ", " number ", " "] {
            if lower[i..].starts_with(joiner) {
                i += joiner.len();
                break;
            }
        }
        let digits: String = lower[i..].chars().take_while(char::is_ascii_digit).collect();
        let boundary_before = start == 0 || !lower.as_bytes()[start - 1].is_ascii_alphanumeric();
        if boundary_before && let Ok(n) = digits.parse() {
            return Some((start, i + digits.len(), n));
        }
        from = start + "minute".len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[tokio::test]
    async fn minute_references_become_links_where_the_minute_exists() {
        let resolve = |n: u32| async move { Ok((n == 58).then(|| "/m/58".to_owned())) };
        let html = link_minute_references("see Minute No. 58 & Minute Number 50 <b>; minutes 3", &resolve)
            .await
            .expect("ok");
        assert_eq!(
            html,
            "see <a href=\"/m/58\">Minute No. 58</a> &amp; Minute Number 50 &lt;b&gt;; minutes 3"
        );
    }

    #[test]
    fn formats() {
        assert_eq!(long_date(date(2021, 6, 15)), "Tuesday 15 June 2021");
        assert_eq!(time(date(2021, 6, 15).at(10, 0, 0, 0)), "10.00 am");
        assert_eq!(time(date(2021, 3, 22).at(17, 30, 0, 0)), "5.30 pm");
        assert_eq!(time(date(2021, 3, 22).at(12, 5, 0, 0)), "12.05 pm");
    }
}
