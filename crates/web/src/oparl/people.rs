//! Committees as `Organization`s, members as `Person`s, seats as `Membership`s: what the
//! committee and member pages show.

use moot_app::open_data::Times;
use moot_domain::{Committee, CommitteeRole, Member, Membership};
use moot_store::{Filter, StoreExt};

use super::objects::{self, Organization, Person};
use super::{Ctx, Family, value};
use crate::WebError;

pub struct Organizations;

impl Family for Organizations {
    type Record = Committee;
    const LIST: &'static str = "organizations";
    const OBJECT: &'static str = "organization";
    const TYPE: &'static str = "Organization";

    async fn object(ctx: &Ctx<'_>, c: Committee, times: Times) -> Result<serde_json::Value, WebError> {
        let seats = ctx
            .reader
            .store
            .find::<Membership>(ctx.reader.council, &Filter::eq("committee_id", c.id))
            .await?;
        value(Organization {
            common: ctx.common(
                Self::OBJECT,
                Self::TYPE,
                c.id,
                times,
                Some(format!("{}/committees/{}", ctx.site, c.slug)),
            ),
            body: format!("{}/body", ctx.root),
            name: c.name,
            short_name: c.short_name,
            organization_type: "committee".into(),
            classification: c.kind.code().into(),
            membership: seats
                .iter()
                .map(|s| ctx.url(Memberships::OBJECT, s.record.id))
                .collect(),
            sub_organization_of: c.parent.map(|p| ctx.url(Self::OBJECT, p)),
            remit: c.remit,
            status: serde_json::to_value(c.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
        })
    }
}

pub struct People;

impl Family for People {
    type Record = Member;
    const LIST: &'static str = "people";
    const OBJECT: &'static str = "person";
    const TYPE: &'static str = "Person";

    async fn object(ctx: &Ctx<'_>, m: Member, times: Times) -> Result<serde_json::Value, WebError> {
        let membership = if ctx.omit_internal {
            None
        } else {
            let mut seats = Vec::new();
            for s in ctx
                .reader
                .store
                .find::<Membership>(ctx.reader.council, &Filter::eq("member_id", m.id))
                .await?
            {
                let times = ctx.times(s.record.id).await?;
                seats.push(membership(ctx, s.record, times));
            }
            Some(seats)
        };
        value(Person {
            common: ctx.common(
                Self::OBJECT,
                Self::TYPE,
                m.id,
                times,
                Some(format!("{}/members/{}", ctx.site, m.slug)),
            ),
            body: format!("{}/body", ctx.root),
            name: m.display_name(),
            family_name: m.family_name.clone(),
            given_name: m.given_names.clone(),
            form_of_address: m.title.clone(),
            email: m.email.iter().map(|e| e.as_str().to_owned()).collect(),
            membership,
            party: m.party,
            ward: m.ward,
        })
    }
}

fn membership(ctx: &Ctx<'_>, s: Membership, times: Times) -> objects::Membership {
    objects::Membership {
        common: ctx.common(Memberships::OBJECT, Memberships::TYPE, s.id, times, None),
        person: ctx.url(People::OBJECT, s.member),
        organization: ctx.url(Organizations::OBJECT, s.committee),
        role: s.styled.unwrap_or_else(|| s.role.label().to_owned()),
        // A substitute votes only in place of a member, so holds no vote of their own.
        voting_right: s.role != CommitteeRole::Substitute,
        start_date: s.from.to_string(),
        end_date: s.to.map(|d| d.to_string()),
    }
}

pub struct Memberships;

impl Family for Memberships {
    type Record = Membership;
    const LIST: &'static str = "memberships";
    const OBJECT: &'static str = "membership";
    const TYPE: &'static str = "Membership";

    async fn object(ctx: &Ctx<'_>, s: Membership, times: Times) -> Result<serde_json::Value, WebError> {
        value(membership(ctx, s, times))
    }
}
