//! Setting up: committees, members and who sits where. Each form refuses a duplicate by
//! name, since a second "Councillor Pitchley" or a second "Cabinet" would split the records.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::civil::Date;
use moot_domain::*;
use moot_store::{Filter, StoreExt, Write};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::account::{check_form, private};
use crate::auth::{self, SignedIn};
use crate::site::Site;
use crate::{AppState, WebError};

/// A form's code for one of the domain's enumerations ("select_commission", "vice_chair"),
/// read by the same names the records use.
fn code<T: DeserializeOwned>(what: &str, value: &str) -> Result<T, WebError> {
    serde_json::from_value(serde_json::Value::String(value.to_owned()))
        .map_err(|_| WebError::Unprocessable(format!("{value:?} is not a {what}")))
}

fn optional(s: &str) -> Option<String> {
    Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_owned)
}

#[derive(Template)]
#[template(path = "pages/setup.html")]
struct SetupPage<'a> {
    base: &'a str,
    csrf: &'a str,
    committees: Vec<(String, String)>,
    members: Vec<(String, String)>,
}

/// `GET /workspace/setup`
pub async fn page(State(state): State<AppState>, site: Site, headers: HeaderMap) -> Result<Response, WebError> {
    let who = auth::staff(&state, &site, &headers, &auth::CLERKS).await?;
    let committees = state
        .store
        .find::<Committee>(site.council.id, &Filter::all())
        .await?
        .into_iter()
        .map(|s| (s.record.slug.to_string(), s.record.name))
        .collect();
    let members = state
        .store
        .find::<Member>(site.council.id, &Filter::all())
        .await?
        .into_iter()
        .map(|s| (s.record.slug.to_string(), s.record.display_name()))
        .collect();
    let page = SetupPage {
        base: &site.base,
        csrf: &who.session.csrf,
        committees,
        members,
    }
    .render()?;
    Ok(private(Html(page)))
}

async fn create(state: &AppState, who: &SignedIn, record: moot_store::Record, note: String) -> Result<(), WebError> {
    who.save(state, &note, vec![Write::Create(record)]).await?;
    Ok(())
}

fn back(site: &Site) -> Response {
    Redirect::to(&format!("{}/workspace/setup", site.base)).into_response()
}

#[derive(Deserialize)]
pub struct CommitteeForm {
    csrf: String,
    name: String,
    kind: String,
    #[serde(default)]
    remit: String,
}

/// `POST /workspace/setup/committees`
pub async fn add_committee(
    State(state): State<AppState>,
    site: Site,
    headers: HeaderMap,
    Form(form): Form<CommitteeForm>,
) -> Result<Response, WebError> {
    let who = auth::staff(&state, &site, &headers, &auth::CLERKS).await?;
    check_form(&who, &form.csrf)?;
    let name = form.name.trim();
    let slug = Slug::from_title(name).map_err(|_| WebError::Unprocessable("Give the committee a name.".into()))?;
    if moot_store::lookup::by_slug::<Committee>(&*state.store, site.council.id, &slug)
        .await?
        .is_some()
    {
        return Err(WebError::Unprocessable(format!(
            "There is already a committee called {name:?}."
        )));
    }
    let committee = Committee {
        id: CommitteeId::new(),
        council: site.council.id,
        slug,
        name: name.to_owned(),
        short_name: None,
        kind: code("kind of committee", &form.kind)?,
        parent: None,
        remit: optional(&form.remit),
        contact_officer: None,
        default_venue: None,
        webcast: false,
        status: CommitteeStatus::Active,
        agenda_template: Vec::new(),
    };
    committee.validate()?;
    let note = format!("committee {name:?} added by {}", who.account.name);
    create(&state, &who, moot_store::Entity::into_record(committee), note).await?;
    Ok(back(&site))
}

#[derive(Deserialize)]
pub struct MemberForm {
    csrf: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    given_names: String,
    family_name: String,
    #[serde(default)]
    party: String,
    #[serde(default)]
    ward: String,
}

/// `POST /workspace/setup/members`
pub async fn add_member(
    State(state): State<AppState>,
    site: Site,
    headers: HeaderMap,
    Form(form): Form<MemberForm>,
) -> Result<Response, WebError> {
    let who = auth::staff(&state, &site, &headers, &auth::CLERKS).await?;
    check_form(&who, &form.csrf)?;
    let full = format!("{} {}", form.given_names.trim(), form.family_name.trim());
    let slug =
        Slug::from_title(full.trim()).map_err(|_| WebError::Unprocessable("Give the member's family name.".into()))?;
    if let Some(existing) = moot_store::lookup::by_slug::<Member>(&*state.store, site.council.id, &slug).await? {
        return Err(WebError::Unprocessable(format!(
            "{} is already a member (at /members/{}); edit that record rather than adding another.",
            existing.display_name(),
            existing.slug
        )));
    }
    let member = Member {
        id: MemberId::new(),
        council: site.council.id,
        slug,
        title: optional(&form.title),
        given_names: optional(&form.given_names),
        family_name: form.family_name.trim().to_owned(),
        kind: MemberKind::Councillor,
        party: optional(&form.party),
        ward: optional(&form.ward),
        photo: None,
        email: None,
        phone: None,
        term_from: None,
        term_to: None,
    };
    member.validate()?;
    let note = format!("member {} added by {}", member.display_name(), who.account.name);
    create(&state, &who, moot_store::Entity::into_record(member), note).await?;
    Ok(back(&site))
}

#[derive(Deserialize)]
pub struct SeatForm {
    csrf: String,
    member: String,
    committee: String,
    role: String,
    from: String,
}

/// `POST /workspace/setup/memberships`: a seat on a committee from a date, in a role.
pub async fn add_membership(
    State(state): State<AppState>,
    site: Site,
    headers: HeaderMap,
    Form(form): Form<SeatForm>,
) -> Result<Response, WebError> {
    let who = auth::staff(&state, &site, &headers, &auth::CLERKS).await?;
    check_form(&who, &form.csrf)?;
    let member: Member = moot_store::lookup::by_slug(&*state.store, site.council.id, &Slug::parse(&form.member)?)
        .await?
        .ok_or_else(|| WebError::Unprocessable(format!("{:?} is not a member here", form.member)))?;
    let committee: Committee =
        moot_store::lookup::by_slug(&*state.store, site.council.id, &Slug::parse(&form.committee)?)
            .await?
            .ok_or_else(|| WebError::Unprocessable(format!("{:?} is not a committee here", form.committee)))?;
    let from: Date = form
        .from
        .trim()
        .parse()
        .map_err(|_| WebError::Unprocessable(format!("{:?} is not a date like 2026-05-20", form.from)))?;
    let seat = Membership {
        id: MembershipId::new(),
        council: site.council.id,
        committee: committee.id,
        member: member.id,
        role: code("committee role", &form.role)?,
        from,
        to: None,
        appointed_by: None,
        styled: None,
    };
    seat.validate()?;
    let note = format!(
        "{} appointed to {} by {}",
        member.display_name(),
        committee.name,
        who.account.name
    );
    create(&state, &who, moot_store::Entity::into_record(seat), note).await?;
    Ok(back(&site))
}
