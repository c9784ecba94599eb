//! Setting up: committees, members and who sits where, the officers who serve committees and
//! the venues they meet in. Each form refuses a duplicate by name, since a second
//! "Councillor Pitchley" or a second "Cabinet" would split the records.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use moot_domain::*;
use moot_store::{Filter, StoreExt, Write};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::auth::SignedIn;
use crate::extract::{Admins, Checked, Clerks, Signed};
use crate::headers::private;
use crate::site::Site;
use crate::{AppState, WebError};

/// A form's code for one of the domain's enumerations ("select_commission", "vice_chair"),
/// read by the same names the records use.
pub(super) fn code<T: DeserializeOwned>(what: &str, value: &str) -> Result<T, WebError> {
    serde_json::from_value(serde_json::Value::String(value.to_owned()))
        .map_err(|_| WebError::Unprocessable(format!("{value:?} is not a {what}")))
}

pub(super) fn optional(s: &str) -> Option<String> {
    Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_owned)
}

#[derive(Template)]
#[template(path = "workspace/setup.html")]
struct SetupPage<'a> {
    base: &'a str,
    csrf: &'a str,
    committees: Vec<(String, String)>,
    members: Vec<(String, String)>,
    officers: Vec<String>,
    venues: Vec<String>,
    /// Annual meetings, newest first: each starts a municipal year and its minute series.
    years: Vec<String>,
    /// The council's settings, for an admin to change.
    settings: Option<SettingsView>,
}

struct SettingsView {
    version: i64,
    region: String,
    single_person: bool,
    hosts: String,
    wording: Wording,
}

/// `GET /workspace/setup`
pub async fn page(
    State(state): State<AppState>,
    site: Site,
    Signed(who, _): Signed<Clerks>,
) -> Result<Response, WebError> {
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
    let officers = state
        .store
        .find::<Officer>(site.council.id, &Filter::all())
        .await?
        .into_iter()
        .map(|s| match s.record.job_title {
            Some(job) => format!("{}, {job}", s.record.name),
            None => s.record.name,
        })
        .collect();
    let venues = state
        .store
        .find::<Venue>(site.council.id, &Filter::all())
        .await?
        .into_iter()
        .map(|s| s.record.name)
        .collect();
    let mut years: Vec<AnnualMeeting> = state
        .store
        .find::<AnnualMeeting>(site.council.id, &Filter::all())
        .await?
        .into_iter()
        .map(|s| s.record)
        .collect();
    years.sort_by_key(|a| std::cmp::Reverse(a.date));
    let settings = if who.account.role == AccountRole::Admin {
        let stored = state.store.fetch::<Council>(site.council.id, site.council.id).await?;
        let s = &stored.record.settings;
        Some(SettingsView {
            version: stored.version,
            region: s.calendar.region.code().to_owned(),
            single_person: s.single_person_publishing,
            hosts: s.hosts.join(", "),
            wording: s.wording.clone(),
        })
    } else {
        None
    };
    let page = SetupPage {
        base: &site.base,
        csrf: &who.session.csrf,
        committees,
        members,
        officers,
        venues,
        years: years.iter().map(|a| moot_domain::wording::long_date(a.date)).collect(),
        settings,
    }
    .render()?;
    Ok(private(Html(page)))
}

pub(super) async fn create(
    state: &AppState,
    who: &SignedIn,
    record: moot_store::Record,
    note: String,
) -> Result<(), WebError> {
    who.save(state, &note, vec![Write::Create(record)]).await?;
    Ok(())
}

pub(super) fn back(site: &Site) -> Response {
    Redirect::to(&format!("{}/workspace/setup", site.base)).into_response()
}

#[derive(Deserialize)]
pub struct CommitteeForm {
    name: String,
    kind: String,
    #[serde(default)]
    remit: String,
}

/// `POST /workspace/setup/committees`
pub async fn add_committee(
    State(state): State<AppState>,
    site: Site,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<CommitteeForm>,
) -> Result<Response, WebError> {
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
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<MemberForm>,
) -> Result<Response, WebError> {
    let full = format!("{} {}", form.given_names.trim(), form.family_name.trim());
    let slug =
        Slug::from_title(full.trim()).map_err(|_| WebError::Unprocessable("Give the member's family name.".into()))?;
    if let Some(existing) = moot_store::lookup::by_slug::<Member>(&*state.store, site.council.id, &slug).await? {
        return Err(WebError::Unprocessable(format!(
            "{} is already a member (at /members/{}), so they need no second record. If this is a different person of the same name, give their full given names or a middle initial to tell the two apart.",
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

/// Refuses a second record of kind `T` under a name already taken.
async fn refuse_taken<T: moot_store::Entity>(
    state: &AppState,
    site: &Site,
    name: &str,
    what: &str,
) -> Result<(), WebError> {
    let taken = !state
        .store
        .find::<T>(site.council.id, &Filter::eq("name", name))
        .await?
        .is_empty();
    if taken {
        return Err(WebError::Unprocessable(format!(
            "There is already {what} called {name:?}."
        )));
    }
    Ok(())
}

#[derive(Deserialize)]
pub struct OfficerForm {
    name: String,
    #[serde(default)]
    job_title: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
}

/// `POST /workspace/setup/officers`: an officer who may be a committee's contact or write
/// its reports.
pub async fn add_officer(
    State(state): State<AppState>,
    site: Site,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<OfficerForm>,
) -> Result<Response, WebError> {
    let name = form.name.trim();
    refuse_taken::<Officer>(&state, &site, name, "an officer").await?;
    let email = match form.email.trim() {
        "" => None,
        e => Some(Email::parse(&e.to_lowercase())?),
    };
    let officer = Officer {
        id: OfficerId::new(),
        council: site.council.id,
        name: name.to_owned(),
        job_title: optional(&form.job_title),
        email,
        phone: optional(&form.phone),
    };
    officer.validate()?;
    let note = format!("officer {name:?} added by {}", who.account.name);
    create(&state, &who, moot_store::Entity::into_record(officer), note).await?;
    Ok(back(&site))
}

#[derive(Deserialize)]
pub struct VenueForm {
    name: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    postcode: String,
    online: Option<String>,
}

/// `POST /workspace/setup/venues`: a room (or an online meeting) committees meet in.
pub async fn add_venue(
    State(state): State<AppState>,
    site: Site,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<VenueForm>,
) -> Result<Response, WebError> {
    let name = form.name.trim();
    refuse_taken::<Venue>(&state, &site, name, "a venue").await?;
    let venue = Venue {
        id: VenueId::new(),
        council: site.council.id,
        name: name.to_owned(),
        address: optional(&form.address),
        postcode: optional(&form.postcode),
        online: form.online.as_deref() == Some("on"),
    };
    venue.validate()?;
    let note = format!("venue {name:?} added by {}", who.account.name);
    create(&state, &who, moot_store::Entity::into_record(venue), note).await?;
    Ok(back(&site))
}

#[derive(Deserialize)]
pub struct SeatForm {
    member: String,
    committee: String,
    role: String,
    from: String,
    /// The last day, when already known (a seat until the next annual meeting, say).
    #[serde(default)]
    to: String,
}

/// `POST /workspace/setup/memberships`: a seat on a committee from a date, in a role.
pub async fn add_membership(
    State(state): State<AppState>,
    site: Site,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<SeatForm>,
) -> Result<Response, WebError> {
    let member: Member = moot_store::lookup::by_slug(&*state.store, site.council.id, &Slug::parse(&form.member)?)
        .await?
        .ok_or_else(|| WebError::Unprocessable(format!("{:?} is not a member here", form.member)))?;
    let committee: Committee =
        moot_store::lookup::by_slug(&*state.store, site.council.id, &Slug::parse(&form.committee)?)
            .await?
            .ok_or_else(|| WebError::Unprocessable(format!("{:?} is not a committee here", form.committee)))?;
    let from = super::date_field(&form.from)?;
    let seat = Membership {
        id: MembershipId::new(),
        council: site.council.id,
        committee: committee.id,
        member: member.id,
        role: code("committee role", &form.role)?,
        from,
        to: super::optional_date(&form.to)?,
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

#[derive(Deserialize)]
pub struct YearForm {
    date: String,
}

/// `POST /workspace/setup/annual-meetings`: the council's annual meeting, which starts a
/// municipal year and, for every committee, a new series of minute numbers.
pub async fn add_annual_meeting(
    State(state): State<AppState>,
    site: Site,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<YearForm>,
) -> Result<Response, WebError> {
    let date = super::date_field(&form.date)?;
    let taken = state
        .store
        .find::<AnnualMeeting>(site.council.id, &Filter::eq("date", date))
        .await?;
    if !taken.is_empty() {
        return Err(WebError::Unprocessable(format!(
            "There is already an annual meeting on {}.",
            moot_domain::wording::long_date(date)
        )));
    }
    let year = AnnualMeeting {
        id: AnnualMeetingId::new(),
        council: site.council.id,
        date,
        meeting: None,
    };
    let note = format!("annual meeting of {date} added by {}", who.account.name);
    create(&state, &who, moot_store::Entity::into_record(year), note).await?;
    Ok(back(&site))
}

#[derive(Deserialize)]
pub struct SettingsForm {
    version: i64,
    region: String,
    single_person: Option<String>,
    #[serde(default)]
    hosts: String,
    /// The front sheet's wording; a field left out of the form keeps its text.
    webcast_notice: Option<String>,
    webcast_notice_without_link: Option<String>,
    recording_statement: Option<String>,
    sign_off: Option<String>,
}

/// `POST /admin/settings`: the council's bank-holiday region, whether one clerk may publish
/// alone, the host names its site answers on, and its front sheet's wording. Admins only.
pub async fn settings(
    State(state): State<AppState>,
    site: Site,
    Signed(who, _): Signed<Admins>,
    Checked(form): Checked<SettingsForm>,
) -> Result<Response, WebError> {
    let mut council = site.council.clone();
    council.settings.calendar.region = HolidayRegion::from_code(&form.region)
        .ok_or_else(|| WebError::Unprocessable(format!("{:?} is not a bank-holiday region", form.region)))?;
    council.settings.single_person_publishing = form.single_person.as_deref() == Some("on");
    council.settings.hosts = form
        .hosts
        .split([',', ' '])
        .map(|h| h.trim().to_ascii_lowercase())
        .filter(|h| !h.is_empty())
        .collect();
    let wording = &mut council.settings.wording;
    for (given, kept) in [
        (&form.webcast_notice, &mut wording.webcast_notice),
        (
            &form.webcast_notice_without_link,
            &mut wording.webcast_notice_without_link,
        ),
        (&form.recording_statement, &mut wording.recording_statement),
        (&form.sign_off, &mut wording.sign_off),
    ] {
        if let Some(text) = given {
            // Browsers send a textarea's lines with CRLF; the sign-off is printed line by line.
            *kept = text.trim().replace("\r\n", "\n");
        }
    }
    council.validate()?;
    let note = format!(
        "council settings changed by {} (one person may publish: {})",
        who.account.name, council.settings.single_person_publishing
    );
    who.update(&state, &note, council, form.version).await?;
    Ok(back(&site))
}
