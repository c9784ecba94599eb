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
    /// The notices the council prints in its own words on every agenda front sheet.
    #[serde(default)]
    pub wording: Wording,
}

impl Default for CouncilSettings {
    fn default() -> Self {
        Self {
            time_zone: "Europe/London".to_owned(),
            calendar: WorkingCalendar::default(),
            single_person_publishing: false,
            hosts: Vec::new(),
            wording: Wording::default(),
        }
    }
}

/// A council's own wording for the front sheet: each council words its webcast and filming
/// notices and its sign-off differently ("Rotherham Council advocates openness and
/// transparency…"), and the law leaves the wording to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Wording {
    /// For a meeting with a webcast address; `{url}` is replaced by the address.
    pub webcast_notice: String,
    /// For a webcast committee's meeting whose address is not known yet.
    pub webcast_notice_without_link: String,
    /// Whether and how the public may film or record the meeting.
    pub recording_statement: String,
    /// The lines under the agenda; `{name}` and `{title}` are the signatory's name and job title.
    pub sign_off: String,
}

impl Default for Wording {
    fn default() -> Self {
        Self {
            webcast_notice: "This meeting will be broadcast live and can be watched at {url}.".to_owned(),
            webcast_notice_without_link: "This meeting will be broadcast live on the council's website.".to_owned(),
            recording_statement: "The public parts of this meeting may be filmed or recorded by anyone present; \
                please let the Chair or the clerk know beforehand. The reports listed below explain each item of business."
                .to_owned(),
            sign_off: "{name},\n{title}.".to_owned(),
        }
    }
}

impl Wording {
    pub fn validate(&self) -> Result<(), DomainError> {
        let fields = [
            ("webcast notice", &self.webcast_notice, &["url"][..]),
            ("webcast notice without a link", &self.webcast_notice_without_link, &[]),
            ("recording statement", &self.recording_statement, &[]),
            ("sign-off", &self.sign_off, &["name", "title"]),
        ];
        for (field, text, allowed) in fields {
            crate::text::require(field, text)?;
            placeholders(field, text, allowed)?;
        }
        if !self.webcast_notice.contains("{url}") {
            return Err(DomainError::invalid(
                "webcast notice",
                "must say where to watch: put {url} where the webcast's address goes",
            ));
        }
        Ok(())
    }

    /// The webcast notice for a meeting broadcast at `url`.
    pub fn webcast_at(&self, url: &str) -> String {
        self.webcast_notice.replace("{url}", url)
    }

    /// The sign-off's lines for a signatory.
    pub fn sign_off_for(&self, name: &str, title: &str) -> Vec<String> {
        self.sign_off
            .replace("{name}", name)
            .replace("{title}", title)
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

/// Refuses a `{placeholder}` in `text` that is not one of `allowed`: a misspelt one would
/// be printed as it stands on every front sheet.
fn placeholders(field: &'static str, text: &str, allowed: &[&str]) -> Result<(), DomainError> {
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            return Err(DomainError::invalid(field, "has a { with no } to close it"));
        };
        let name = &after[..end];
        if !allowed.contains(&name) {
            let known = if allowed.is_empty() {
                "it takes no placeholders".to_owned()
            } else {
                format!(
                    "its placeholders are {}",
                    allowed
                        .iter()
                        .map(|a| format!("{{{a}}}"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                )
            };
            return Err(DomainError::invalid(
                field,
                format!("{{{name}}} is not known here; {known}"),
            ));
        }
        rest = &after[end + 1..];
    }
    Ok(())
}

impl CouncilSettings {
    pub fn time_zone(&self) -> Result<TimeZone, DomainError> {
        TimeZone::get(&self.time_zone)
            .map_err(|_| DomainError::invalid("time zone", format!("{:?} is not a known time zone", self.time_zone)))
    }

    pub fn validate(&self) -> Result<(), DomainError> {
        self.time_zone()?;
        self.wording.validate()?;
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
    fn wording_takes_only_its_own_placeholders() {
        let w = Wording::default();
        assert_eq!(w.validate(), Ok(()));
        assert_eq!(
            w.sign_off_for("Sharon Kemp", "Chief Executive"),
            ["Sharon Kemp,", "Chief Executive."]
        );
        assert_eq!(
            w.webcast_at("https://example.gov.uk/live"),
            "This meeting will be broadcast live and can be watched at https://example.gov.uk/live."
        );
        let with = |f: fn(&mut Wording)| {
            let mut w = Wording::default();
            f(&mut w);
            w.validate().map_err(|e| e.to_string())
        };
        assert_eq!(
            with(|w| w.sign_off = "{nmae}".into()),
            Err("sign-off: {nmae} is not known here; its placeholders are {name} and {title}".into())
        );
        assert_eq!(
            with(|w| w.recording_statement = "See {url".into()),
            Err("recording statement: has a { with no } to close it".into())
        );
        assert_eq!(
            with(|w| w.recording_statement = "See {url}".into()),
            Err("recording statement: {url} is not known here; it takes no placeholders".into())
        );
        assert_eq!(
            with(|w| w.webcast_notice = "Watch on the website.".into()),
            Err("webcast notice: must say where to watch: put {url} where the webcast's address goes".into())
        );
        assert_eq!(
            with(|w| w.webcast_notice_without_link = " ".into()),
            Err("webcast notice without a link: must not be empty".into())
        );
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
