//! `/search?q=`: the council's meetings, agenda items, minutes, papers, committees and
//! councillors, found by their words. The index holds only what the public may read (see
//! `indexing.rs`), so the page is the same for everyone.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use moot_domain::Committee;
use moot_search::{Kind, Snippet};
use moot_store::{Filter, StoreExt};

use crate::format::{escape, long_date};
use crate::site::Site;
use crate::{AppState, WebError};

/// Results on a page.
const PER_PAGE: usize = 20;

/// Pages of results offered; a search that needs more is a search to narrow.
const MAX_PAGE: usize = 50;

struct HitLine {
    kind: &'static str,
    title: String,
    href: String,
    context: String,
    date: Option<String>,
    /// The passage with the words found in `<mark>`, everything else escaped.
    snippet_html: Option<String>,
}

struct Choice {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "portal/search.html")]
struct SearchPage {
    base: String,
    council: String,
    q: String,
    committees: Vec<Choice>,
    kinds: Vec<Choice>,
    newest_first: bool,
    /// `None` before anything is asked.
    total: Option<usize>,
    first: usize,
    hits: Vec<HitLine>,
    previous: Option<String>,
    next: Option<String>,
}

/// `/search`
pub async fn page(
    State(state): State<AppState>,
    site: Site,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let Some(index) = state.search.clone() else {
        return Err(WebError::Unavailable("Search is not available on this server."));
    };
    // An index left from before a restart may still hold what has since been withdrawn.
    if !index.is_ready() {
        return Err(WebError::Unavailable(
            "Search is starting up. Please try again in a minute.",
        ));
    }
    let get = |name: &str| params.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    let q = get("q").unwrap_or_default().to_owned();
    let committees: Vec<Committee> = state
        .store
        .find::<Committee>(site.council.id, &Filter::all())
        .await?
        .into_iter()
        .map(|s| s.record)
        .collect();
    // Filters that name nothing are dropped rather than refused: they come from links and
    // bookmarks as often as from the form.
    let committee = get("committee").filter(|s| committees.iter().any(|c| c.slug.as_str() == *s));
    let kind = get("kind").and_then(Kind::parse);
    let newest_first = get("sort") == Some("newest");
    let page_no = get("page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_PAGE);
    let base = site.base.clone();
    let (total, hits) = if q.is_empty() {
        (None, Vec::new())
    } else {
        let query = moot_search::Query {
            council: site.council.id.uuid(),
            text: q.clone(),
            committee: committee.map(str::to_owned),
            kind,
            newest_first,
            offset: (page_no - 1) * PER_PAGE,
            limit: PER_PAGE,
        };
        let results = tokio::task::spawn_blocking(move || index.search(&query))
            .await
            .map_err(|e| WebError::internal("searching", e))??;
        let hits = results
            .hits
            .into_iter()
            .map(|h| HitLine {
                kind: h.kind.label(),
                title: h.title,
                href: format!("{base}{}", h.path),
                context: h.context,
                date: h.date.map(long_date),
                snippet_html: h.snippet.as_ref().map(marked),
            })
            .collect();
        (Some(results.total), hits)
    };
    let link = |page: usize| {
        let mut pairs = vec![("q", q.clone())];
        pairs.extend(committee.map(|c| ("committee", c.to_owned())));
        pairs.extend(kind.map(|k| ("kind", k.code().to_owned())));
        if newest_first {
            pairs.push(("sort", "newest".to_owned()));
        }
        pairs.push(("page", page.to_string()));
        let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", url_encode(v))).collect();
        format!("{base}/search?{}", query.join("&"))
    };
    let shown = (page_no - 1) * PER_PAGE + hits.len();
    let page = SearchPage {
        base: base.clone(),
        council: site.council.name.clone(),
        committees: committees
            .iter()
            .map(|c| Choice {
                value: c.slug.to_string(),
                label: c.name.clone(),
                selected: committee == Some(c.slug.as_str()),
            })
            .collect(),
        kinds: Kind::ALL
            .into_iter()
            .map(|k| Choice {
                value: k.code().to_owned(),
                label: k.label().to_owned(),
                selected: kind == Some(k),
            })
            .collect(),
        newest_first,
        total,
        first: (page_no - 1) * PER_PAGE + 1,
        previous: (page_no > 1 && total.is_some()).then(|| link(page_no - 1)),
        next: total
            .filter(|t| *t > shown && page_no < MAX_PAGE)
            .map(|_| link(page_no + 1)),
        hits,
        q,
    };
    Ok(Html(page.render()?).into_response())
}

/// A snippet as HTML: its text escaped, the words found marked.
fn marked(s: &Snippet) -> String {
    let mut html = String::new();
    let mut at = 0;
    for r in &s.marks {
        if r.start < at || r.end > s.text.len() {
            continue;
        }
        html.push_str(&escape(&s.text[at..r.start]));
        html.push_str("<mark>");
        html.push_str(&escape(&s.text[r.clone()]));
        html.push_str("</mark>");
        at = r.end;
    }
    html.push_str(&escape(&s.text[at..]));
    html
}

/// Percent-encodes a query-string value.
fn url_encode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snippet_is_escaped_and_only_its_words_are_marked() {
        let s = Snippet {
            text: "<b>Fostering</b> & adoption".into(),
            marks: vec![3..12, 19..27],
        };
        assert_eq!(
            marked(&s),
            "&lt;b&gt;<mark>Fostering</mark>&lt;/b&gt; &amp; <mark>adoption</mark>"
        );
    }

    #[test]
    fn query_values_survive_the_round_trip_through_a_link() {
        assert_eq!(url_encode("Minute No. 58 & \"care\""), "Minute+No.+58+%26+%22care%22");
    }
}
