//! Finding records by the readable names people use for them (slugs, meeting keys), shared by
//! the portal's addresses and the command line.

use jiff::ToSpan;
use jiff::civil::Date;
use moot_domain::{AnnualMeeting, Committee, CouncilId, Meeting, Member, Officer, Presenter, Slug, WorkProgrammeEntry};

use crate::{CondOp, Entity, Filter, Result, Store, StoreExt, Stored};

/// Splits a meeting key, `2021-06-15-improving-lives-select-commission`, into its date and
/// committee slug; anything not exactly of that form is `None`.
pub fn parse_meeting_key(key: &str) -> Option<(Date, Slug)> {
    let date: Date = key.get(..10)?.parse().ok()?;
    let slug = Slug::parse(key.get(11..)?).ok()?;
    let canonical = key.get(..10) == Some(date.to_string().as_str());
    (canonical && key.as_bytes().get(10) == Some(&b'-')).then_some((date, slug))
}

/// The live record of kind `T` with this slug in the council.
pub async fn by_slug<T: Entity>(store: &dyn Store, council: CouncilId, slug: &Slug) -> Result<Option<T>> {
    let found = store.find::<T>(council, &Filter::eq("slug", slug.as_str())).await?;
    Ok(found.into_iter().next().map(|s| s.record))
}

/// The committee and meeting a meeting key names in this council.
pub async fn meeting_by_key(store: &dyn Store, council: CouncilId, key: &str) -> Result<Option<(Committee, Meeting)>> {
    let Some((date, slug)) = parse_meeting_key(key) else {
        return Ok(None);
    };
    let Some(committee) = by_slug::<Committee>(store, council, &slug).await? else {
        return Ok(None);
    };
    let Ok(next_day) = date.checked_add(1.day()) else {
        return Ok(None);
    };
    let day = Filter::eq("committee_id", committee.id)
        .and("starts_at", CondOp::Ge, date.at(0, 0, 0, 0))
        .and("starts_at", CondOp::Lt, next_day.at(0, 0, 0, 0));
    let meeting = store.find::<Meeting>(council, &day).await?.into_iter().next();
    Ok(meeting.map(|m| (committee, m.record)))
}

/// The annual meeting whose municipal year `day` falls in: the latest on or before it.
pub async fn year_in_force(store: &dyn Store, council: CouncilId, day: Date) -> Result<Option<Stored<AnnualMeeting>>> {
    // Only the last day jiff can represent has no tomorrow; no annual meeting falls on it.
    let next_day = day.tomorrow().unwrap_or(day);
    let filter = Filter::all().and("date", CondOp::Lt, next_day).reversed().limit(1);
    Ok(store.find(council, &filter).await?.into_iter().next())
}

/// A committee's work programme for one municipal year, in the order it is printed.
pub async fn work_programme(
    store: &dyn Store,
    council: CouncilId,
    committee: &Committee,
    year: &AnnualMeeting,
) -> Result<Vec<Stored<WorkProgrammeEntry>>> {
    let filter = Filter::eq("committee_id", committee.id).and("annual_meeting_id", CondOp::Eq, year.id);
    let mut rows = store.find::<WorkProgrammeEntry>(council, &filter).await?;
    rows.sort_by_key(|s| s.record.order());
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meeting_keys() {
        let (d, s) = parse_meeting_key("2021-06-15-improving-lives-select-commission").expect("valid");
        assert_eq!(
            (d.to_string(), s.as_str()),
            ("2021-06-15".to_owned(), "improving-lives-select-commission")
        );
        for bad in [
            "2021-06-15",
            "2021-06-15x-ilsc",
            "2021-13-15-ilsc",
            "../etc",
            "2021-06-15-ILSC",
        ] {
            assert!(parse_meeting_key(bad).is_none(), "{bad}");
        }
    }
}

/// Officers and members by id, read once for a page that names several of them.
#[derive(Debug)]
pub struct People {
    pub officers: Vec<Officer>,
    pub members: Vec<Member>,
}

impl People {
    pub async fn of(store: &dyn Store, council: CouncilId) -> Result<Self> {
        let officers = store.find::<Officer>(council, &Filter::all()).await?;
        let members = store.find::<Member>(council, &Filter::all()).await?;
        Ok(Self {
            officers: officers.into_iter().map(|s| s.record).collect(),
            members: members.into_iter().map(|s| s.record).collect(),
        })
    }

    /// "Councillor Steele, Chair of the Overview and Scrutiny Management Board".
    pub fn line(&self, p: &Presenter) -> String {
        let name = match (p.member, p.officer) {
            (Some(m), _) => self.members.iter().find(|x| x.id == m).map(Member::display_name),
            (_, Some(o)) => self.officers.iter().find(|x| x.id == o).map(|o| o.name.clone()),
            _ => None,
        };
        moot_domain::wording::presenter_line(p, name.as_deref())
    }
}
