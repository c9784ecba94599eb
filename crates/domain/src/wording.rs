//! How dates, times and exemptions read wherever Moot prints them (pages and PDFs alike), in
//! the style of printed agendas: "Tuesday 15 June 2021", "10.00 am".

use jiff::civil::{Date, DateTime};

use crate::{
    AgendaItem, Attendance, Declaration, Exclusion, Exemption, MemberId, Presenter, Resolution, Vote, VoteChoice,
    VoteOutcome,
};

pub fn long_date(d: Date) -> String {
    d.strftime("%A %-d %B %Y").to_string()
}

/// "15 June 2021": a date without its weekday, for a table's narrow column, as the seeds'
/// tables print dates.
pub fn short_date(d: Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

/// "10.00 am", "5.30 pm".
pub fn clock_time(t: DateTime) -> String {
    let (h, m) = (t.hour(), t.minute());
    let suffix = if h < 12 { "am" } else { "pm" };
    let h12 = match h % 12 {
        0 => 12,
        h => h,
    };
    format!("{h12}.{m:02} {suffix}")
}

/// "Exempt: paragraph 1 of Part 1 of Schedule 12A (information about a particular person). Reason."
pub fn exemption_notice(e: &Exemption) -> String {
    format!("Exempt: {} ({}). {}", e.paragraph, e.paragraph.summary(), e.reason)
}

/// What an item's page says of its being private, once the meeting has said how: an item
/// marked exempt whose own papers may still be public (their cover sheets saying "Exempt:
/// No") names the part the press and public left for, so the two do not seem to disagree.
/// With no exclusion recorded (an agenda not yet met on) it is the agenda's notice.
pub fn privacy_notice(exemption: Option<&Exemption>, exclusion: Option<&Exclusion>) -> Option<String> {
    let reason = exemption.map(|e| format!(" {}", e.reason)).unwrap_or_default();
    match (exclusion, exemption) {
        (None, None) => None,
        (None, Some(e)) => Some(exemption_notice(e)),
        (Some(x), _) => {
            let under = format!("under {} ({})", x.paragraph, x.paragraph.summary());
            Some(match &x.part {
                Some(part) => format!(
                    "Part taken in private: the press and public left for {part}, {under}; the rest of the item was in public.{reason}"
                ),
                None => format!("Taken in private: the press and public left for the whole item, {under}.{reason}"),
            })
        }
    }
}

/// Why a meeting page shows no agenda: not published yet, or never, as the meeting was
/// called off first.
pub fn why_no_agenda(meeting: &crate::Meeting) -> &'static str {
    match meeting.status {
        crate::MeetingStatus::Cancelled | crate::MeetingStatus::Postponed => {
            "The agenda was not published before the meeting was called off."
        }
        _ => {
            "The agenda has not been published yet. It is published at least five clear working days before the meeting."
        }
    }
}

/// "Councillor Jarvis declared a non-pecuniary interest in item 9 (Response to Domestic Abuse
/// during the pandemic), as she was a board member of RISE.": a declaration as the meeting
/// page, the minutes and the clerks' workspace print it; `item` names the item it concerns.
pub fn declaration_line(d: &Declaration, name: &str, item: Option<&str>) -> String {
    let kind = d.kind.label().to_lowercase();
    let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    let mut line = format!("{name} declared {article} {kind}");
    if let Some(item) = item {
        line.push_str(&format!(" in {item}"));
    }
    line.push_str(&format!(", {}.", d.text.trim_end_matches('.')));
    if let Some(entry) = &d.register_note {
        line.push_str(&format!(" Register entry: {}.", entry.trim_end_matches('.')));
    }
    // Leaving the room and not voting are recorded apart: a member may stay to answer
    // questions and not vote, or leave with a dispensation to speak first.
    // Named again rather than "they": the declaration's own words may already say "she".
    match (d.left_room, d.did_not_vote) {
        (true, true) => line.push_str(&format!(
            " {name} left the meeting for that item and did not take part in the discussion or vote."
        )),
        (true, false) => line.push_str(&format!(" {name} left the meeting for that item.")),
        (false, true) => line.push_str(&format!(
            " {name} remained in the meeting but did not vote on that item."
        )),
        (false, false) => {}
    }
    if let Some(d) = &d.dispensation {
        line.push_str(&format!(
            " {name} took part under a dispensation: {}.",
            d.trim_end_matches('.')
        ));
    }
    line
}

/// A minute's heading as a page shows it. Minutes are often headed in capitals
/// ("ROTHERHAM PAUSE PRACTICE - IMPACT REPORT"), which print well but read as shouting on
/// screen and are spelt out letter by letter by some screen readers; such a heading is shown
/// in sentence case, each word cased as the item's title has it where the title has it
/// ("Rotherham Pause Practice - Impact Report"), so that names and acronyms survive. A
/// heading with any lower case is the clerk's choice and is shown as written.
pub fn screen_heading(heading: &str, title: &str) -> String {
    if heading.chars().any(char::is_lowercase) || !heading.chars().any(char::is_uppercase) {
        return heading.to_owned();
    }
    let cased: std::collections::HashMap<String, &str> =
        title.split_whitespace().map(|w| (w.to_lowercase(), w)).collect();
    let mut out = Vec::new();
    for (n, word) in heading.split_whitespace().enumerate() {
        let lower = word.to_lowercase();
        out.push(match cased.get(&lower) {
            Some(as_titled) => (*as_titled).to_owned(),
            None if n == 0 => {
                let mut chars = lower.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            }
            None => lower,
        });
    }
    out.join(" ")
}

/// The resolution that excludes the press and public, in the statutory words the minutes
/// use (seed 000's minute 3): for a whole item, or only during part of one.
pub fn exclusion_resolution(e: &Exclusion, item: &AgendaItem) -> String {
    let during = match &e.part {
        Some(part) => format!("during {part}"),
        None => format!("for item {} ({})", item.number, item.title),
    };
    format!(
        "That under Section 100(A)(4) of the Local Government Act 1972 the public be excluded from the meeting {during} \
         on the grounds that it involves the likely disclosure of exempt information as defined in Paragraph {} of \
         Part 1 of Schedule 12A of the Act.",
        e.paragraph.number()
    )
}

/// "The press and public were excluded during the presentation on the Pause Project (item 7,
/// Rotherham Pause Practice - Impact Report) under paragraph 1 of Part 1 of Schedule 12A.":
/// the meeting page's line; `item` is `None` for an item the reader may not see.
pub fn exclusion_line(e: &Exclusion, item: Option<&AgendaItem>) -> String {
    match (&e.part, item) {
        (Some(part), Some(i)) => format!(
            "The press and public were excluded during {part} (item {}, {}) under {}.",
            i.number, i.title, e.paragraph
        ),
        (Some(part), None) => format!(
            "The press and public were excluded during {part} (an item) under {}.",
            e.paragraph
        ),
        (None, Some(i)) => format!(
            "The press and public were excluded for item {} ({}) under {}.",
            i.number, i.title, e.paragraph
        ),
        (None, None) => format!("The press and public were excluded for an item under {}.", e.paragraph),
    }
}

/// "Councillor Steele, Chair of the Overview and Scrutiny Management Board": someone in
/// attendance who is not a member, named when Moot knows who, else by their role alone.
pub fn presenter_line(p: &Presenter, name: Option<&str>) -> String {
    match name {
        Some(name) => format!("{name}, {}", p.role),
        None => p.role.clone(),
    }
}

/// "Councillor Pitchley (in the Chair) (attended remotely) (left during item 9)": a line of
/// the attendance list, the same on the meeting page and in the minutes.
pub fn attendance_line(a: &Attendance, name: &str, substitute_for: Option<&str>) -> String {
    let mut line = name.to_owned();
    if a.in_chair {
        line.push_str(" (in the Chair)");
    }
    if let Some(absent) = substitute_for {
        line.push_str(&format!(" (substitute for {absent})"));
    }
    if a.remote {
        line.push_str(" (attended remotely)");
    }
    if let Some(n) = a.arrived_during {
        line.push_str(&format!(" (arrived during item {n})"));
    }
    if let Some(n) = a.left_during {
        line.push_str(&format!(" (left during item {n})"));
    }
    line
}

/// A resolution as the minutes print it, with its vote when one was taken: "That the
/// report be noted. (Carried; moved by …; recorded vote: for …)".
pub fn resolution_line(r: &Resolution, name: &dyn Fn(&MemberId) -> String) -> String {
    match &r.vote {
        Some(v) => format!("{} ({})", r.text, vote_summary(v, name)),
        None => r.text.clone(),
    }
}

/// "Carried; moved by Councillor A, seconded by Councillor B; recorded vote: for A, B;
/// against C; abstained D".
fn vote_summary(v: &Vote, name: &dyn Fn(&MemberId) -> String) -> String {
    let mut parts = vec![
        match v.outcome {
            VoteOutcome::Carried => "Carried",
            VoteOutcome::CarriedUnanimously => "Carried unanimously",
            VoteOutcome::Lost => "Lost",
        }
        .to_owned(),
    ];
    if let Some(m) = &v.mover {
        parts.push(format!("moved by {}", name(m)));
    }
    if let Some(s) = &v.seconder {
        parts.push(format!("seconded by {}", name(s)));
    }
    if !v.recorded.is_empty() {
        let list = |choice: VoteChoice| {
            v.recorded
                .iter()
                .filter(|r| r.choice == choice)
                .map(|r| name(&r.member))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut recorded = Vec::new();
        for (label, choice) in [
            ("for", VoteChoice::For),
            ("against", VoteChoice::Against),
            ("abstained", VoteChoice::Abstain),
        ] {
            let names = list(choice);
            if !names.is_empty() {
                recorded.push(format!("{label} {names}"));
            }
        }
        parts.push(format!("recorded vote: {}", recorded.join("; ")));
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_say_separately_who_left_and_who_did_not_vote() {
        let meeting = crate::testing::meeting(crate::CouncilId::new(), jiff::civil::date(2020, 11, 10));
        let mut d = crate::testing::declaration(&crate::testing::item(&meeting));
        let line = |d: &Declaration| declaration_line(d, "Councillor Jarvis", Some("item 9"));
        assert_eq!(
            line(&d),
            "Councillor Jarvis declared a non-pecuniary interest in item 9, as she was a board member of RISE."
        );
        d.did_not_vote = true;
        assert_eq!(
            line(&d),
            "Councillor Jarvis declared a non-pecuniary interest in item 9, as she was a board member of RISE. Councillor Jarvis remained in the meeting but did not vote on that item."
        );
        d.left_room = true;
        d.register_note = Some("Trustee, RISE".into());
        d.dispensation = Some("Granted by the Standards Committee on 1 June 2021 to speak".into());
        assert_eq!(
            line(&d),
            "Councillor Jarvis declared a non-pecuniary interest in item 9, as she was a board member of RISE. Register entry: Trustee, RISE. Councillor Jarvis left the meeting for that item and did not take part in the discussion or vote. Councillor Jarvis took part under a dispensation: Granted by the Standards Committee on 1 June 2021 to speak."
        );
        d.did_not_vote = false;
        assert!(line(&d).contains("RISE. Councillor Jarvis left the meeting for that item. Councillor Jarvis took"));
    }

    #[test]
    fn an_item_taken_partly_in_private_says_which_part_rather_than_exempt() {
        let meeting = crate::testing::meeting(crate::CouncilId::new(), jiff::civil::date(2021, 6, 15));
        let item = crate::testing::item(&meeting);
        let exemption = Exemption {
            reason: "Information relating to individual women".into(),
            ..crate::testing::exemption()
        };
        let mut exclusion = Exclusion {
            id: crate::ExclusionId::new(),
            council: meeting.council,
            meeting: meeting.id,
            item: item.id,
            part: Some("the presentation on the Pause Project".into()),
            paragraph: crate::Schedule12aParagraph::parse(1).expect("paragraph"),
            resolved_under: None,
            text: None,
        };
        assert_eq!(privacy_notice(None, None), None);
        assert_eq!(
            privacy_notice(Some(&exemption), None).as_deref(),
            Some(exemption_notice(&exemption).as_str()),
            "before the meeting, the agenda's notice"
        );
        assert_eq!(
            privacy_notice(Some(&exemption), Some(&exclusion)).as_deref(),
            Some(
                "Part taken in private: the press and public left for the presentation on the Pause Project, under \
                 paragraph 1 of Part 1 of Schedule 12A (information about a particular person); the rest of the item \
                 was in public. Information relating to individual women"
            )
        );
        exclusion.part = None;
        assert_eq!(
            privacy_notice(None, Some(&exclusion)).as_deref(),
            Some(
                "Taken in private: the press and public left for the whole item, under paragraph 1 of Part 1 of \
                 Schedule 12A (information about a particular person)."
            )
        );
    }

    #[test]
    fn headings_in_capitals_are_shown_in_the_titles_case() {
        assert_eq!(
            screen_heading(
                "ROTHERHAM PAUSE PRACTICE - IMPACT REPORT",
                "Rotherham Pause Practice - Impact Report"
            ),
            "Rotherham Pause Practice - Impact Report"
        );
        assert_eq!(
            screen_heading(
                "MINUTES OF THE PREVIOUS MEETINGS HELD ON 9 AND 22 MARCH",
                "Minutes of the previous meetings held on 9 and 22 March"
            ),
            "Minutes of the previous meetings held on 9 and 22 March"
        );
        // Words the title lacks are lower case, but for the first.
        assert_eq!(
            screen_heading("UPDATE FROM THE RISE BOARD", "Domestic abuse services"),
            "Update from the rise board"
        );
        assert_eq!(
            screen_heading("Declarations of Interest", "x"),
            "Declarations of Interest"
        );
        assert_eq!(screen_heading("2021/22", "x"), "2021/22");
    }

    #[test]
    fn exclusions_read_as_the_statute_words_them() {
        let meeting = crate::testing::meeting(crate::CouncilId::new(), jiff::civil::date(2021, 6, 15));
        let item = AgendaItem {
            title: "Rotherham Pause Practice - Impact Report".into(),
            ..crate::testing::item(&meeting)
        };
        let mut e = crate::testing::exclusion(&item);
        assert_eq!(
            exclusion_resolution(&e, &item),
            "That under Section 100(A)(4) of the Local Government Act 1972 the public be excluded from the meeting for item 7 (Rotherham Pause Practice - Impact Report) on the grounds that it involves the likely disclosure of exempt information as defined in Paragraph 1 of Part 1 of Schedule 12A of the Act."
        );
        e.part = Some("the presentation on the Pause Project".into());
        assert_eq!(
            exclusion_resolution(&e, &item),
            "That under Section 100(A)(4) of the Local Government Act 1972 the public be excluded from the meeting during the presentation on the Pause Project on the grounds that it involves the likely disclosure of exempt information as defined in Paragraph 1 of Part 1 of Schedule 12A of the Act."
        );
        assert_eq!(
            exclusion_line(&e, Some(&item)),
            "The press and public were excluded during the presentation on the Pause Project (item 7, Rotherham Pause Practice - Impact Report) under paragraph 1 of Part 1 of Schedule 12A."
        );
        assert_eq!(
            exclusion_line(&e, None),
            "The press and public were excluded during the presentation on the Pause Project (an item) under paragraph 1 of Part 1 of Schedule 12A."
        );
    }

    #[test]
    fn printed_styles() {
        let t: DateTime = "2021-06-15T17:30:00".parse().expect("valid");
        assert_eq!(long_date(t.date()), "Tuesday 15 June 2021");
        assert_eq!(clock_time(t), "5.30 pm");
        let noon: DateTime = "2021-06-15T00:05:00".parse().expect("valid");
        assert_eq!(clock_time(noon), "12.05 am");
    }
}
