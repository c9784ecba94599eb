//! Who may see what: the one rule every surface asks.
//!
//! - Anyone, signed in or not, sees what is public.
//! - Nobody sees another council's non-public things, whatever their role there.
//! - Admins and clerks of a council see everything of that council.
//! - The officers who wrote a document see it before it is public and when it is exempt.
//! - Members and substitutes of a committee (on the day asked about) see its exempt papers;
//!   drafts stay with the clerks and authors until they are released.
//!
//! Pages, packs, search, feeds, the open-data API, sitemaps and downloads all call
//! [`may_see`]; none of them decides for itself.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::agenda::{AgendaItem, Minute};
use crate::membership::Membership;
use crate::visibility::Visibility;
use crate::{CommitteeId, CouncilId, MemberId, OfficerId};

/// Someone reading Moot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Viewer {
    Anonymous,
    Account(Account),
    /// Whoever sits on `committee` on the day, as a body rather than one person: the reader
    /// of the members' edition of its agenda pack, which every member is sent.
    Committee {
        council: CouncilId,
        committee: CommitteeId,
    },
}

/// A signed-in account, as far as the rule needs to know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub council: CouncilId,
    pub role: AccountRole,
    /// The member record of a councillor's account.
    pub member: Option<MemberId>,
    /// The officer record of a report author's (or clerk's) account.
    pub officer: Option<OfficerId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountRole {
    Admin,
    Clerk,
    ReportAuthor,
    Member,
}

/// The facts about a thing that decide who may see it.
#[derive(Debug, Clone, Copy)]
pub struct Guarded<'a> {
    pub council: CouncilId,
    /// The committee whose papers it is, if any.
    pub committee: Option<CommitteeId>,
    pub visibility: &'a Visibility,
    pub authors: &'a [OfficerId],
    /// Withdrawn after publication (published by mistake, say): from then on only the
    /// council's clerks and admins see it, whatever its visibility says.
    pub withdrawn: bool,
}

/// Whether `viewer` may see `thing` on `today`, given the memberships of `thing`'s committee.
pub fn may_see(viewer: &Viewer, thing: Guarded<'_>, memberships: &[Membership], today: Date) -> bool {
    if thing.visibility.is_public() && !thing.withdrawn {
        return true;
    }
    let account = match viewer {
        Viewer::Anonymous => return false,
        Viewer::Committee { council, committee } => {
            return *council == thing.council
                && !thing.withdrawn
                && thing.committee == Some(*committee)
                && matches!(thing.visibility, Visibility::Exempt(_));
        }
        Viewer::Account(account) => account,
    };
    if account.council != thing.council {
        return false;
    }
    if matches!(account.role, AccountRole::Admin | AccountRole::Clerk) {
        return true;
    }
    if thing.withdrawn {
        return false;
    }
    if account.officer.is_some_and(|o| thing.authors.contains(&o)) {
        return true;
    }
    let sits_on_committee = || match (account.member, thing.committee) {
        (Some(member), Some(committee)) => sits_on(memberships, thing.council, member, committee, today),
        _ => false,
    };
    matches!(thing.visibility, Visibility::Exempt(_)) && sits_on_committee()
}

/// Whether `member` holds a seat (as a member or substitute) on `committee` of `council` on
/// `day`: what lets a councillor read the committee's exempt papers and declare their own
/// interests at its meetings.
pub fn sits_on(
    memberships: &[Membership],
    council: CouncilId,
    member: MemberId,
    committee: CommitteeId,
    day: Date,
) -> bool {
    memberships
        .iter()
        .any(|m| m.member == member && m.committee == committee && m.council == council && m.holds_on(day))
}

/// `item`'s minute, if `viewer` may read it on `today`. The heading goes with the text: a
/// heading written for an item taken in private often says what the text withholds, and a
/// draft's heading is as unsettled as its text, so whoever may not read the one gets neither.
pub fn readable_minute<'i>(
    viewer: &Viewer,
    item: &'i AgendaItem,
    memberships: &[Membership],
    today: Date,
) -> Option<&'i Minute> {
    let minute = item.minute.as_ref()?;
    let thing = Guarded {
        council: item.council,
        committee: Some(item.committee),
        visibility: &minute.text_visibility,
        authors: &[],
        withdrawn: false,
    };
    may_see(viewer, thing, memberships, today).then_some(minute)
}

/// Whether the public may read `action` (on the committee's page and its monitoring report),
/// given the item its resolution was made under (`None` when that is gone). One asked for by
/// a resolution is read with that resolution's minute, and never from an item taken in
/// private: what it asks of whom is often the exempt information itself.
pub fn action_is_public(action: &crate::Action, resolved_under: Option<&AgendaItem>, today: Date) -> bool {
    match (action.resolution, resolved_under) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(_), Some(item)) => {
            item.exemption.is_none() && readable_minute(&Viewer::Anonymous, item, &[], today).is_some()
        }
    }
}

/// Whether `viewer` may read the agenda of `meeting` (its items): once it is published,
/// anyone (also after the meeting is postponed or cancelled); before, and for a meeting
/// cancelled before publication, only the council's clerks and admins, who were building it.
pub fn may_read_agenda(viewer: &Viewer, meeting: &crate::Meeting) -> bool {
    meeting.agenda_is_public() || is_clerk_of(viewer, meeting.council)
}

/// Whether `viewer` may read `item` of `meeting`: where they may read the agenda, every item
/// but a late one not yet released with its supplementary agenda, which stays with the
/// clerks until a second clerk approves it (as the agenda itself did).
pub fn may_read_item(viewer: &Viewer, meeting: &crate::Meeting, item: &crate::AgendaItem) -> bool {
    may_read_agenda(viewer, meeting) && (!item.awaiting_release || is_clerk_of(viewer, meeting.council))
}

/// The council's clerks and admins, who build its agendas.
fn is_clerk_of(viewer: &Viewer, council: CouncilId) -> bool {
    matches!(viewer, Viewer::Account(a)
        if a.council == council && matches!(a.role, AccountRole::Admin | AccountRole::Clerk))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MembershipId;
    use crate::membership::CommitteeRole;
    use crate::visibility::{Exemption, Schedule12aParagraph};
    use jiff::civil::date;

    struct World {
        council: CouncilId,
        other_council: CouncilId,
        committee: CommitteeId,
        other_committee: CommitteeId,
        member: MemberId,
        substitute: MemberId,
        other_member: MemberId,
        former_member: MemberId,
        author: OfficerId,
        memberships: Vec<Membership>,
    }

    fn world() -> World {
        let council = CouncilId::new();
        let committee = CommitteeId::new();
        let other_committee = CommitteeId::new();
        let (member, substitute, other_member, former_member) =
            (MemberId::new(), MemberId::new(), MemberId::new(), MemberId::new());
        let seat = |member, committee, role, to| Membership {
            id: MembershipId::new(),
            council,
            committee,
            member,
            role,
            from: date(2021, 5, 19),
            to,
            appointed_by: None,
            styled: None,
        };
        World {
            council,
            other_council: CouncilId::new(),
            committee,
            other_committee,
            member,
            substitute,
            other_member,
            former_member,
            author: OfficerId::new(),
            memberships: vec![
                seat(member, committee, CommitteeRole::Member, None),
                seat(substitute, committee, CommitteeRole::Substitute, None),
                seat(other_member, other_committee, CommitteeRole::Chair, None),
                seat(former_member, committee, CommitteeRole::Member, Some(date(2021, 6, 1))),
            ],
        }
    }

    fn account(council: CouncilId, role: AccountRole, member: Option<MemberId>, officer: Option<OfficerId>) -> Viewer {
        Viewer::Account(Account {
            council,
            role,
            member,
            officer,
        })
    }

    #[test]
    fn who_may_see_what() {
        let w = world();
        let exempt = Visibility::Exempt(Exemption {
            paragraph: Schedule12aParagraph::parse(1).expect("valid"),
            reason: "Information about individual women on the programme".into(),
            public_interest: None,
            review_date: None,
        });
        let viewers = [
            ("anonymous", Viewer::Anonymous),
            (
                "member of the committee",
                account(w.council, AccountRole::Member, Some(w.member), None),
            ),
            (
                "substitute",
                account(w.council, AccountRole::Member, Some(w.substitute), None),
            ),
            (
                "member of another committee",
                account(w.council, AccountRole::Member, Some(w.other_member), None),
            ),
            (
                "former member",
                account(w.council, AccountRole::Member, Some(w.former_member), None),
            ),
            (
                "author",
                account(w.council, AccountRole::ReportAuthor, None, Some(w.author)),
            ),
            (
                "other officer",
                account(w.council, AccountRole::ReportAuthor, None, Some(OfficerId::new())),
            ),
            ("clerk", account(w.council, AccountRole::Clerk, None, None)),
            ("admin", account(w.council, AccountRole::Admin, None, None)),
            (
                "clerk of another council",
                account(w.other_council, AccountRole::Clerk, None, None),
            ),
            (
                "admin of another council",
                account(w.other_council, AccountRole::Admin, None, Some(w.author)),
            ),
            (
                "the committee's members' edition",
                Viewer::Committee {
                    council: w.council,
                    committee: w.committee,
                },
            ),
            (
                "another committee's members' edition",
                Viewer::Committee {
                    council: w.council,
                    committee: w.other_committee,
                },
            ),
            (
                "a members' edition of another council",
                Viewer::Committee {
                    council: w.other_council,
                    committee: w.committee,
                },
            ),
        ];
        // Expected: (public, exempt, draft) for each viewer, in the order above.
        let expected = [
            (true, false, false),
            (true, true, false),
            (true, true, false),
            (true, false, false),
            (true, false, false),
            (true, true, true),
            (true, false, false),
            (true, true, true),
            (true, true, true),
            (true, false, false),
            (true, false, false),
            (true, true, false),
            (true, false, false),
            (true, false, false),
        ];
        let today = date(2021, 6, 15);
        let authors = [w.author];
        for ((who, viewer), (public, exempt_ok, draft_ok)) in viewers.iter().zip(expected) {
            for (visibility, want) in [
                (&Visibility::Public, public),
                (&exempt, exempt_ok),
                (&Visibility::Draft, draft_ok),
            ] {
                let thing = Guarded {
                    council: w.council,
                    committee: Some(w.committee),
                    visibility,
                    authors: &authors,
                    withdrawn: false,
                };
                assert_eq!(
                    may_see(viewer, thing, &w.memberships, today),
                    want,
                    "{who} seeing a {} paper",
                    visibility.state()
                );
                // Withdrawn, whatever it was, only the council's clerks and admins see it.
                let withdrawn = Guarded {
                    withdrawn: true,
                    ..thing
                };
                assert_eq!(
                    may_see(viewer, withdrawn, &w.memberships, today),
                    matches!(*who, "clerk" | "admin"),
                    "{who} seeing a withdrawn {} paper",
                    visibility.state()
                );
            }
        }
        // A member of the other committee sees that committee's exempt papers.
        let theirs = Guarded {
            council: w.council,
            committee: Some(w.other_committee),
            visibility: &exempt,
            authors: &[],
            withdrawn: false,
        };
        assert!(may_see(
            &account(w.council, AccountRole::Member, Some(w.other_member), None),
            theirs,
            &w.memberships,
            today
        ));
    }

    #[test]
    fn a_membership_recorded_under_another_council_grants_nothing() {
        let w = world();
        let exempt = Visibility::Exempt(Exemption {
            paragraph: Schedule12aParagraph::parse(3).expect("valid"),
            reason: "commercial".into(),
            public_interest: None,
            review_date: None,
        });
        let mut forged = w.memberships.clone();
        for m in &mut forged {
            m.council = w.other_council;
        }
        let thing = Guarded {
            council: w.council,
            committee: Some(w.committee),
            visibility: &exempt,
            authors: &[],
            withdrawn: false,
        };
        let viewer = account(w.council, AccountRole::Member, Some(w.member), None);
        assert!(!may_see(&viewer, thing, &forged, date(2021, 6, 15)));
    }

    /// The committee's meeting of 17 July 2029, in `status`.
    fn meeting_of(w: &World, status: crate::MeetingStatus, agenda_published: bool) -> crate::Meeting {
        crate::Meeting {
            id: crate::MeetingId::new(),
            council: w.council,
            committee: w.committee,
            starts_at: date(2029, 7, 17).at(10, 0, 0, 0),
            ends_at: None,
            venue: None,
            webcast_url: None,
            pre_meeting_note: None,
            contact_officer: None,
            in_attendance: Vec::new(),
            signed_by: None,
            status,
            previous_times: vec![],
            status_reason: None,
            minutes_approved_at: None,
            publication_request: None,
            agenda_published,
        }
    }

    #[test]
    fn an_agenda_is_read_by_clerks_until_it_is_published_then_by_anyone() {
        let w = world();
        let mut meeting = meeting_of(&w, crate::MeetingStatus::Scheduled, false);
        let clerk = account(w.council, AccountRole::Clerk, None, None);
        let others = [
            Viewer::Anonymous,
            account(w.council, AccountRole::Member, Some(w.member), None),
            account(w.council, AccountRole::ReportAuthor, None, Some(w.author)),
            account(w.other_council, AccountRole::Clerk, None, None),
        ];
        assert!(may_read_agenda(&clerk, &meeting));
        assert!(others.iter().all(|v| !may_read_agenda(v, &meeting)));
        let now = date(2029, 7, 1).at(9, 0, 0, 0);
        let mut cancelled = meeting.clone();
        cancelled
            .transition(crate::MeetingStatus::Cancelled, now)
            .expect("cancel");
        assert!(
            others.iter().all(|v| !may_read_agenda(v, &cancelled)),
            "cancelled before publication: the agenda stays with the clerks"
        );
        assert!(may_read_agenda(&clerk, &cancelled));
        meeting
            .transition(crate::MeetingStatus::AgendaPublished, now)
            .expect("publish");
        assert!(others.iter().all(|v| may_read_agenda(v, &meeting)));
        meeting
            .transition(crate::MeetingStatus::Postponed, now)
            .expect("postpone");
        meeting
            .transition(crate::MeetingStatus::Scheduled, now)
            .expect("schedule again");
        assert!(
            others.iter().all(|v| may_read_agenda(v, &meeting)),
            "once published, an agenda stays public through a postponement"
        );
    }

    #[test]
    fn a_late_item_is_the_clerks_until_its_supplementary_agenda_is_released() {
        let w = world();
        let meeting = meeting_of(&w, crate::MeetingStatus::AgendaPublished, true);
        let mut late = crate::AgendaItem {
            id: crate::AgendaItemId::new(),
            council: w.council,
            meeting: meeting.id,
            committee: w.committee,
            number: crate::AgendaNumber::parse("8a").expect("number"),
            title: "Urgent: library closures".into(),
            description: None,
            kind: crate::ItemKind::Business,
            exemption: None,
            urgency: Some("The decision is needed before the next meeting".into()),
            awaiting_release: true,
            subject: None,
            approves_minutes_of: Vec::new(),
            published_pages: None,
            presenters: Vec::new(),
            minute: None,
        };
        let staff = [
            account(w.council, AccountRole::Clerk, None, None),
            account(w.council, AccountRole::Admin, None, None),
        ];
        let others = [
            Viewer::Anonymous,
            account(w.council, AccountRole::Member, Some(w.member), None),
            account(w.council, AccountRole::ReportAuthor, None, Some(w.author)),
            account(w.other_council, AccountRole::Clerk, None, None),
        ];
        assert!(staff.iter().all(|v| may_read_item(v, &meeting, &late)));
        assert!(others.iter().all(|v| !may_read_item(v, &meeting, &late)));
        late.awaiting_release = false;
        assert!(staff.iter().chain(&others).all(|v| may_read_item(v, &meeting, &late)));
    }
}
