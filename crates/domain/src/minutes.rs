//! Minute numbers and the series they run in.
//!
//! A committee's minutes are numbered 1, 2, 3… across all its meetings from one annual
//! meeting of the council to the next (seed 001: minutes 140–150 on 9 March 2021 and 151–157
//! on 22 March). The series is its own record, separate from the "2021/22" label, because
//! the annual meeting's date is data that moves from year to year.

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::{AnnualMeetingId, CommitteeId, CouncilId, DomainError, MeetingId, MinuteSeriesId};

/// The council's annual meeting, which starts a municipal year and every committee's minute series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualMeeting {
    pub id: AnnualMeetingId,
    pub council: CouncilId,
    pub date: Date,
    /// The full-council meeting record, when Moot holds it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<MeetingId>,
}

impl AnnualMeeting {
    pub fn validate(&self) -> Result<(), DomainError> {
        Ok(())
    }

    pub fn municipal_year(&self) -> MunicipalYear {
        MunicipalYear { starts: self.date }
    }
}

/// "2021/22": the label of the year an annual meeting starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MunicipalYear {
    pub starts: Date,
}

impl fmt::Display for MunicipalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let y = self.starts.year();
        write!(f, "{}/{:02}", y, (y + 1).rem_euclid(100))
    }
}

/// One committee's run of minute numbers, from one annual meeting to the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinuteSeries {
    pub id: MinuteSeriesId,
    pub council: CouncilId,
    pub committee: CommitteeId,
    pub annual_meeting: AnnualMeetingId,
    /// The annual meeting's date, kept here so that a series can be found by date alone.
    pub starts_on: Date,
}

impl MinuteSeries {
    pub fn validate(&self) -> Result<(), DomainError> {
        Ok(())
    }
}

/// A minute's number: 1 or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct MinuteNumber(u32);

impl MinuteNumber {
    pub const FIRST: Self = Self(1);

    pub fn parse(n: u32) -> Result<Self, DomainError> {
        if n == 0 {
            Err(DomainError::invalid("minute number", "minute numbers start at 1"))
        } else {
            Ok(Self(n))
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }

    pub fn next(self) -> Self {
        Self(self.0.saturating_add(1))
    }
}

impl TryFrom<u32> for MinuteNumber {
    type Error = DomainError;
    fn try_from(n: u32) -> Result<Self, Self::Error> {
        Self::parse(n)
    }
}
impl From<MinuteNumber> for u32 {
    fn from(n: MinuteNumber) -> Self {
        n.0
    }
}
impl fmt::Display for MinuteNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The date of the annual meeting whose series a meeting on `meeting` belongs to: the latest
/// one on or before it (a committee meeting later on an annual meeting's day is in the new year).
pub fn series_start(annual_meetings: &[Date], meeting: Date) -> Result<Date, DomainError> {
    annual_meetings
        .iter()
        .copied()
        .filter(|d| *d <= meeting)
        .max()
        .ok_or(DomainError::NoMinuteSeries(meeting))
}

/// The number the next minute of a meeting on `meeting` takes, given the committee's annual
/// meetings and the minutes it already has (each with the date of its meeting).
pub fn next_minute_number(
    annual_meetings: &[Date],
    meeting: Date,
    existing: &[(Date, MinuteNumber)],
) -> Result<MinuteNumber, DomainError> {
    let start = series_start(annual_meetings, meeting)?;
    let end = annual_meetings.iter().copied().filter(|d| *d > start).min();
    let last = existing
        .iter()
        .filter(|(d, _)| *d >= start && end.is_none_or(|e| *d < e))
        .map(|(_, n)| *n)
        .max();
    Ok(last.map_or(MinuteNumber::FIRST, MinuteNumber::next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn n(x: u32) -> MinuteNumber {
        MinuteNumber(x)
    }

    const ANNUAL: [Date; 3] = [date(2019, 5, 22), date(2021, 5, 19), date(2016, 5, 18)];

    #[test]
    fn after_157_in_the_same_series_comes_158() {
        let existing = [
            (date(2021, 3, 9), n(150)),
            (date(2021, 3, 22), n(157)),
            (date(2021, 3, 9), n(140)),
        ];
        assert_eq!(next_minute_number(&ANNUAL, date(2021, 4, 20), &existing), Ok(n(158)));
    }

    #[test]
    fn the_first_minute_after_a_new_annual_meeting_is_1() {
        let existing = [(date(2021, 3, 22), n(157))];
        assert_eq!(next_minute_number(&ANNUAL, date(2021, 6, 15), &existing), Ok(n(1)));
        // ...and the one after that continues from it.
        let existing = [(date(2021, 3, 22), n(157)), (date(2021, 6, 15), n(11))];
        assert_eq!(next_minute_number(&ANNUAL, date(2021, 7, 27), &existing), Ok(n(12)));
    }

    #[test]
    fn a_late_entry_in_an_old_series_continues_that_series() {
        let existing = [(date(2021, 3, 22), n(157)), (date(2021, 6, 15), n(11))];
        assert_eq!(next_minute_number(&ANNUAL, date(2021, 4, 1), &existing), Ok(n(158)));
    }

    #[test]
    fn a_meeting_on_the_annual_meetings_day_starts_the_new_series() {
        assert_eq!(series_start(&ANNUAL, date(2021, 5, 19)), Ok(date(2021, 5, 19)));
        assert_eq!(series_start(&ANNUAL, date(2021, 5, 18)), Ok(date(2019, 5, 22)));
    }

    #[test]
    fn no_series_before_the_first_annual_meeting() {
        assert_eq!(
            next_minute_number(&ANNUAL, date(2015, 1, 1), &[]),
            Err(DomainError::NoMinuteSeries(date(2015, 1, 1)))
        );
    }

    #[test]
    fn municipal_year_labels() {
        assert_eq!(
            MunicipalYear {
                starts: date(2021, 5, 19)
            }
            .to_string(),
            "2021/22"
        );
        assert_eq!(
            MunicipalYear {
                starts: date(1999, 5, 19)
            }
            .to_string(),
            "1999/00"
        );
    }

    #[test]
    fn zero_is_not_a_minute_number() {
        assert!(MinuteNumber::parse(0).is_err());
    }
}
