use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::calendar::WorkingCalendar;
use crate::text::{Slug, require_title};
use crate::{CouncilId, DomainError};

/// A local authority. Moot hosts many; every other record names the council it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Council {
    pub id: CouncilId,
    pub slug: Slug,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<crate::BlobHash>,
    #[serde(default)]
    pub settings: CouncilSettings,
}

impl Council {
    pub fn validate(&self) -> Result<(), DomainError> {
        require_title("council name", &self.name)?;
        self.settings.validate()
    }
}

/// What differs from one council to the next and must stay data, not code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilSettings {
    /// IANA name; meetings are held at local times.
    pub time_zone: String,
    /// Which nation's bank holidays and which local closure days stop the clock.
    pub calendar: WorkingCalendar,
    /// Publishing normally needs a second clerk to check what goes public; a council may waive it.
    #[serde(default)]
    pub single_person_publishing: bool,
    /// Host names the council's site answers on ("democracy.rotherham.gov.uk"); on a shared
    /// host it is also reachable under `/c/{slug}/`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
}

impl Default for CouncilSettings {
    fn default() -> Self {
        Self {
            time_zone: "Europe/London".to_owned(),
            calendar: WorkingCalendar::default(),
            single_person_publishing: false,
            hosts: Vec::new(),
        }
    }
}

impl CouncilSettings {
    pub fn time_zone(&self) -> Result<TimeZone, DomainError> {
        TimeZone::get(&self.time_zone)
            .map_err(|_| DomainError::invalid("time zone", format!("{:?} is not a known time zone", self.time_zone)))
    }

    pub fn validate(&self) -> Result<(), DomainError> {
        self.time_zone()?;
        for host in &self.hosts {
            let ok = !host.is_empty()
                && host.len() <= 253
                && host.split('.').all(|label| {
                    !label.is_empty()
                        && !label.starts_with('-')
                        && label
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                });
            if !ok {
                return Err(DomainError::invalid(
                    "host",
                    format!("{host:?} is not a lower-case host name"),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::HolidayRegion;

    #[test]
    fn defaults_are_london_and_england_and_wales() {
        let s = CouncilSettings::default();
        assert_eq!(s.time_zone, "Europe/London");
        assert_eq!(s.calendar.region, HolidayRegion::EnglandAndWales);
        assert!(!s.single_person_publishing);
        assert!(s.validate().is_ok());
    }

    #[test]
    fn hosts_are_lower_case_host_names() {
        let with = |h: &str| CouncilSettings {
            hosts: vec![h.to_owned()],
            ..CouncilSettings::default()
        };
        assert!(with("democracy.rotherham.gov.uk").validate().is_ok());
        for bad in [
            "Democracy.Rotherham.gov.uk",
            "rotherham.gov.uk:8080",
            "",
            "a..b",
            "-a.uk",
            "a b",
        ] {
            assert!(with(bad).validate().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn unknown_time_zones_are_refused() {
        let s = CouncilSettings {
            time_zone: "Europe/Rotherham".into(),
            ..CouncilSettings::default()
        };
        assert!(s.validate().is_err());
    }
}
