//! How dates, times and references read on a council's pages ("Tuesday 15 June 2021, 10.00 am").

pub use moot_app::links::meeting_path;
pub use moot_domain::markdown::paragraphs as markdown_paragraphs;
pub use moot_domain::wording::{clock_time as time, long_date};

/// `2021-06-15T10:00:00+01:00`: a meeting's local time with the council's offset on the day,
/// as the open-data surfaces give it.
pub fn offset_time(tz: &jiff::tz::TimeZone, at: jiff::civil::DateTime) -> Result<String, crate::WebError> {
    let zoned = at
        .to_zoned(tz.clone())
        .map_err(|e| crate::WebError::internal("a meeting's time in the council's zone", e))?;
    Ok(zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
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

/// Turns references such as "Minute No. 58" or "Minute Number 50" in Markdown `text` into
/// Markdown links, wherever `resolve` knows the minute's page.
pub async fn link_minute_references<F, Fut>(text: &str, resolve: &F) -> Result<String, crate::WebError>
where
    F: Fn(u32) -> Fut,
    Fut: std::future::Future<Output = Result<Option<String>, crate::WebError>>,
{
    let mut out = String::new();
    let mut rest = text;
    while let Some((start, end, number)) = next_reference(rest) {
        out.push_str(&rest[..start]);
        let words = &rest[start..end];
        match resolve(number).await? {
            Some(href) => out.push_str(&format!("[{words}](<{href}>)")),
            None => out.push_str(words),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Minute text as clerks write it (Markdown), as HTML safe to put in a page: comrak drops raw
/// HTML and dangerous links, and ammonia then keeps only harmless tags and attributes, so
/// nothing a clerk pastes in can run in a reader's browser.
pub fn markdown_html(markdown: &str) -> String {
    // Links are mostly to Moot's own minutes, so no `rel` is added to them.
    ammonia::Builder::default()
        .link_rel(None)
        .clean(&comrak::markdown_to_html(markdown, &moot_domain::markdown::options()))
        .to_string()
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
        let linked = link_minute_references("see Minute No. 58 & Minute Number 50 <b>; minutes 3", &resolve)
            .await
            .expect("ok");
        assert_eq!(linked, "see [Minute No. 58](</m/58>) & Minute Number 50 <b>; minutes 3");
        assert_eq!(
            markdown_html(&linked),
            "<p>see <a href=\"/m/58\">Minute No. 58</a> &amp; Minute Number 50 ; minutes 3</p>\n"
        );
    }

    #[test]
    fn markdown_is_rendered_and_nothing_a_clerk_pastes_can_run() {
        let html = markdown_html(
            "Members **asked** about:\n\n- traffic\n- parking <script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        );
        assert!(
            html.contains("<strong>asked</strong>") && html.contains("<li>traffic</li>"),
            "{html}"
        );
        assert!(
            !html.contains("<script") && !html.contains("javascript:") && !html.contains("onerror"),
            "{html}"
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
