//! Records for the domain's own tests, filled in with the least a rule needs; each test
//! changes what it is about with struct update syntax.

use jiff::civil::Date;

use crate::{
    AgendaItem, AgendaNumber, CommitteeId, CouncilId, Declaration, Document, DocumentKind, Exclusion, InterestKind,
    ItemKind, Meeting, MeetingId, MeetingStatus, MemberId, Visibility,
};

/// A scheduled meeting at 10am on `day`, of a committee of its own.
pub fn meeting(council: CouncilId, day: Date) -> Meeting {
    Meeting {
        id: MeetingId::new(),
        council,
        committee: CommitteeId::new(),
        starts_at: day.at(10, 0, 0, 0),
        ends_at: None,
        venue: None,
        webcast_url: None,
        pre_meeting_note: None,
        contact_officer: None,
        in_attendance: Vec::new(),
        signed_by: None,
        status: MeetingStatus::Scheduled,
        previous_times: Vec::new(),
        status_reason: None,
        minutes_approved_at: None,
        publication_request: None,
        agenda_published: false,
    }
}

/// Business item 7 of `meeting`, taken in public.
pub fn item(meeting: &Meeting) -> AgendaItem {
    AgendaItem {
        id: crate::AgendaItemId::new(),
        council: meeting.council,
        meeting: meeting.id,
        committee: meeting.committee,
        number: AgendaNumber::parse("7").expect("number"),
        title: "Pause Practice".into(),
        description: None,
        kind: ItemKind::Business,
        exemption: None,
        urgency: None,
        awaiting_release: false,
        subject: None,
        approves_minutes_of: Vec::new(),
        published_pages: None,
        presenters: Vec::new(),
        minute: None,
    }
}

/// A draft paper titled `title` for `item`.
pub fn paper(item: &AgendaItem, title: &str) -> Document {
    Document {
        id: crate::DocumentId::new(),
        council: item.council,
        meeting: Some(item.meeting),
        item: Some(item.id),
        position: 1,
        title: title.into(),
        kind: DocumentKind::Appendix,
        file: None,
        visibility: Visibility::Draft,
        authors: Vec::new(),
        cover_sheet: None,
        text: None,
        published_as: None,
        generated: None,
        withdrawn: None,
        exempt_on_release: None,
        revisions: Vec::new(),
        original_of: None,
    }
}

/// Exempt under paragraph 1 (information about an individual).
pub fn exemption() -> crate::Exemption {
    crate::Exemption {
        paragraph: crate::Schedule12aParagraph::parse(1).expect("paragraph"),
        reason: "Names individuals".into(),
        public_interest: None,
        review_date: None,
    }
}

/// A non-pecuniary interest declared in `item`, as seed 003's Councillor Jarvis did.
pub fn declaration(item: &AgendaItem) -> Declaration {
    Declaration {
        id: crate::DeclarationId::new(),
        council: item.council,
        meeting: item.meeting,
        item: Some(item.id),
        member: MemberId::new(),
        kind: InterestKind::NonPecuniary,
        text: "as she was a board member of RISE".into(),
        left_room: false,
        did_not_vote: false,
        register_entry: None,
        register_note: None,
        dispensation: None,
    }
}

/// The press and public excluded for the whole of `item` under paragraph 1.
pub fn exclusion(item: &AgendaItem) -> Exclusion {
    Exclusion {
        id: crate::ExclusionId::new(),
        council: item.council,
        meeting: item.meeting,
        item: item.id,
        part: None,
        paragraph: crate::Schedule12aParagraph::parse(1).expect("paragraph"),
        resolved_under: None,
        text: None,
    }
}
