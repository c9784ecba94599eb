//! Writing a minute: its number from the committee's series for the municipal year, its
//! text, and its numbered resolutions, each "Action:" one kept in step with an action on the
//! committee's monitoring report. Everything is read in a few queries however long the
//! committee's history (a council keeps twenty years of it), and written in one batch.

use std::collections::HashMap;

use moot_domain::*;
use moot_store::{CondOp, Entity, Filter, Store, StoreExt, Stored, Write};

use crate::{AppError, actor_of};

/// What a clerk wrote for an item's minute.
#[derive(Debug)]
pub struct Draft<'a> {
    /// Blank for the item's title in capitals, as minutes head them.
    pub heading: &'a str,
    pub text: &'a str,
    /// One resolution per line, its kind first when it has one
    /// ([`ResolutionKind::from_line`]); an "Action:" line also becomes an action.
    pub resolutions: &'a str,
}

/// Writes (or rewrites, until the minutes are published) the minute of `item` (read as
/// `stored`) at `meeting`, as `who`. The minute number comes from the domain's numbering
/// rule; an item keeps its number once given. Returns the number.
pub async fn write(
    store: &dyn Store,
    meeting: &Meeting,
    stored: Stored<AgendaItem>,
    draft: Draft<'_>,
    who: &UserAccount,
) -> Result<MinuteNumber, AppError> {
    meeting.may(who.role, Act::WriteMinute)?;
    let mut item = stored.record;
    let mut writes = Vec::new();
    let (series, dates, numbered) = series_for(store, meeting, &mut writes).await?;
    let minute_number = match &item.minute {
        Some(m) => m.number,
        None => moot_domain::minutes::next_minute_number(&dates, meeting.starts_at.date(), &numbered)?,
    };
    let heading = Some(draft.heading.trim())
        .filter(|h| !h.is_empty())
        .map_or_else(|| item.title.to_uppercase(), str::to_owned);
    item.minute = Some(Minute {
        series: series.id,
        number: minute_number,
        heading,
        text: draft.text.trim().to_owned(),
        text_visibility: Visibility::Draft,
        amendments: Vec::new(),
    });
    writes.push(Write::Update {
        record: item.clone().into_record(),
        expected: stored.version,
    });
    writes.extend(resolution_writes(store, meeting, &item, draft.resolutions).await?);
    let note = format!("minute {minute_number} written by {}", who.name);
    store.apply(&actor_of(who)?, Some(&note), writes).await?;
    Ok(minute_number)
}

/// The minute series a meeting's minutes fall in (the committee's for the municipal year,
/// made when the year's first minute is written), the annual meetings' dates, and every
/// minute the committee holds with its meeting's date, for the numbering rule.
async fn series_for(
    store: &dyn Store,
    meeting: &Meeting,
    writes: &mut Vec<Write>,
) -> Result<
    (
        MinuteSeries,
        Vec<jiff::civil::Date>,
        Vec<(jiff::civil::Date, MinuteNumber)>,
    ),
    AppError,
> {
    let cid = meeting.council;
    let annual: Vec<AnnualMeeting> = store
        .find::<AnnualMeeting>(cid, &Filter::all())
        .await?
        .into_iter()
        .map(|s| s.record)
        .collect();
    let dates: Vec<jiff::civil::Date> = annual.iter().map(|a| a.date).collect();
    let start = moot_domain::minutes::series_start(&dates, meeting.starts_at.date())?;
    let year = annual
        .iter()
        .find(|a| a.date == start)
        .ok_or(DomainError::NoMinuteSeries(meeting.starts_at.date()))?;
    let existing = store
        .find::<MinuteSeries>(
            cid,
            &Filter::eq("committee_id", meeting.committee).and("annual_meeting_id", CondOp::Eq, year.id),
        )
        .await?
        .into_iter()
        .next()
        .map(|s| s.record);
    let series = match existing {
        Some(s) => s,
        None => {
            let s = MinuteSeries {
                id: MinuteSeriesId::new(),
                council: cid,
                committee: meeting.committee,
                annual_meeting: year.id,
                starts_on: year.date,
            };
            writes.push(Write::Create(s.clone().into_record()));
            s
        }
    };
    // The committee's meetings, read once, give each minute its date.
    let on: HashMap<MeetingId, jiff::civil::Date> = store
        .find::<Meeting>(cid, &Filter::eq("committee_id", meeting.committee))
        .await?
        .into_iter()
        .map(|s| (s.record.id, s.record.starts_at.date()))
        .collect();
    let numbered = store
        .find::<AgendaItem>(cid, &Filter::eq("committee_id", meeting.committee))
        .await?
        .into_iter()
        .filter_map(|s| Some((*on.get(&s.record.meeting)?, s.record.minute?.number)))
        .collect();
    Ok((series, dates, numbered))
}

/// The writes that make an item's resolutions read as `lines` (one per line; "Action:" lines
/// ask for something). Each number keeps its record, so a minute can be saved again and
/// again: a resolution whose wording changes loses its vote (it was on other words), an
/// "Action:" line keeps one action in step with it, and resolutions no longer there are
/// moved out of the numbering before they become tombstones, so their numbers can be used again.
async fn resolution_writes(
    store: &dyn Store,
    meeting: &Meeting,
    item: &AgendaItem,
    lines: &str,
) -> Result<Vec<Write>, AppError> {
    let cid = meeting.council;
    let all = store
        .find::<Resolution>(cid, &Filter::eq("item_id", item.id).with_deleted())
        .await?;
    // A resolution's action, by an indexed column: one query for each of the item's own
    // resolutions, never the committee's whole history.
    let action_of = |id: ResolutionId| async move { store.find::<Action>(cid, &Filter::eq("resolution_id", id)).await };
    let parked_from = all.iter().map(|r| r.record.number).max().unwrap_or(0).max(1000);
    let live: Vec<_> = all.into_iter().filter(|r| !r.deleted).collect();
    let mut writes = Vec::new();
    let wanted: Vec<&str> = lines.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    for (n, line) in wanted.iter().enumerate() {
        let number = u16::try_from(n + 1).map_err(|_| AppError::refused("Too many resolutions."))?;
        let (kind, text) = ResolutionKind::from_line(line)?;
        let old = live.iter().find(|r| r.record.number == number);
        let resolution = match old {
            Some(stored) => {
                let mut r = stored.record.clone();
                if r.text != text {
                    r.vote = None;
                }
                r.text = text.to_owned();
                r.kind = kind.clone();
                writes.push(Write::Update {
                    record: r.clone().into_record(),
                    expected: stored.version,
                });
                r
            }
            None => {
                let r = Resolution {
                    id: ResolutionId::new(),
                    council: cid,
                    meeting: meeting.id,
                    item: item.id,
                    number,
                    text: text.to_owned(),
                    kind: kind.clone(),
                    vote: None,
                };
                writes.push(Write::Create(r.clone().into_record()));
                r
            }
        };
        let action = match old {
            Some(_) => action_of(resolution.id).await?.into_iter().next(),
            None => None,
        };
        match (kind == ResolutionKind::Action, action) {
            (true, Some(stored)) => {
                let mut a = stored.record;
                a.description = text.to_owned();
                writes.push(Write::Update {
                    record: a.into_record(),
                    expected: stored.version,
                });
            }
            (true, None) => {
                let action = Action {
                    id: ActionId::new(),
                    council: cid,
                    committee: meeting.committee,
                    resolution: Some(resolution.id),
                    description: text.to_owned(),
                    owner: None,
                    owner_text: None,
                    due: None,
                    due_meeting: None,
                    status: ActionStatus::Open,
                    outcome: None,
                    closed: None,
                };
                writes.push(Write::Create(action.into_record()));
            }
            (false, Some(stored)) => writes.push(Write::Delete {
                kind: moot_store::Kind::Action,
                council: cid,
                id: stored.record.id.uuid(),
                expected: stored.version,
            }),
            (false, None) => {}
        }
    }
    let mut parked = parked_from;
    for stored in live.iter().filter(|r| usize::from(r.record.number) > wanted.len()) {
        for action in action_of(stored.record.id).await? {
            writes.push(Write::Delete {
                kind: moot_store::Kind::Action,
                council: cid,
                id: action.record.id.uuid(),
                expected: action.version,
            });
        }
        parked += 1;
        let mut r = stored.record.clone();
        r.number = parked;
        writes.push(Write::Update {
            record: r.into_record(),
            expected: stored.version,
        });
        writes.push(Write::Delete {
            kind: moot_store::Kind::Resolution,
            council: cid,
            id: stored.record.id.uuid(),
            expected: stored.version + 1,
        });
    }
    Ok(writes)
}
