//! Small valid records to build test worlds from, and the files clerks upload.

use jiff::civil::{Date, DateTime};
use moot_domain::*;

pub fn actor(name: &str) -> Actor {
    Actor::parse(name).unwrap_or_else(|e| panic!("{e}"))
}

pub fn slug(s: &str) -> Slug {
    Slug::parse(s).unwrap_or_else(|e| panic!("{e}"))
}

pub fn council(s: &str) -> Council {
    Council {
        id: CouncilId::new(),
        slug: slug(s),
        name: format!("{s} Council"),
        address: None,
        website: None,
        logo: None,
        settings: CouncilSettings::default(),
    }
}

pub fn committee(council: CouncilId, s: &str) -> Committee {
    Committee {
        id: CommitteeId::new(),
        council,
        slug: slug(s),
        name: s.replace('-', " "),
        short_name: None,
        kind: CommitteeKind::SelectCommission,
        parent: None,
        remit: None,
        contact_officer: None,
        default_venue: None,
        webcast: true,
        status: CommitteeStatus::Active,
        agenda_template: vec![],
    }
}

pub fn member(council: CouncilId, family: &str) -> Member {
    Member {
        id: MemberId::new(),
        council,
        slug: slug(&family.to_lowercase()),
        title: Some("Councillor".into()),
        given_names: None,
        family_name: family.into(),
        kind: MemberKind::Councillor,
        party: None,
        ward: None,
        photo: None,
        email: None,
        phone: None,
        term_from: None,
        term_to: None,
    }
}

pub fn annual_meeting(council: CouncilId, date: Date) -> AnnualMeeting {
    AnnualMeeting {
        id: AnnualMeetingId::new(),
        council,
        date,
        meeting: None,
    }
}

pub fn series(committee: &Committee, annual: &AnnualMeeting) -> MinuteSeries {
    MinuteSeries {
        id: MinuteSeriesId::new(),
        council: committee.council,
        committee: committee.id,
        annual_meeting: annual.id,
        starts_on: annual.date,
    }
}

pub fn meeting(committee: &Committee, starts_at: DateTime) -> Meeting {
    Meeting {
        id: MeetingId::new(),
        council: committee.council,
        committee: committee.id,
        starts_at,
        ends_at: None,
        venue: None,
        webcast_url: None,
        pre_meeting_note: None,
        contact_officer: None,
        in_attendance: Vec::new(),
        signed_by: None,
        status: MeetingStatus::Scheduled,
        previous_times: vec![],
        status_reason: None,
        minutes_approved_at: None,
        publication_request: None,
        agenda_published: false,
    }
}

pub fn item(meeting: &Meeting, number: &str, title: &str) -> AgendaItem {
    AgendaItem {
        id: AgendaItemId::new(),
        council: meeting.council,
        meeting: meeting.id,
        committee: meeting.committee,
        number: AgendaNumber::parse(number).unwrap_or_else(|e| panic!("{e}")),
        title: title.into(),
        description: None,
        kind: ItemKind::Business,
        exemption: None,
        urgency: None,
        awaiting_release: false,
        subject: None,
        approves_minutes_of: vec![],
        published_pages: None,
        presenters: vec![],
        minute: None,
    }
}

pub fn minute(series: &MinuteSeries, number: u32, heading: &str) -> Minute {
    Minute {
        series: series.id,
        number: MinuteNumber::parse(number).unwrap_or_else(|e| panic!("{e}")),
        heading: heading.into(),
        text: String::new(),
        text_visibility: Visibility::Draft,
        amendments: Vec::new(),
    }
}

pub fn exemption(paragraph: u8, reason: &str) -> Exemption {
    Exemption {
        paragraph: Schedule12aParagraph::parse(paragraph).unwrap_or_else(|e| panic!("{e}")),
        reason: reason.into(),
        public_interest: None,
        review_date: None,
    }
}

pub fn document(item: &AgendaItem, title: &str, kind: DocumentKind) -> Document {
    Document {
        id: DocumentId::new(),
        council: item.council,
        meeting: Some(item.meeting),
        item: Some(item.id),
        position: 1,
        title: title.into(),
        kind,
        file: None,
        visibility: Visibility::Draft,
        authors: vec![],
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

pub fn account(council: CouncilId, email: &str, role: AccountRole) -> UserAccount {
    UserAccount {
        id: AccountId::new(),
        council,
        email: Email::parse(email).expect("email"),
        name: email.split('@').next().unwrap_or("someone").to_owned(),
        role,
        member: None,
        officer: None,
        disabled: false,
    }
}

/// A Word file (`.docx`) in `dir`, made from plain text by Debian's LibreOffice with a
/// profile of its own, as a clerk's officers would send one. Panics if `soffice` fails: the
/// callers check that it is installed first.
#[allow(clippy::panic, reason = "test support fails loudly")]
pub fn word_file(dir: &std::path::Path, text: &str) -> std::path::PathBuf {
    let source = dir.join("report.txt");
    if let Err(e) = std::fs::write(&source, text) {
        panic!("writing {}: {e}", source.display());
    }
    let profile = format!("-env:UserInstallation=file://{}", dir.join("soffice-profile").display());
    let out = std::process::Command::new("soffice")
        .args([
            "--headless",
            "--norestore",
            &profile,
            "--convert-to",
            "docx",
            "--outdir",
        ])
        .arg(dir)
        .arg(&source)
        .output();
    match out {
        Ok(out) if out.status.success() => dir.join("report.docx"),
        Ok(out) => panic!("soffice failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(e) => panic!("soffice did not run: {e}"),
    }
}

/// A one-page PDF whose text is `text` (letters, digits, spaces and simple punctuation):
/// small, and whole enough for the checks an upload and a pack make.
pub fn pdf(text: &str) -> Vec<u8> {
    let content = format!("BT /F1 12 Tf 72 770 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_owned(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (n, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", n + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// The project's shared data (seeds, real council PDFs, OParl schemas), read in place from
/// `MOOT_SHARED` (default `../shared` beside the checkout). `None` with a notice when it is
/// missing, so a test can skip; under CI a missing folder fails the test instead.
#[allow(clippy::panic, reason = "test support fails loudly")]
pub fn shared_data() -> Option<std::path::PathBuf> {
    // Relative to the checkout, as the README gives it; an absolute path is taken as it is.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join(std::env::var("MOOT_SHARED").unwrap_or_else(|_| "../shared".to_owned()));
    if dir.join("fixtures/pdf").is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!(
            "MOOT_SHARED must point at the shared data under CI (no fixtures at {})",
            dir.display()
        );
    }
    eprintln!(
        "notice: skipping: no shared fixtures at {} (set MOOT_SHARED)",
        dir.display()
    );
    None
}
