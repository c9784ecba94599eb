//! One committee's set-up: where it sits (its parent body), who to contact, where it usually
//! meets, whether it is webcast, who holds its seats (and until when), and its agenda
//! template, the standard items every new meeting's agenda opens and closes with, in the
//! committee's own order and wording.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use moot_domain::*;
use moot_store::{Filter, StoreExt};
use serde::Deserialize;

use super::setup::{code, optional};
use crate::extract::{Checked, Clerks, IdPath, Signed, SlugPath};
use crate::headers::private;
use crate::site::Site;
use crate::{AppState, WebError};

/// A choice in a select: its value, its label, and whether it is the one chosen.
struct Choice {
    value: String,
    label: String,
    chosen: bool,
}

/// A seat held now or from a later date, with the form to end it.
struct SeatLine {
    id: String,
    version: i64,
    label: String,
    to: String,
}

/// A standard item's line in the template form.
struct TemplateLine {
    code: &'static str,
    included: bool,
    order: usize,
    title: String,
    description: String,
}

#[derive(Template)]
#[template(path = "workspace/committee_setup.html")]
struct CommitteeSetupPage<'a> {
    base: &'a str,
    csrf: &'a str,
    name: String,
    slug: String,
    version: i64,
    short_name: String,
    remit: String,
    webcast: bool,
    kinds: Vec<Choice>,
    parents: Vec<Choice>,
    officers: Vec<Choice>,
    venues: Vec<Choice>,
    seats: Vec<SeatLine>,
    template: Vec<TemplateLine>,
}

const KINDS: [(CommitteeKind, &str); 10] = [
    (CommitteeKind::FullCouncil, "Full council"),
    (CommitteeKind::Executive, "Executive"),
    (CommitteeKind::OverviewAndScrutiny, "Overview and scrutiny"),
    (CommitteeKind::SelectCommission, "Select commission"),
    (CommitteeKind::Regulatory, "Regulatory"),
    (CommitteeKind::Panel, "Panel"),
    (CommitteeKind::SubGroup, "Sub-group"),
    (CommitteeKind::ProjectGroup, "Project group"),
    (CommitteeKind::Outside, "Outside body"),
    (CommitteeKind::Other, "Other"),
];

fn choices(none: &str, options: impl Iterator<Item = (String, String)>, chosen: Option<String>) -> Vec<Choice> {
    std::iter::once(Choice {
        value: String::new(),
        label: none.to_owned(),
        chosen: chosen.is_none(),
    })
    .chain(options.map(|(value, label)| Choice {
        chosen: chosen.as_deref() == Some(value.as_str()),
        value,
        label,
    }))
    .collect()
}

async fn stored_committee(
    state: &AppState,
    site: &Site,
    slug: &str,
) -> Result<moot_store::Stored<Committee>, WebError> {
    let slug = Slug::parse(slug).map_err(|_| WebError::NotFound)?;
    state
        .store
        .find::<Committee>(site.council.id, &Filter::eq("slug", slug.as_str()))
        .await?
        .into_iter()
        .next()
        .ok_or(WebError::NotFound)
}

/// `GET /workspace/setup/committees/{slug}`
pub async fn page(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<SlugPath>,
    Signed(who, _): Signed<Clerks>,
) -> Result<Response, WebError> {
    let stored = stored_committee(&state, &site, &path.slug).await?;
    let c = stored.record;
    let others = state.store.find::<Committee>(site.council.id, &Filter::all()).await?;
    let officers = state.store.find::<Officer>(site.council.id, &Filter::all()).await?;
    let venues = state.store.find::<Venue>(site.council.id, &Filter::all()).await?;
    let today = moot_app::now_in(&site.council)?.date();
    let mut seats = Vec::new();
    for seat in state
        .store
        .find::<Membership>(site.council.id, &Filter::eq("committee_id", c.id))
        .await?
        .into_iter()
        .filter(|s| s.record.to.is_none_or(|to| to >= today))
    {
        let m = seat.record;
        let member = state.store.fetch::<Member>(site.council.id, m.member).await?.record;
        seats.push(SeatLine {
            id: m.id.to_string(),
            version: seat.version,
            label: format!(
                "{}, {} from {}",
                member.display_name(),
                m.role.label(),
                moot_domain::wording::long_date(m.from)
            ),
            to: m.to.map(|d| d.to_string()).unwrap_or_default(),
        });
    }
    let lines = c.template_lines();
    let template = StandardItem::ALL
        .iter()
        .map(|standard| {
            let found = lines.iter().position(|(s, ..)| s == standard);
            let (title, description) = match found {
                Some(i) => (lines[i].1.clone(), lines[i].2.clone().unwrap_or_default()),
                None => {
                    let (t, d) = standard.default_wording();
                    (t.to_owned(), d.to_owned())
                }
            };
            TemplateLine {
                code: standard.code(),
                included: found.is_some(),
                // Left-out items follow the included ones, in the usual order.
                order: found.map_or(lines.len() + 1 + standard_index(*standard), |i| i + 1),
                title,
                description,
            }
        })
        .collect();
    let page = CommitteeSetupPage {
        base: &site.base,
        csrf: &who.session.csrf,
        slug: c.slug.to_string(),
        version: stored.version,
        short_name: c.short_name.clone().unwrap_or_default(),
        remit: c.remit.clone().unwrap_or_default(),
        webcast: c.webcast,
        kinds: KINDS
            .iter()
            .map(|(k, label)| Choice {
                value: k.code().to_owned(),
                label: (*label).to_owned(),
                chosen: *k == c.kind,
            })
            .collect(),
        parents: choices(
            "None",
            others
                .into_iter()
                .filter(|o| o.record.id != c.id)
                .map(|o| (o.record.slug.to_string(), o.record.name)),
            match c.parent {
                Some(p) => Some(state.store.fetch(site.council.id, p).await?.record.slug.to_string()),
                None => None,
            },
        ),
        officers: choices(
            "None",
            officers.into_iter().map(|o| (o.record.id.to_string(), o.record.name)),
            c.contact_officer.map(|o| o.to_string()),
        ),
        venues: choices(
            "None",
            venues.into_iter().map(|v| (v.record.id.to_string(), v.record.name)),
            c.default_venue.map(|v| v.to_string()),
        ),
        seats,
        template,
        name: c.name,
    }
    .render()?;
    Ok(private(Html(page)))
}

fn standard_index(s: StandardItem) -> usize {
    StandardItem::ALL.iter().position(|x| *x == s).unwrap_or_default()
}

#[derive(Deserialize)]
pub struct DetailsForm {
    version: i64,
    #[serde(default)]
    short_name: String,
    kind: String,
    #[serde(default)]
    parent: String,
    #[serde(default)]
    remit: String,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    venue: String,
    webcast: Option<String>,
}

/// `POST /workspace/setup/committees/{slug}`
pub async fn details(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<SlugPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<DetailsForm>,
) -> Result<Response, WebError> {
    let mut c = stored_committee(&state, &site, &path.slug).await?.record;
    let cid = site.council.id;
    c.short_name = optional(&form.short_name);
    c.kind = code("kind of committee", &form.kind)?;
    c.remit = optional(&form.remit);
    c.webcast = form.webcast.as_deref() == Some("on");
    c.parent = match form.parent.trim() {
        "" => None,
        slug => {
            let parent: Committee = moot_store::lookup::by_slug(&*state.store, cid, &Slug::parse(slug)?)
                .await?
                .ok_or_else(|| WebError::Unprocessable(format!("{slug:?} is not a committee here")))?;
            // Walking up from the new parent must not come back to this committee.
            let mut above = Some(parent.clone());
            while let Some(p) = above {
                if p.id == c.id {
                    return Err(WebError::Unprocessable(format!(
                        "{} cannot sit under {}, which sits under it.",
                        c.name, parent.name
                    )));
                }
                above = match p.parent {
                    Some(id) => Some(state.store.fetch(cid, id).await?.record),
                    None => None,
                };
            }
            Some(parent.id)
        }
    };
    c.contact_officer = match form.contact.trim() {
        "" => None,
        id => Some(
            state
                .store
                .fetch::<Officer>(cid, id.parse().map_err(|_| not_here("officer"))?)
                .await
                .map_err(|_| not_here("officer"))?
                .record
                .id,
        ),
    };
    c.default_venue = match form.venue.trim() {
        "" => None,
        id => Some(
            state
                .store
                .fetch::<Venue>(cid, id.parse().map_err(|_| not_here("venue"))?)
                .await
                .map_err(|_| not_here("venue"))?
                .record
                .id,
        ),
    };
    c.validate()?;
    let note = format!("committee {:?} changed by {}", c.name, who.account.name);
    let slug = c.slug.clone();
    who.update(&state, &note, c, form.version).await?;
    Ok(Redirect::to(&format!("{}/workspace/setup/committees/{slug}", site.base)).into_response())
}

fn not_here(what: &str) -> WebError {
    WebError::Unprocessable(format!(
        "That {what} is not one of this council's; reload the page and choose again."
    ))
}

/// `POST /workspace/setup/committees/{slug}/template`: for each standard item,
/// `include_{code}`, `order_{code}`, `title_{code}` and `description_{code}`.
pub async fn template(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<SlugPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(fields): Checked<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields: HashMap<String, String> = fields.into_iter().collect();
    let field = |name: &str| fields.get(name).map_or("", |v| v.trim());
    let version: i64 = field("version")
        .parse()
        .map_err(|_| WebError::Unprocessable("The form lacks the committee's version; reload the page.".into()))?;
    let mut c = stored_committee(&state, &site, &path.slug).await?.record;
    let mut chosen = Vec::new();
    for standard in StandardItem::ALL {
        let code = standard.code();
        if field(&format!("include_{code}")) != "on" {
            continue;
        }
        let order_field = field(&format!("order_{code}"));
        let order: u32 = order_field.parse().map_err(|_| {
            WebError::Unprocessable(format!(
                "The position of {:?} must be a number; {order_field:?} is not.",
                standard.default_wording().0
            ))
        })?;
        chosen.push((
            order,
            TemplateItem {
                standard,
                title: field(&format!("title_{code}")).to_owned(),
                description: optional(field(&format!("description_{code}"))),
            },
        ));
    }
    if chosen.is_empty() {
        return Err(WebError::Unprocessable(
            "Keep at least one standard item; an agenda with none would have nowhere for apologies or the minutes."
                .into(),
        ));
    }
    // A stable sort keeps the usual order between items given the same position.
    chosen.sort_by_key(|(order, _)| *order);
    c.agenda_template = chosen.into_iter().map(|(_, t)| t).collect();
    c.validate()?;
    let note = format!("agenda template of {:?} changed by {}", c.name, who.account.name);
    let slug = c.slug.clone();
    who.update(&state, &note, c, version).await?;
    Ok(Redirect::to(&format!("{}/workspace/setup/committees/{slug}", site.base)).into_response())
}

#[derive(Deserialize)]
pub struct EndSeatForm {
    version: i64,
    /// The last day of the seat; blank to leave it open.
    #[serde(default)]
    to: String,
}

/// `POST /workspace/setup/memberships/{id}`: when a seat ends (at the next annual meeting,
/// say, or on resignation). The seat and its dates stay, so earlier years' memberships and
/// the visibility rule on past days stay right.
pub async fn end_seat(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<IdPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<EndSeatForm>,
) -> Result<Response, WebError> {
    let id: MembershipId = path.id.parse().map_err(|_| WebError::NotFound)?;
    let mut seat = state.store.fetch::<Membership>(site.council.id, id).await?.record;
    seat.to = super::optional_date(&form.to)?;
    seat.validate()?;
    let committee = state
        .store
        .fetch::<Committee>(site.council.id, seat.committee)
        .await?
        .record;
    let member = state.store.fetch::<Member>(site.council.id, seat.member).await?.record;
    let note = match seat.to {
        Some(to) => format!(
            "{}'s seat on {} to end on {to}, set by {}",
            member.display_name(),
            committee.name,
            who.account.name
        ),
        None => format!(
            "{}'s seat on {} left open by {}",
            member.display_name(),
            committee.name,
            who.account.name
        ),
    };
    who.update(&state, &note, seat, form.version).await?;
    Ok(Redirect::to(&format!("{}/workspace/setup/committees/{}", site.base, committee.slug)).into_response())
}
