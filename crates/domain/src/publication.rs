//! Publishing an agenda, by two people. A clerk asks; a second clerk checks what will become
//! public (exempt papers above all) and approves. Councils have been fined for releasing
//! exempt material nobody else looked at, so a council must choose to allow one person
//! alone (`CouncilSettings::single_person_publishing`). A request after the statutory
//! deadline must say why it is late.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::calendar::WorkingCalendar;
use crate::deadline::published_in_time;
use crate::wording::exemption_notice;
use crate::{Actor, AgendaItem, Document, DomainError, Meeting, MeetingStatus, Visibility};

/// A clerk's request to publish a meeting's agenda, waiting for a second clerk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicationRequest {
    pub by: Actor,
    /// The requester's name as the publication log prints it.
    pub by_name: String,
    pub at: Timestamp,
    /// Why the agenda goes out after the statutory deadline, when it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_reason: Option<String>,
}

/// Checks a request made on `today` for a meeting on `meeting`: a late one needs a reason.
pub fn check_request(
    cal: &WorkingCalendar,
    today: Date,
    meeting: Date,
    late_reason: Option<&str>,
) -> Result<(), DomainError> {
    let late = !published_in_time(cal, today, meeting)?;
    if late && late_reason.is_none_or(|r| r.trim().is_empty()) {
        return Err(DomainError::invalid(
            "reason for lateness",
            "the statutory deadline (five clear working days before the meeting) has passed, so the \
             request must say why the agenda is late",
        ));
    }
    Ok(())
}

/// Checks that `approver` may approve `request`: someone else, unless the council allows one
/// person to publish alone.
pub fn check_approval(request: &PublicationRequest, approver: &Actor, single_person: bool) -> Result<(), DomainError> {
    if request.by == *approver && !single_person {
        return Err(DomainError::invalid(
            "approval",
            "a second clerk must approve a publication request; you made this one",
        ));
    }
    Ok(())
}

/// What a paper becomes when the agenda is published: a draft marked exempt, or of an exempt
/// item, is released as exempt (to those the visibility rule allows), any other draft as
/// public. Papers already released keep their state; withdrawn ones stay withdrawn; the
/// office originals of converted papers are never released.
pub fn on_publication(document: &Document, items: &[AgendaItem]) -> Option<Visibility> {
    let kept_back = document.withdrawn.is_some() || document.original_of.is_some();
    if !matches!(document.visibility, Visibility::Draft) || kept_back {
        return None;
    }
    let item = items.iter().find(|i| Some(i.id) == document.item);
    let exemption = document
        .exempt_on_release
        .clone()
        .or_else(|| item.and_then(|i| i.exemption.clone()));
    Some(match exemption {
        Some(exemption) => Visibility::Exempt(exemption),
        None => Visibility::Public,
    })
}

/// What one approval releases, worked out from the records as they stand: the lines the
/// approving clerk is shown, the fingerprint of exactly those records at those versions (the
/// approval form carries it back, and approval is refused if anything changed after the
/// second clerk looked, so nothing goes out unseen), and the records as they will be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub kind: Released,
    pub lines: Vec<ReleaseLine>,
    pub fingerprint: String,
    /// Items as they will be written (late items released, minutes published), with the
    /// versions they were read at.
    pub items: Vec<(AgendaItem, i64)>,
    /// Papers as they will be written, with the versions they were read at.
    pub documents: Vec<(Document, i64)>,
}

/// Which publication an approval makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Released {
    Agenda,
    /// Late items and papers added after the agenda went out.
    SupplementaryAgenda,
    DraftMinutes,
}

impl Released {
    /// As the log note and the request's note name it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Agenda => "agenda",
            Self::SupplementaryAgenda => "supplementary agenda",
            Self::DraftMinutes => "draft minutes",
        }
    }

    /// The status the meeting moves to, if the publication moves it.
    fn moves_to(self) -> Option<MeetingStatus> {
        match self {
            Self::Agenda => Some(MeetingStatus::AgendaPublished),
            Self::SupplementaryAgenda => None,
            Self::DraftMinutes => Some(MeetingStatus::DraftMinutes),
        }
    }
}

/// One thing a release makes public, as the approving clerk reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseLine {
    /// "Minute 11: EARLY HELP REVIEW", "Late item 9: …", or a paper's title.
    pub what: String,
    /// "public", "exempt: …", "public, taken in private: …".
    pub becomes: String,
    /// Whether it goes to members only.
    pub exempt: bool,
}

/// The release an approval of a request on `meeting` would make now, or `None` when the
/// meeting's status has nothing to publish.
pub fn release(meeting: &Meeting, items: &[(AgendaItem, i64)], documents: &[(Document, i64)]) -> Option<Release> {
    let kind = match meeting.status {
        MeetingStatus::Scheduled => Released::Agenda,
        MeetingStatus::AgendaPublished => Released::SupplementaryAgenda,
        MeetingStatus::Held => Released::DraftMinutes,
        _ => return None,
    };
    let mut hasher = Sha256::new();
    for (item, version) in items {
        hasher.update(format!("item {} {version};", item.id));
    }
    let label = |becomes: &Visibility| match becomes {
        Visibility::Exempt(e) => format!("exempt: {}", exemption_notice(e)),
        _ => "public".to_owned(),
    };
    let mut ordered: Vec<&(AgendaItem, i64)> = items.iter().collect();
    ordered.sort_by_key(|(i, _)| i.number);
    let mut release = Release {
        kind,
        lines: Vec::new(),
        fingerprint: String::new(),
        items: Vec::new(),
        documents: Vec::new(),
    };
    if kind == Released::DraftMinutes {
        // Each minute's text is released, an exempt item's as exempt.
        for (item, version) in ordered {
            let Some(minute) = item
                .minute
                .as_ref()
                .filter(|m| matches!(m.text_visibility, Visibility::Draft))
            else {
                continue;
            };
            let becomes = item.exemption.clone().map_or(Visibility::Public, Visibility::Exempt);
            release.lines.push(ReleaseLine {
                what: format!("Minute {}: {}", minute.number, minute.heading),
                becomes: label(&becomes),
                exempt: matches!(becomes, Visibility::Exempt(_)),
            });
            let mut item = item.clone();
            if let Some(minute) = item.minute.as_mut() {
                minute.text_visibility = becomes;
            }
            release.items.push((item, *version));
        }
    } else {
        // Late items go out with their supplementary agenda, approved like the agenda was.
        for (item, version) in ordered.into_iter().filter(|(i, _)| i.awaiting_release) {
            let becomes = match &item.exemption {
                // An exempt item's title and reason are public; its papers are not.
                Some(e) => format!("public, taken in private: {}", exemption_notice(e)),
                None => "public".to_owned(),
            };
            release.lines.push(ReleaseLine {
                what: format!("Late item {}: {}", item.number, item.title),
                becomes,
                exempt: false,
            });
            let mut item = item.clone();
            item.awaiting_release = false;
            release.items.push((item, *version));
        }
        let plain: Vec<AgendaItem> = items.iter().map(|(i, _)| i.clone()).collect();
        for (document, version) in documents {
            if let Some(becomes) = on_publication(document, &plain) {
                hasher.update(format!("document {} {version};", document.id));
                release.lines.push(ReleaseLine {
                    what: document.title.clone(),
                    becomes: label(&becomes),
                    exempt: matches!(becomes, Visibility::Exempt(_)),
                });
                let mut document = document.clone();
                document.visibility = becomes;
                release.documents.push((document, *version));
            }
        }
    }
    release.fingerprint = hex::encode(hasher.finalize());
    Some(release)
}

impl Release {
    /// Whether a request would publish anything: an agenda and draft minutes always go out
    /// (the meeting's status moves); a supplementary agenda only with something on it.
    pub fn is_empty(&self) -> bool {
        self.kind == Released::SupplementaryAgenda && self.lines.is_empty()
    }
}

/// The request `by` (named `by_name`) makes on `meeting` at `at`, `today` in the council's
/// time, checked: the meeting must have something to publish, no other request waiting, and
/// an agenda asked for after the deadline needs `late_reason`. Returns what the request is
/// for, for the log note.
pub fn ask(
    meeting: &mut Meeting,
    release: Option<&Release>,
    cal: &WorkingCalendar,
    today: Date,
    request: PublicationRequest,
) -> Result<Released, DomainError> {
    let nothing =
        || DomainError::NotNow("There is nothing to publish now, or a request is already waiting for approval.".into());
    let release = release.filter(|r| !r.is_empty()).ok_or_else(nothing)?;
    if meeting.publication_request.is_some() {
        return Err(nothing());
    }
    if release.kind == Released::Agenda {
        check_request(cal, today, meeting.starts_at.date(), request.late_reason.as_deref())?;
    }
    meeting.publication_request = Some(request);
    Ok(release.kind)
}

/// Approves the request waiting on `meeting`, by `approver`, at `now` (the council's time):
/// `reviewed` is the fingerprint of what the approver was shown, which must still be what
/// `release` makes. The meeting leaves with its new status and no request; `release` holds
/// the other records to write. Returns the request approved.
pub fn approve(
    meeting: &mut Meeting,
    release: &Release,
    reviewed: &str,
    approver: &Actor,
    single_person: bool,
    cal: &WorkingCalendar,
    now: DateTime,
) -> Result<PublicationRequest, DomainError> {
    let request = meeting
        .publication_request
        .clone()
        .ok_or_else(|| DomainError::NotNow("Nobody has asked for this agenda to be published.".into()))?;
    check_approval(&request, approver, single_person)?;
    if release.fingerprint != reviewed {
        return Err(DomainError::NotNow(
            "The papers or the agenda changed after you opened the page, so what you reviewed is not what would be published. Look again at what approving will release, then approve.".into(),
        ));
    }
    // A request made in time can be approved too late: then it needs its reason as well.
    if release.kind == Released::Agenda
        && check_request(
            cal,
            now.date(),
            meeting.starts_at.date(),
            request.late_reason.as_deref(),
        )
        .is_err()
    {
        return Err(DomainError::NotNow(
            "The statutory deadline has passed since publication was asked for, and the request gives no reason for lateness. Ask again with the reason.".into(),
        ));
    }
    if let Some(to) = release.kind.moves_to() {
        meeting.transition(to, now)?;
    }
    meeting.publication_request = None;
    Ok(request)
}

/// A publication a write made to a meeting, as its public publication log lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    Agenda,
    SupplementaryAgenda,
    DraftMinutes,
    MinutesApproved,
}

impl Published {
    /// The line of the publication log.
    pub fn name(self) -> &'static str {
        match self {
            Self::Agenda => "Agenda published",
            Self::SupplementaryAgenda => "Supplementary agenda published",
            Self::DraftMinutes => "Draft minutes published",
            Self::MinutesApproved => "Minutes approved as a correct record",
        }
    }
}

/// What publication, if any, took `before` to `after` (one write of the meeting, read back
/// from the change log, which times it). A supplementary agenda moves no status: it is the
/// approval of a request on a published agenda, the one write that clears a request and
/// leaves the status as it was (cancelling clears a request too, but moves the status).
pub fn published(before: &Meeting, after: &Meeting) -> Option<Published> {
    use MeetingStatus::*;
    if !before.agenda_is_public() && after.agenda_is_public() {
        return Some(Published::Agenda);
    }
    match (before.status, after.status) {
        (Held, DraftMinutes) => Some(Published::DraftMinutes),
        (DraftMinutes, MinutesApproved) => Some(Published::MinutesApproved),
        (AgendaPublished, AgendaPublished)
            if before.publication_request.is_some() && after.publication_request.is_none() =>
        {
            Some(Published::SupplementaryAgenda)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::HolidayRegion;
    use crate::testing;
    use jiff::civil::date;

    fn request(by: &str) -> PublicationRequest {
        PublicationRequest {
            by: Actor::parse(by).expect("actor"),
            by_name: by.to_owned(),
            at: Timestamp::UNIX_EPOCH,
            late_reason: None,
        }
    }

    #[test]
    fn a_second_person_approves_unless_the_council_allows_one() {
        let a = Actor::parse("user:a").expect("actor");
        let b = Actor::parse("user:b").expect("actor");
        assert!(check_approval(&request("user:a"), &a, false).is_err());
        assert!(check_approval(&request("user:a"), &b, false).is_ok());
        assert!(check_approval(&request("user:a"), &a, true).is_ok());
    }

    #[test]
    fn a_paper_marked_exempt_is_released_as_exempt_though_its_item_is_public() {
        let meeting = testing::meeting(crate::CouncilId::new(), date(2021, 6, 15));
        let item = testing::item(&meeting);
        let exemption = testing::exemption();
        let paper = |exempt_on_release| Document {
            exempt_on_release,
            ..testing::paper(&item, "Appendix")
        };
        let items = [item.clone()];
        assert_eq!(on_publication(&paper(None), &items), Some(Visibility::Public));
        assert_eq!(
            on_publication(&paper(Some(exemption.clone())), &items),
            Some(Visibility::Exempt(exemption))
        );
    }

    #[test]
    fn the_publication_log_reads_each_publication_from_the_writes_of_a_meeting() {
        let scheduled = testing::meeting(crate::CouncilId::new(), date(2021, 6, 15));
        let at = |status| Meeting {
            status,
            agenda_published: true,
            ..scheduled.clone()
        };
        let asked = |m: Meeting| Meeting {
            publication_request: Some(request("user:a")),
            ..m
        };
        use MeetingStatus::*;
        assert_eq!(
            published(&asked(scheduled.clone()), &at(AgendaPublished)),
            Some(Published::Agenda)
        );
        assert_eq!(
            published(&asked(at(AgendaPublished)), &at(AgendaPublished)),
            Some(Published::SupplementaryAgenda)
        );
        assert_eq!(published(&at(AgendaPublished), &at(AgendaPublished)), None, "an edit");
        assert_eq!(
            published(&asked(at(AgendaPublished)), &at(Cancelled)),
            None,
            "a cancellation"
        );
        assert_eq!(published(&at(AgendaPublished), &at(Held)), None);
        assert_eq!(
            published(&asked(at(Held)), &at(DraftMinutes)),
            Some(Published::DraftMinutes)
        );
        assert_eq!(
            published(&at(DraftMinutes), &at(MinutesApproved)),
            Some(Published::MinutesApproved)
        );
    }

    #[test]
    fn a_late_request_needs_a_reason() {
        let cal = WorkingCalendar::new(HolidayRegion::EnglandAndWales);
        let meeting = date(2021, 6, 15);
        // The deadline for 15 June 2021 is 7 June.
        assert!(check_request(&cal, date(2021, 6, 7), meeting, None).is_ok());
        assert!(check_request(&cal, date(2021, 6, 8), meeting, None).is_err());
        assert!(check_request(&cal, date(2021, 6, 8), meeting, Some("  ")).is_err());
        assert!(check_request(&cal, date(2021, 6, 8), meeting, Some("the report was late")).is_ok());
    }

    #[test]
    fn an_approval_releases_exactly_what_was_reviewed() {
        let mut meeting = testing::meeting(crate::CouncilId::new(), date(2021, 6, 15));
        let item = testing::item(&meeting);
        let exemption = testing::exemption();
        let paper = |title: &str, exempt_on_release| Document {
            exempt_on_release,
            ..testing::paper(&item, title)
        };
        let items = [(item.clone(), 1)];
        let papers = [
            (paper("Report", None), 1),
            (paper("Appendix A", Some(exemption.clone())), 1),
        ];
        let release = release(&meeting, &items, &papers).expect("an agenda to publish");
        assert_eq!(release.kind, Released::Agenda);
        let lines: Vec<(&str, &str, bool)> = release
            .lines
            .iter()
            .map(|l| (l.what.as_str(), l.becomes.as_str(), l.exempt))
            .collect();
        let exempt = format!("exempt: {}", exemption_notice(&exemption));
        assert_eq!(
            lines,
            [("Report", "public", false), ("Appendix A", exempt.as_str(), true)]
        );
        // Any paper read at another version is another release.
        let changed = [(paper("Report", None), 2), papers[1].clone()];
        assert_ne!(
            release.fingerprint,
            super::release(&meeting, &items, &changed).expect("release").fingerprint
        );

        let cal = WorkingCalendar::new(HolidayRegion::EnglandAndWales);
        let asked = ask(&mut meeting, Some(&release), &cal, date(2021, 6, 1), request("user:a")).expect("asked");
        assert_eq!(asked, Released::Agenda);
        assert!(
            ask(
                &mut meeting.clone(),
                Some(&release),
                &cal,
                date(2021, 6, 1),
                request("user:b")
            )
            .is_err(),
            "one request at a time"
        );
        let now = date(2021, 6, 2).at(9, 0, 0, 0);
        let a = Actor::parse("user:a").expect("actor");
        let b = Actor::parse("user:b").expect("actor");
        let mut tried = meeting.clone();
        assert!(
            approve(&mut tried, &release, &release.fingerprint, &a, false, &cal, now).is_err(),
            "not by the requester"
        );
        let mut tried = meeting.clone();
        assert!(matches!(
            approve(&mut tried, &release, "something else", &b, false, &cal, now),
            Err(DomainError::NotNow(_))
        ));
        assert_eq!(tried, meeting, "a refused approval changes nothing");
        approve(&mut meeting, &release, &release.fingerprint, &b, false, &cal, now).expect("approved");
        assert_eq!(meeting.status, MeetingStatus::AgendaPublished);
        assert!(meeting.publication_request.is_none() && meeting.agenda_published);
        let released: Vec<&Visibility> = release.documents.iter().map(|(d, _)| &d.visibility).collect();
        assert_eq!(released, [&Visibility::Public, &Visibility::Exempt(exemption)]);
    }
}
