//! Committees, members and their seats.

use moot_domain::{Committee, Member, Membership};

use super::objects::{self, Times};
use super::{Ctx, FilterName, Filters, Resource, as_listed};
use crate::WebError;
use crate::json::code;

pub struct Committees;

impl Resource for Committees {
    type Record = Committee;
    type Object = objects::Committee;
    const PATH: &'static str = "committees";
    const ABOUT: &'static str = "The council's committees, panels and sub-groups, current and dissolved.";
    const FILTERS: &'static [FilterName] = &[];

    fn fits(_: &Committee, _: &Filters) -> bool {
        true
    }

    async fn object(ctx: &Ctx<'_>, c: Committee, times: Times) -> Result<objects::Committee, WebError> {
        Ok(objects::Committee {
            id: c.id.to_string(),
            web: format!("{}/committees/{}", ctx.site, c.slug),
            slug: c.slug.to_string(),
            name: c.name,
            short_name: c.short_name,
            kind: code(&c.kind),
            parent: c.parent.map(|p| p.to_string()),
            remit: c.remit,
            status: code(&c.status),
            times,
        })
    }

    as_listed!();
}

pub struct Members;

impl Resource for Members {
    type Record = Member;
    type Object = objects::Member;
    const PATH: &'static str = "members";
    const ABOUT: &'static str = "Councillors and co-opted members, past and present.";
    const FILTERS: &'static [FilterName] = &[];

    fn fits(_: &Member, _: &Filters) -> bool {
        true
    }

    async fn object(ctx: &Ctx<'_>, m: Member, times: Times) -> Result<objects::Member, WebError> {
        Ok(objects::Member {
            id: m.id.to_string(),
            web: format!("{}/members/{}", ctx.site, m.slug),
            name: m.display_name(),
            slug: m.slug.to_string(),
            title: m.title,
            given_names: m.given_names,
            family_name: m.family_name,
            kind: code(&m.kind),
            party: m.party,
            ward: m.ward,
            email: m.email.map(|e| e.as_str().to_owned()),
            term_from: m.term_from.map(|d| d.to_string()),
            term_to: m.term_to.map(|d| d.to_string()),
            times,
        })
    }

    as_listed!();
}

pub struct Memberships;

impl Resource for Memberships {
    type Record = Membership;
    type Object = objects::Membership;
    const PATH: &'static str = "memberships";
    const ABOUT: &'static str = "Seats on committees: who sat on which, in what role, from when to when.";
    const FILTERS: &'static [FilterName] = &[FilterName::Committee, FilterName::Member];

    fn fits(s: &Membership, f: &Filters) -> bool {
        f.pass(Some(s.committee), None, Some(s.member), None)
    }

    async fn object(_: &Ctx<'_>, s: Membership, times: Times) -> Result<objects::Membership, WebError> {
        Ok(objects::Membership {
            id: s.id.to_string(),
            committee: s.committee.to_string(),
            member: s.member.to_string(),
            role: code(&s.role),
            from: s.from.to_string(),
            to: s.to.map(|d| d.to_string()),
            styled: s.styled,
            times,
        })
    }

    as_listed!();
}
