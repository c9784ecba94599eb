//! Publishing an agenda, by two people. A clerk asks; a second clerk checks what will become
//! public (exempt papers above all) and approves. Councils have been fined for releasing
//! exempt material nobody else looked at, so a council must choose to allow one person
//! alone (`CouncilSettings::single_person_publishing`). A request after the statutory
//! deadline must say why it is late.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::calendar::WorkingCalendar;
use crate::deadline::published_in_time;
use crate::{Actor, AgendaItem, Document, DomainError, Visibility};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::HolidayRegion;
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
        let council = crate::CouncilId::new();
        let meeting = crate::MeetingId::new();
        let item = AgendaItem {
            id: crate::AgendaItemId::new(),
            council,
            meeting,
            committee: crate::CommitteeId::new(),
            number: crate::AgendaNumber::parse("7").expect("number"),
            title: "Pause Practice".into(),
            description: None,
            kind: crate::ItemKind::Business,
            exemption: None,
            urgency: None,
            awaiting_release: false,
            subject: None,
            approves_minutes_of: Vec::new(),
            published_pages: None,
            presenters: Vec::new(),
            minute: None,
        };
        let exemption = crate::Exemption {
            paragraph: crate::Schedule12aParagraph::parse(1).expect("paragraph"),
            reason: "Names individuals".into(),
            public_interest: None,
            review_date: None,
        };
        let paper = |exempt_on_release| Document {
            id: crate::DocumentId::new(),
            council,
            meeting: Some(meeting),
            item: Some(item.id),
            position: 1,
            title: "Appendix".into(),
            kind: crate::DocumentKind::Appendix,
            file: None,
            visibility: Visibility::Draft,
            authors: Vec::new(),
            cover_sheet: None,
            text: None,
            published_as: None,
            generated: None,
            withdrawn: None,
            exempt_on_release,
            revisions: Vec::new(),
            original_of: None,
        };
        let items = [item.clone()];
        assert_eq!(on_publication(&paper(None), &items), Some(Visibility::Public));
        assert_eq!(
            on_publication(&paper(Some(exemption.clone())), &items),
            Some(Visibility::Exempt(exemption))
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
}
