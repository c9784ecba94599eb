//! How dates, times and references read on a council's pages ("Tuesday 15 June 2021, 10.00 am").

use jiff::civil::{Date, DateTime};
use moot_domain::{Committee, Meeting};

pub fn long_date(d: Date) -> String {
    d.strftime("%A %-d %B %Y").to_string()
}

/// "10.00 am", "5.30 pm": the style of the printed agendas.
pub fn time(t: DateTime) -> String {
    let (h, m) = (t.hour(), t.minute());
    let suffix = if h < 12 { "am" } else { "pm" };
    let h12 = match h % 12 {
        0 => 12,
        h => h,
    };
    format!("{h12}.{m:02} {suffix}")
}

/// The stable public address of a meeting: `/meetings/2021-06-15-improving-lives-select-commission`.
pub fn meeting_path(meeting: &Meeting, committee: &Committee) -> String {
    format!("/meetings/{}-{}", meeting.starts_at.date(), committee.slug)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn formats() {
        assert_eq!(long_date(date(2021, 6, 15)), "Tuesday 15 June 2021");
        assert_eq!(time(date(2021, 6, 15).at(10, 0, 0, 0)), "10.00 am");
        assert_eq!(time(date(2021, 3, 22).at(17, 30, 0, 0)), "5.30 pm");
        assert_eq!(time(date(2021, 3, 22).at(12, 5, 0, 0)), "12.05 pm");
    }
}
