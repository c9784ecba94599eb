//! The clerks' workspace: scheduling meetings and building agendas, papers and their cover
//! sheets, publication by two people, attendance and declarations, minutes and votes, the
//! actions log and the work programme, and setting up committees and members. Every route
//! takes a `Signed` person in the roles it allows, and every form is `Checked`; what may be
//! done in each meeting status is `moot_domain::workflow`'s to say.

pub mod actions;
pub mod committee_setup;
pub mod cover;
pub mod details;
pub mod exclusions;
pub mod meeting;
pub mod minutes;
pub mod others;
pub mod programme;
pub mod record;
pub mod schedule;
pub mod setup;
pub mod subjects;
pub mod upload;

use axum::Router;
use axum::routing::{get, post};

use crate::{AppState, WebError};

/// The workspace's routes, and the one form councillors post from a public page (their
/// declarations of interest).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/workspace", get(schedule::home))
        .route("/workspace/committees/{slug}/meetings", post(schedule::create))
        .route("/workspace/meetings/{key}", get(meeting::page))
        .route("/workspace/meetings/{key}/cancel", post(schedule::cancel))
        .route("/workspace/meetings/{key}/reschedule", post(schedule::reschedule))
        .route("/workspace/meetings/{key}/postpone", post(details::postpone))
        .route("/workspace/meetings/{key}/details", post(details::save))
        .route("/workspace/meetings/{key}/in-attendance", post(others::add))
        .route("/workspace/meetings/{key}/in-attendance/remove", post(others::remove))
        .route("/workspace/meetings/{key}/exclusions", post(exclusions::add))
        .route("/workspace/exclusions/{id}/remove", post(exclusions::remove))
        .route("/workspace/meetings/{key}/items", post(schedule::add_item))
        .route(
            "/workspace/meetings/{key}/items/{number}/edit",
            post(schedule::edit_item),
        )
        .route(
            "/workspace/meetings/{key}/items/{number}/move",
            post(schedule::move_item),
        )
        .route("/workspace/meetings/{key}/late-items", post(schedule::add_late_item))
        .route(
            "/workspace/meetings/{key}/items/{number}/documents",
            post(upload::upload).layer(upload::body_limit()),
        )
        .route(
            "/workspace/documents/{id}/replace",
            post(upload::replace).layer(upload::body_limit()),
        )
        .route(
            "/workspace/documents/{id}/cover-sheet",
            get(cover::page).post(cover::save),
        )
        .route("/workspace/documents/{id}/withdraw", post(meeting::withdraw))
        .route(
            "/workspace/meetings/{key}/request-publication",
            post(meeting::request_publication),
        )
        .route(
            "/workspace/meetings/{key}/approve-publication",
            post(meeting::approve_publication),
        )
        .route("/workspace/meetings/{key}/attendance", post(record::attendance))
        .route("/meetings/{key}/declarations", post(record::declaration))
        .route("/workspace/declarations/{id}/remove", post(record::remove_declaration))
        .route("/workspace/meetings/{key}/held", post(minutes::held))
        .route(
            "/workspace/meetings/{key}/items/{number}/minute",
            post(minutes::write_minute),
        )
        .route("/workspace/meetings/{key}/resolutions/{id}/vote", post(minutes::vote))
        .route("/workspace/meetings/{key}/minutes-approved", post(minutes::approved))
        .route("/workspace/meetings/{key}/items/{number}/amend", post(minutes::amend))
        .route("/workspace/committees/{slug}/actions", get(actions::page))
        .route("/workspace/actions/{id}", post(actions::update))
        .route(
            "/workspace/committees/{slug}/work-programme",
            get(programme::page).post(programme::add),
        )
        .route("/workspace/work-programme/{id}", post(programme::update))
        .route("/workspace/work-programme/{id}/remove", post(programme::remove))
        .route(
            "/workspace/meetings/{key}/items/{number}/typeset",
            post(programme::place),
        )
        .route("/workspace/setup", get(setup::page))
        .route("/workspace/setup/committees", post(setup::add_committee))
        .route("/workspace/setup/members", post(setup::add_member))
        .route("/workspace/setup/officers", post(setup::add_officer))
        .route("/workspace/setup/venues", post(setup::add_venue))
        .route("/workspace/setup/memberships", post(setup::add_membership))
        .route("/workspace/setup/annual-meetings", post(setup::add_annual_meeting))
        .route(
            "/workspace/setup/committees/{slug}",
            get(committee_setup::page).post(committee_setup::details),
        )
        .route(
            "/workspace/setup/committees/{slug}/template",
            post(committee_setup::template),
        )
        .route("/workspace/setup/memberships/{id}", post(committee_setup::end_seat))
        .route("/admin/settings", post(setup::settings))
}

/// A form that carries only the version of the record it acts on (removing it, recording
/// that a meeting was held).
#[derive(serde::Deserialize)]
pub struct VersionForm {
    pub version: i64,
}

/// A date typed in a form, as browsers send it ("2027-05-19"), or a message saying so.
pub fn date_field(raw: &str) -> Result<jiff::civil::Date, WebError> {
    let raw = raw.trim();
    raw.parse()
        .map_err(|_| WebError::Unprocessable(format!("{raw:?} is not a date like 2027-05-19")))
}

/// A date a form may leave blank.
pub fn optional_date(raw: &str) -> Result<Option<jiff::civil::Date>, WebError> {
    match raw.trim() {
        "" => Ok(None),
        d => date_field(d).map(Some),
    }
}

/// The meeting a record belongs to (a declaration, an exclusion, posted by the record's id),
/// when `act` is open to `role` on it now.
pub async fn meeting_for(
    state: &AppState,
    site: &crate::site::Site,
    meeting: moot_domain::MeetingId,
    role: moot_domain::AccountRole,
    act: moot_domain::Act,
) -> Result<moot_domain::Meeting, WebError> {
    use moot_store::StoreExt;
    let meeting: moot_domain::Meeting = state.store.fetch(site.council.id, meeting).await?.record;
    meeting.may(role, act)?;
    Ok(meeting)
}

/// Back to the meeting's workspace page, from a form posted by a record's id.
pub async fn back_to(
    state: &AppState,
    site: &crate::site::Site,
    meeting: &moot_domain::Meeting,
) -> Result<axum::response::Response, WebError> {
    use axum::response::IntoResponse;
    use moot_store::StoreExt;
    let committee: moot_domain::Committee = state.store.fetch(site.council.id, meeting.committee).await?.record;
    let key = moot_app::links::meeting_path(meeting, &committee);
    Ok(axum::response::Redirect::to(&format!("{}/workspace{key}", site.base)).into_response())
}
