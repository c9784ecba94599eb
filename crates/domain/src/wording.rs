//! How dates, times and exemptions read wherever Moot prints them (pages and PDFs alike), in
//! the style of printed agendas: "Tuesday 15 June 2021", "10.00 am".

use jiff::civil::{Date, DateTime};

use crate::{Attendance, Declaration, Exemption, MemberId, Resolution, Vote, VoteChoice, VoteOutcome};

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
    if d.left_room {
        line.push_str(" They left the meeting for that item and did not take part in the discussion or vote.");
    }
    line
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
    fn printed_styles() {
        let t: DateTime = "2021-06-15T17:30:00".parse().expect("valid");
        assert_eq!(long_date(t.date()), "Tuesday 15 June 2021");
        assert_eq!(clock_time(t), "5.30 pm");
        let noon: DateTime = "2021-06-15T00:05:00".parse().expect("valid");
        assert_eq!(clock_time(noon), "12.05 am");
    }
}
