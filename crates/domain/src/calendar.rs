//! Working days: weekends, the bank holidays of the council's part of the UK, and any closure
//! days the council adds. Holidays are data (`data/bank_holidays.csv`), not code, because
//! they are announced by proclamation and change (2020's VE day, 2022's jubilee and funeral).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::LazyLock;

use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};

use crate::DomainError;

/// The bank-holiday calendars of the UK: they differ by nation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum HolidayRegion {
    #[default]
    EnglandAndWales,
    Scotland,
    NorthernIreland,
}

impl HolidayRegion {
    pub const ALL: [Self; 3] = [Self::EnglandAndWales, Self::Scotland, Self::NorthernIreland];

    pub fn code(self) -> &'static str {
        match self {
            Self::EnglandAndWales => "england-and-wales",
            Self::Scotland => "scotland",
            Self::NorthernIreland => "northern-ireland",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
}

impl fmt::Display for HolidayRegion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::EnglandAndWales => "England and Wales",
            Self::Scotland => "Scotland",
            Self::NorthernIreland => "Northern Ireland",
        })
    }
}

const DATA: &str = include_str!("../data/bank_holidays.csv");

/// The holidays of every region, parsed once. The data ships inside the binary, so a parse
/// failure is a build defect that the tests below catch; at run time it is reported, not panicked.
type HolidayTable = BTreeMap<HolidayRegion, BTreeMap<Date, &'static str>>;

static HOLIDAYS: LazyLock<Result<HolidayTable, String>> = LazyLock::new(|| parse_holidays(DATA));

fn parse_holidays(data: &'static str) -> Result<HolidayTable, String> {
    let mut out = HolidayTable::new();
    let rows = data
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty());
    for (index, line) in rows.skip(1) {
        let mut fields = line.splitn(3, ',');
        let (Some(date), Some(region), Some(name)) = (fields.next(), fields.next(), fields.next()) else {
            return Err(format!(
                "bank_holidays.csv line {}: expected date,region,name",
                index + 1
            ));
        };
        let date: Date = date
            .parse()
            .map_err(|e| format!("bank_holidays.csv line {}: {e}", index + 1))?;
        let region = HolidayRegion::from_code(region)
            .ok_or_else(|| format!("bank_holidays.csv line {}: unknown region {region:?}", index + 1))?;
        out.entry(region).or_default().insert(date, name);
    }
    Ok(out)
}

/// The first and last years the bundled bank-holiday data covers.
pub const COVERED_YEARS: (i16, i16) = (2015, 2030);

/// A council's working-day calendar: its nation's bank holidays plus its own closure days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct WorkingCalendar {
    pub region: HolidayRegion,
    /// Days the council's offices are shut beyond the bank holidays (held as data per council).
    #[serde(default)]
    pub closures: BTreeSet<Date>,
}

impl WorkingCalendar {
    pub fn new(region: HolidayRegion) -> Self {
        Self {
            region,
            closures: BTreeSet::new(),
        }
    }

    /// The bank holiday's name on `date`, if it is one in this region.
    pub fn bank_holiday(&self, date: Date) -> Result<Option<&'static str>, DomainError> {
        self.check_covered(date)?;
        let table = HOLIDAYS
            .as_ref()
            .map_err(|e| DomainError::invalid("bank holidays", e.clone()))?;
        Ok(table.get(&self.region).and_then(|days| days.get(&date)).copied())
    }

    pub fn is_working_day(&self, date: Date) -> Result<bool, DomainError> {
        let weekend = matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday);
        Ok(!weekend && !self.closures.contains(&date) && self.bank_holiday(date)?.is_none())
    }

    fn check_covered(&self, date: Date) -> Result<(), DomainError> {
        let (first, last) = COVERED_YEARS;
        if (first..=last).contains(&date.year()) {
            Ok(())
        } else {
            Err(DomainError::CalendarOutOfRange {
                region: self.region.code(),
                year: date.year(),
                first,
                last,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn bundled_data_parses_and_covers_every_year_in_every_region() {
        let table = HOLIDAYS.as_ref().expect("bank holiday data parses");
        for region in HolidayRegion::ALL {
            let days = &table[&region];
            for year in COVERED_YEARS.0..=COVERED_YEARS.1 {
                let count = days.keys().filter(|d| d.year() == year).count();
                assert!(count >= 8, "{region} {year} has only {count} bank holidays");
            }
        }
    }

    #[test]
    fn nations_differ() {
        let ew = WorkingCalendar::new(HolidayRegion::EnglandAndWales);
        let sc = WorkingCalendar::new(HolidayRegion::Scotland);
        let ni = WorkingCalendar::new(HolidayRegion::NorthernIreland);
        // Easter Monday is not a bank holiday in Scotland.
        assert_eq!(ew.is_working_day(date(2021, 4, 5)), Ok(false));
        assert_eq!(sc.is_working_day(date(2021, 4, 5)), Ok(true));
        // Summer bank holiday: first Monday of August in Scotland, last elsewhere.
        assert_eq!(sc.is_working_day(date(2021, 8, 2)), Ok(false));
        assert_eq!(ew.is_working_day(date(2021, 8, 2)), Ok(true));
        assert_eq!(ew.is_working_day(date(2021, 8, 30)), Ok(false));
        assert_eq!(sc.is_working_day(date(2021, 11, 30)), Ok(false));
        assert_eq!(ni.is_working_day(date(2021, 3, 17)), Ok(false));
        assert_eq!(ni.is_working_day(date(2021, 7, 12)), Ok(false));
        assert_eq!(ew.is_working_day(date(2021, 7, 12)), Ok(true));
    }

    #[test]
    fn closures_and_weekends_are_not_working_days() {
        let mut cal = WorkingCalendar::new(HolidayRegion::EnglandAndWales);
        assert_eq!(cal.is_working_day(date(2021, 6, 12)), Ok(false));
        assert_eq!(cal.is_working_day(date(2021, 12, 29)), Ok(true));
        cal.closures.insert(date(2021, 12, 29));
        assert_eq!(cal.is_working_day(date(2021, 12, 29)), Ok(false));
    }

    #[test]
    fn dates_outside_the_data_are_refused_not_guessed() {
        let cal = WorkingCalendar::default();
        assert!(matches!(
            cal.is_working_day(date(2031, 1, 6)),
            Err(DomainError::CalendarOutOfRange { year: 2031, .. })
        ));
    }
}
