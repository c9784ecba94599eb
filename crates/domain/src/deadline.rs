//! Statutory deadlines counted in clear days.
//!
//! "Clear" days exclude both the day something happens and the day it must happen by
//! (R v Swansea City Council, ex p. Elitestone; LGA 1972 s100B as amended in 2002). For
//! agendas only working days count; for key-decision notices all calendar days do.

use jiff::ToSpan;
use jiff::civil::Date;

use crate::DomainError;
use crate::calendar::WorkingCalendar;

/// Clear working days an agenda must be published before its meeting (LGA 1972 s100B(3)).
pub const AGENDA_CLEAR_WORKING_DAYS: u32 = 5;
/// Clear working days after a decision record is published during which it may be called in.
pub const CALL_IN_CLEAR_WORKING_DAYS: u32 = 5;
/// Clear calendar days' notice of a key decision on the forward plan (2012 Regulations, reg 9).
pub const KEY_DECISION_NOTICE_CLEAR_DAYS: i64 = 28;

/// The last working day on which the agenda for a meeting on `meeting` may be published.
///
/// Counts back from the meeting the required clear working days; publication must fall on
/// the working day before the earliest of them (so a Sunday can never be a deadline).
pub fn agenda_publication_deadline(cal: &WorkingCalendar, meeting: Date) -> Result<Date, DomainError> {
    let earliest_clear_day = step_working_days(cal, meeting, AGENDA_CLEAR_WORKING_DAYS, Direction::Back)?;
    step_working_days(cal, earliest_clear_day, 1, Direction::Back)
}

/// Whether publishing on `published` leaves enough clear working days before `meeting`.
pub fn published_in_time(cal: &WorkingCalendar, published: Date, meeting: Date) -> Result<bool, DomainError> {
    Ok(published <= agenda_publication_deadline(cal, meeting)?)
}

/// The last day on which a decision published on `published` may be called in.
pub fn call_in_deadline(cal: &WorkingCalendar, published: Date) -> Result<Date, DomainError> {
    step_working_days(cal, published, CALL_IN_CLEAR_WORKING_DAYS, Direction::Forward)
}

/// The last day on which a key decision to be taken on `decision` may first appear on the forward plan.
pub fn key_decision_notice_deadline(decision: Date) -> Result<Date, DomainError> {
    decision
        .checked_sub((KEY_DECISION_NOTICE_CLEAR_DAYS + 1).days())
        .map_err(|e| DomainError::invalid("decision date", e.to_string()))
}

#[derive(Clone, Copy)]
enum Direction {
    Back,
    Forward,
}

/// The `n`th working day strictly before (or after) `from`.
fn step_working_days(cal: &WorkingCalendar, from: Date, n: u32, dir: Direction) -> Result<Date, DomainError> {
    let mut day = from;
    let mut found = 0;
    while found < n {
        day = match dir {
            Direction::Back => day.yesterday(),
            Direction::Forward => day.tomorrow(),
        }
        .map_err(|e| DomainError::invalid("date", e.to_string()))?;
        if cal.is_working_day(day)? {
            found += 1;
        }
    }
    Ok(day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::HolidayRegion;
    use jiff::civil::date;

    fn england() -> WorkingCalendar {
        WorkingCalendar::new(HolidayRegion::EnglandAndWales)
    }

    #[test]
    fn tuesday_15_june_2021_needs_publication_by_monday_7_june() {
        assert_eq!(
            agenda_publication_deadline(&england(), date(2021, 6, 15)),
            Ok(date(2021, 6, 7))
        );
    }

    #[test]
    fn tuesday_1_june_2021_after_the_spring_bank_holiday_needs_friday_21_may() {
        assert_eq!(
            agenda_publication_deadline(&england(), date(2021, 6, 1)),
            Ok(date(2021, 5, 21))
        );
    }

    #[test]
    fn scotland_counts_easter_monday_as_a_working_day() {
        // Meeting Tue 13 April 2021. In England and Wales Easter Monday (5 Apr) is a holiday,
        // so the clear days are 6–12 April and the deadline is Thursday 1 April (Good Friday is
        // a holiday too). In Scotland 5 April is a working day, so Monday 5 April is enough.
        assert_eq!(
            agenda_publication_deadline(&england(), date(2021, 4, 13)),
            Ok(date(2021, 4, 1))
        );
        let scotland = WorkingCalendar::new(HolidayRegion::Scotland);
        assert_eq!(
            agenda_publication_deadline(&scotland, date(2021, 4, 13)),
            Ok(date(2021, 4, 5))
        );
    }

    #[test]
    fn scotland_st_andrews_day() {
        // Meeting Tue 7 Dec 2021: Scotland loses Tue 30 Nov (St Andrew's Day).
        let scotland = WorkingCalendar::new(HolidayRegion::Scotland);
        assert_eq!(
            agenda_publication_deadline(&england(), date(2021, 12, 7)),
            Ok(date(2021, 11, 29))
        );
        assert_eq!(
            agenda_publication_deadline(&scotland, date(2021, 12, 7)),
            Ok(date(2021, 11, 26))
        );
    }

    #[test]
    fn publishing_on_the_deadline_is_in_time_and_a_day_later_is_not() {
        let cal = england();
        assert_eq!(published_in_time(&cal, date(2021, 6, 7), date(2021, 6, 15)), Ok(true));
        assert_eq!(published_in_time(&cal, date(2021, 6, 8), date(2021, 6, 15)), Ok(false));
    }

    #[test]
    fn call_in_runs_five_clear_working_days_after_publication() {
        // Published Thu 27 May 2021; Mon 31 May is a bank holiday.
        assert_eq!(call_in_deadline(&england(), date(2021, 5, 27)), Ok(date(2021, 6, 4)));
    }

    #[test]
    fn key_decisions_need_28_clear_days_notice() {
        assert_eq!(key_decision_notice_deadline(date(2021, 6, 30)), Ok(date(2021, 6, 1)));
    }
}
