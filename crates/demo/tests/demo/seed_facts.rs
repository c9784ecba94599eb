//! The demo holds the seeds' facts: asserted on the loaded database.

use crate::common;

use std::collections::HashMap;

use jiff::civil::date;
use moot_domain::*;
use moot_store::{Filter, StoreExt};

use crate::common::demo;

async fn members(d: &common::Demo) -> HashMap<MemberId, Member> {
    let all = d
        .store
        .find::<Member>(d.council.id, &Filter::all())
        .await
        .expect("members");
    all.into_iter().map(|s| (s.record.id, s.record)).collect()
}

async fn items(d: &common::Demo, m: &Meeting) -> Vec<AgendaItem> {
    let all = d
        .store
        .find::<AgendaItem>(d.council.id, &Filter::eq("meeting_id", m.id))
        .await
        .expect("items");
    all.into_iter().map(|s| s.record).collect()
}

fn minute_numbers(items: &[AgendaItem]) -> Vec<u32> {
    items
        .iter()
        .filter_map(|i| i.minute.as_ref().map(|m| m.number.get()))
        .collect()
}

#[tokio::test]
async fn nine_march_2021_cusworth_in_the_chair_twelve_present_hague_apologies_minutes_140_to_150() {
    let d = demo().await;
    let m = d.meeting_on(date(2021, 3, 9)).await;
    let names = members(&d).await;
    let attendance = d
        .store
        .find::<Attendance>(d.council.id, &Filter::eq("meeting_id", m.id))
        .await
        .expect("attendance");
    let present: Vec<&Attendance> = attendance
        .iter()
        .map(|s| &s.record)
        .filter(|a| a.status == AttendanceStatus::Present)
        .collect();
    assert_eq!(present.len(), 12);
    let chair: Vec<&str> = present
        .iter()
        .filter(|a| a.in_chair)
        .map(|a| names[&a.member].family_name.as_str())
        .collect();
    assert_eq!(chair, ["Cusworth"]);
    let apologies: Vec<&str> = attendance
        .iter()
        .filter(|a| a.record.status == AttendanceStatus::Apologies)
        .map(|a| names[&a.record.member].family_name.as_str())
        .collect();
    assert_eq!(apologies, ["Hague"]);
    assert_eq!(minute_numbers(&items(&d, &m).await), (140..=150).collect::<Vec<_>>());
}

#[tokio::test]
async fn twenty_two_march_2021_holds_minutes_151_to_157_in_the_same_series() {
    let d = demo().await;
    let march_9 = items(&d, &d.meeting_on(date(2021, 3, 9)).await).await;
    let march_22 = items(&d, &d.meeting_on(date(2021, 3, 22)).await).await;
    assert_eq!(minute_numbers(&march_22), (151..=157).collect::<Vec<_>>());
    let series = |i: &[AgendaItem]| i.iter().find_map(|i| i.minute.as_ref().map(|m| m.series));
    assert_eq!(series(&march_9), series(&march_22));
}

#[tokio::test]
async fn fifteen_june_2021_starts_a_new_series_and_item_2_was_published_as_pages_4_to_19() {
    let d = demo().await;
    let m = d.meeting_on(date(2021, 6, 15)).await;
    assert_eq!(m.starts_at, date(2021, 6, 15).at(10, 0, 0, 0));
    let items = items(&d, &m).await;
    assert_eq!(items.len(), 11);
    let item2 = items.iter().find(|i| i.number.to_string() == "2").expect("item 2");
    assert_eq!(
        item2.published_pages.map(|p| p.to_string()).as_deref(),
        Some("Pages 4 - 19")
    );
    let approves = &item2.approves_minutes_of;
    assert_eq!(approves.len(), 2, "item 2 links the minutes of 9 and 22 March");
    let pause = items.iter().find(|i| i.number.to_string() == "7").expect("item 7");
    assert_eq!(
        pause.minute.as_ref().map(|m| m.number.get()),
        Some(6),
        "\"view the full minutes text for item 6\""
    );
    assert_eq!(minute_numbers(&items).first(), Some(&1));
    let march = d.meeting_on(date(2021, 3, 22)).await;
    assert!(approves.contains(&march.id));
    assert_eq!(march.minutes_approved_at, Some(m.id));
}

#[tokio::test]
async fn sixteen_june_2020_jarvis_declared_a_non_pecuniary_interest_in_item_9_minute_72_and_left() {
    let d = demo().await;
    let m = d.meeting_on(date(2020, 6, 16)).await;
    let names = members(&d).await;
    let items = items(&d, &m).await;
    let declarations = d
        .store
        .find::<Declaration>(d.council.id, &Filter::eq("meeting_id", m.id))
        .await
        .expect("decl");
    assert_eq!(declarations.len(), 1);
    let decl = &declarations[0].record;
    assert_eq!(names[&decl.member].family_name, "Jarvis");
    assert_eq!(decl.kind, InterestKind::NonPecuniary);
    assert!(decl.text.contains("board member of RISE"));
    assert!(decl.left_room && decl.did_not_vote);
    let item = items.iter().find(|i| Some(i.id) == decl.item).expect("declared item");
    assert_eq!(item.title, "Response to Domestic Abuse during the pandemic");
    assert_eq!(item.number.to_string(), "9");
    assert_eq!(item.minute.as_ref().map(|m| m.number.get()), Some(72));
    assert_eq!(
        minute_numbers(&items).iter().filter(|n| (70..=72).contains(*n)).count(),
        3
    );
    let attendance = d
        .store
        .find::<Attendance>(d.council.id, &Filter::eq("meeting_id", m.id))
        .await
        .expect("attendance");
    let jarvis = attendance
        .iter()
        .find(|a| a.record.member == decl.member)
        .expect("Jarvis attended");
    assert_eq!(jarvis.record.left_during.map(|n| n.to_string()).as_deref(), Some("9"));
}

#[tokio::test]
async fn the_2016_meeting_restarts_numbering_and_appoints_to_outside_panels() {
    let d = demo().await;
    let meetings = d
        .store
        .find::<Meeting>(d.council.id, &Filter::eq("committee_id", d.ilsc.id))
        .await
        .expect("meetings");
    let m = meetings
        .iter()
        .map(|s| &s.record)
        .find(|m| m.starts_at.year() == 2016)
        .expect("a 2016 meeting");
    let items = items(&d, m).await;
    assert_eq!(minute_numbers(&items), (1..=10).collect::<Vec<_>>());
    let seats = d
        .store
        .find::<Membership>(d.council.id, &Filter::all())
        .await
        .expect("memberships");
    let appointed: Vec<&Membership> = seats
        .iter()
        .map(|s| &s.record)
        .filter(|s| s.appointed_by.is_some())
        .collect();
    assert!(
        appointed.len() >= 3,
        "appointments to the panels are recorded with the resolution that made them"
    );
}

#[tokio::test]
async fn the_pause_report_cover_sheet_is_borough_wide_and_not_a_key_decision() {
    let d = demo().await;
    let docs = d
        .store
        .find::<Document>(d.council.id, &Filter::eq("kind", "report"))
        .await
        .expect("docs");
    let report = docs
        .iter()
        .map(|s| &s.record)
        .find(|doc| doc.title.contains("Pause") && doc.cover_sheet.is_some())
        .expect("the Pause report with its cover sheet");
    let sheet = report.cover_sheet.as_ref().expect("cover sheet");
    assert_eq!(sheet.wards_affected, ["Borough-Wide"]);
    assert!(!sheet.key_decision);
    assert!(!sheet.on_forward_plan);
    assert!(!sheet.exempt_from_public);
    assert!(!sheet.authors.is_empty() && sheet.authors.iter().all(|a| a.email.is_some()));
    assert!(sheet.considered_by.iter().any(|c| c.date == Some(date(2019, 4, 16))));
}

#[tokio::test]
async fn the_work_programme_lists_counter_extremism_in_schools_as_to_be_scheduled() {
    let d = demo().await;
    let entries = d
        .store
        .find::<WorkProgrammeEntry>(d.council.id, &Filter::eq("committee_id", d.ilsc.id))
        .await
        .expect("wp");
    let entry = entries
        .iter()
        .map(|s| &s.record)
        .find(|e| e.title == "Counter extremism in schools")
        .expect("row");
    assert_eq!(entry.section, WorkSection::Pending);
    assert_eq!(entry.status.as_deref(), Some("To be scheduled"));
    let sections = |want: fn(&WorkSection) -> bool| entries.iter().filter(|e| want(&e.record.section)).count();
    assert!(sections(|s| matches!(s, WorkSection::Scheduled { .. })) > 10);
    assert!(sections(|s| matches!(s, WorkSection::Group { .. })) >= 3);
}

#[tokio::test]
async fn membership_2021_22_has_pitchley_as_chair_and_cooksey_as_vice_chair() {
    let d = demo().await;
    let names = members(&d).await;
    let seats = d
        .store
        .find::<Membership>(d.council.id, &Filter::eq("committee_id", d.ilsc.id))
        .await
        .expect("seats");
    let on = date(2021, 6, 15);
    let current: Vec<&Membership> = seats.iter().map(|s| &s.record).filter(|s| s.holds_on(on)).collect();
    assert_eq!(current.len(), 18);
    let role = |r: CommitteeRole| -> Vec<&str> {
        current
            .iter()
            .filter(|s| s.role == r)
            .map(|s| names[&s.member].family_name.as_str())
            .collect()
    };
    assert_eq!(role(CommitteeRole::Chair), ["Pitchley"]);
    assert_eq!(role(CommitteeRole::ViceChair), ["Cooksey"]);
    // A year earlier the chair was Cusworth.
    let earlier: Vec<&str> = seats
        .iter()
        .map(|s| &s.record)
        .filter(|s| s.holds_on(date(2021, 3, 9)) && s.role == CommitteeRole::Chair)
        .map(|s| names[&s.member].family_name.as_str())
        .collect();
    assert_eq!(earlier, ["Cusworth"]);
}

#[tokio::test]
async fn one_exempt_item_carries_an_exempt_appendix() {
    let d = demo().await;
    let docs = d
        .store
        .find::<Document>(d.council.id, &Filter::eq("visibility", "exempt"))
        .await
        .expect("docs");
    assert_eq!(docs.len(), 1);
    let appendix = &docs[0].record;
    assert_eq!(appendix.kind, DocumentKind::Appendix);
    assert!(
        appendix
            .text
            .as_deref()
            .is_some_and(|t| t.contains("EXEMPT-CANARY-7f3a"))
    );
    let item: AgendaItem = d
        .store
        .fetch(d.council.id, appendix.item.expect("on an item"))
        .await
        .expect("item")
        .record;
    assert_eq!(item.exemption.map(|e| e.paragraph.number()), Some(1));
}
