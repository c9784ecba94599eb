//! What the seeds record of a meeting that a clerk now enters in the workspace: its details
//! (venue or online platform, webcast, pre-meeting note, signatory, end time), postponing,
//! others in attendance, exclusions for part of an item, declarations in full, and the
//! council's own front-sheet wording.

use crate::attendance::meeting_on;
use crate::common::{TestApp, User, council};
use axum::http::StatusCode;
use moot_domain::*;
use moot_render_pdf::facts::MeetingFacts;
use moot_store::{Filter, StoreExt};

const ILSC: &str = "improving-lives-select-commission";

async fn meeting(app: &TestApp, key: &str) -> Meeting {
    let c = council(&*app.store).await;
    moot_store::lookup::meeting_by_key(&*app.store, c.id, key)
        .await
        .unwrap()
        .unwrap()
        .1
}

async fn named<T: moot_store::Entity>(app: &TestApp, name: impl Fn(&T) -> bool) -> T {
    let c = council(&*app.store).await;
    app.store
        .find::<T>(c.id, &Filter::all())
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.record)
        .find(|r| name(r))
        .expect("the demo has it")
}

/// A clerk and a meeting of the demo committee scheduled by them for 17 July 2029.
async fn scheduled(app: &TestApp) -> (User, String) {
    let clerk = app.signed_in("clerk@example.org", AccountRole::Clerk, None).await;
    let (status, _, _) = clerk
        .post_form(
            app,
            "/workspace",
            &format!("/workspace/committees/{ILSC}/meetings"),
            &[("date", "2029-07-17"), ("time", "10:00")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    (clerk, format!("2029-07-17-{ILSC}"))
}

#[tokio::test]
async fn a_clerk_sets_a_meetings_venue_webcast_note_signatory_and_end_and_bad_details_save_nothing() {
    let app = TestApp::sqlite().await.with_demo().await;
    let (clerk, key) = scheduled(&app).await;
    let page = format!("/workspace/meetings/{key}");
    let action = format!("{page}/details");
    let teams: Venue = named(&app, |v: &Venue| v.online).await;
    let kemp: Officer = named(&app, |o: &Officer| o.name == "Sharon Kemp").await;
    let before = meeting(&app, &key).await;

    let (_, _, html) = clerk.get(&app, &page).await;
    assert!(html.contains(r#"<label for="details-venue">Venue (or online platform)</label>"#));
    assert!(html.contains(&format!(
        r#"<option value="{}">Online: Microsoft Teams meeting</option>"#,
        teams.id
    )));
    for (fields, message) in [
        (vec![("venue", "not-an-id")], "Choose the venue from the list."),
        (
            vec![("signed_by", &*VenueId::new().to_string())],
            "Choose the signatory from the list.",
        ),
        (
            vec![("webcast_url", "javascript:alert(1)")],
            "webcast: \"javascript:alert(1)\" is not a web address like https://example.gov.uk/webcast",
        ),
        (vec![("ends_at", "9am")], "\"9am\" is not a time like 12:30"),
        (
            vec![("ends_at", "09:00")],
            "ends at: a meeting cannot end before it starts",
        ),
    ] {
        let (status, _, body) = clerk.post_form(&app, &page, &action, &fields).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(body.contains(&askama_escape(message)), "{fields:?}: {body}");
        assert_eq!(meeting(&app, &key).await, before, "nothing saved for {fields:?}");
    }

    let (status, headers, _) = clerk
        .post_form(
            &app,
            &page,
            &action,
            &[
                ("venue", &teams.id.to_string()),
                ("webcast_url", "https://rotherham.public-i.tv/core/portal/home"),
                ("pre_meeting_note", "There will be a pre-meeting for all members at 9am"),
                ("signed_by", &kemp.id.to_string()),
                ("ends_at", "12:15"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers["location"], page);
    let after = meeting(&app, &key).await;
    assert_eq!(
        after,
        Meeting {
            venue: Some(teams.id),
            webcast_url: Some("https://rotherham.public-i.tv/core/portal/home".into()),
            pre_meeting_note: Some("There will be a pre-meeting for all members at 9am".into()),
            signed_by: Some(kemp.id),
            ends_at: Some(jiff::civil::date(2029, 7, 17).at(12, 15, 0, 0)),
            ..before.clone()
        }
    );

    let (_, _, public) = app.get(&format!("/meetings/{key}")).await;
    assert!(
        public.contains("<dt>Venue</dt><dd>Microsoft Teams meeting</dd>"),
        "{public}"
    );
    assert!(public.contains(
        r#"<dt>Webcast</dt><dd><a href="https://rotherham.public-i.tv/core/portal/home">Watch the webcast</a></dd>"#
    ));
    assert!(public.contains("<p>There will be a pre-meeting for all members at 9am</p>"));

    // The front sheet prints the council's own wording, set by an admin.
    let admin = app.signed_in("admin@example.org", AccountRole::Admin, None).await;
    let (status, _, body) = admin
        .post_form(
            &app,
            "/workspace/setup",
            "/admin/settings",
            &[("region", "england-and-wales"), ("sign_off", "{name},\r\n{job}.")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("sign-off: {job} is not known here; its placeholders are {name} and {title}"));
    assert_eq!(council(&*app.store).await.settings.wording, Wording::default());
    let seed_webcast =
        "This meeting will be webcast live and will be available to view via the Council's website at {url}.";
    let seed_recording = "Rotherham Council advocates openness and transparency as part of its democratic processes.";
    let (status, _, _) = admin
        .post_form(
            &app,
            "/workspace/setup",
            "/admin/settings",
            &[
                ("region", "england-and-wales"),
                ("webcast_notice", seed_webcast),
                ("recording_statement", seed_recording),
                ("sign_off", "{name},\r\n{title}."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let c = council(&*app.store).await;
    let front = MeetingFacts::load(&*app.store, &c, after.id)
        .await
        .unwrap()
        .front_sheet("Agenda");
    assert_eq!(
        front.notices,
        [
            "This meeting will be webcast live and will be available to view via the Council's website at https://rotherham.public-i.tv/core/portal/home.",
            seed_recording,
        ]
    );
    assert_eq!(front.venue, "Online: Microsoft Teams meeting");
    assert_eq!(front.sign_off, ["Sharon Kemp,", "Chief Executive."]);
    assert_eq!(
        front.pre_meeting_note.as_deref(),
        Some("There will be a pre-meeting for all members at 9am")
    );
}

/// What askama makes of a message in a page.
fn askama_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[tokio::test]
async fn a_postponed_meeting_says_why_until_it_is_given_its_new_date_and_keeps_the_old_one() {
    let app = TestApp::sqlite().await.with_demo().await;
    let (clerk, key) = scheduled(&app).await;
    let page = format!("/workspace/meetings/{key}");
    let action = format!("{page}/postpone");
    let (status, _, body) = clerk.post_form(&app, &page, &action, &[("reason", "  ")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Say why the meeting is postponed; the public page shows it."));
    assert_eq!(meeting(&app, &key).await.status, MeetingStatus::Scheduled);

    let reason = "The Town Hall is closed for repairs";
    let (status, _, _) = clerk.post_form(&app, &page, &action, &[("reason", reason)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let postponed = meeting(&app, &key).await;
    assert_eq!(
        (postponed.status, postponed.status_reason.as_deref()),
        (MeetingStatus::Postponed, Some(reason))
    );
    let (_, _, public) = app.get(&format!("/meetings/{key}")).await;
    assert!(
        public.contains(&format!("<dt>Status</dt><dd>postponed: {reason}</dd>")),
        "{public}"
    );
    // Postponed once is enough: the form is gone, and posting it again is refused.
    let (_, _, html) = clerk.get(&app, &page).await;
    assert!(!html.contains(&format!(r#"action="{action}""#)));
    let (status, _, _) = clerk.post_form(&app, &page, &action, &[("reason", reason)]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let (status, headers, _) = clerk
        .post_form(
            &app,
            &page,
            &format!("{page}/reschedule"),
            &[("date", "2029-09-18"), ("time", "14:00")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let moved = format!("2029-09-18-{ILSC}");
    assert_eq!(headers["location"], format!("/workspace/meetings/{moved}"));
    let again = meeting(&app, &moved).await;
    assert_eq!(again.status, MeetingStatus::Scheduled);
    assert_eq!(again.status_reason, None);
    assert_eq!(again.previous_times, [jiff::civil::date(2029, 7, 17).at(10, 0, 0, 0)]);
    let (_, _, public) = app.get(&format!("/meetings/{moved}")).await;
    assert!(
        public.contains("<dt>Moved from</dt><dd>Tuesday 17 July 2029, 10.00 am</dd>"),
        "{public}"
    );
}

#[tokio::test]
async fn officers_and_other_councillors_in_attendance_are_named_with_their_roles() {
    let app = TestApp::sqlite().await.with_demo().await;
    let day = jiff::Zoned::now().date().yesterday().unwrap();
    let (key, id) = meeting_on(&app, MeetingStatus::AgendaPublished, day).await;
    let clerk = app.signed_in("clerk@example.org", AccountRole::Clerk, None).await;
    let page = format!("/workspace/meetings/{key}");
    let action = format!("{page}/in-attendance");
    let joyner: Officer = named(&app, |o: &Officer| o.name == "Suzanne Joyner").await;
    let knight: Officer = named(&app, |o: &Officer| o.name == "Lindsey Knight").await;

    let before = meeting(&app, &key).await;
    for (fields, message) in [
        (vec![("person", "member:steele")], "Say in what role they attended"),
        (
            vec![("person", "officer:nobody")],
            "Choose the officer or councillor from the list.",
        ),
        (
            vec![("person", "member:no-such-member"), ("role", "Chair")],
            "Choose the officer or councillor from the list.",
        ),
        (
            vec![("person", &*format!("officer:{}", knight.id))],
            "Say in what role they attended",
        ),
        (
            vec![("person", &*format!("officer:{}", joyner.id)), ("item", "12")],
            "This agenda has no item 12.",
        ),
    ] {
        let (status, _, body) = clerk.post_form(&app, &page, &action, &fields).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(body.contains(message), "{fields:?}: {body}");
    }
    assert_eq!(meeting(&app, &key).await, before);

    for fields in [
        vec![
            ("person", "member:steele"),
            ("role", "Chair of the Overview and Scrutiny Management Board"),
        ],
        vec![("person", &*format!("officer:{}", joyner.id)), ("item", "9")],
        vec![
            ("person", &*format!("officer:{}", knight.id)),
            ("role", "Pause Practice Lead"),
            ("item", "9"),
        ],
    ] {
        let (status, _, _) = clerk.post_form(&app, &page, &action, &fields).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{fields:?}");
    }
    let m = meeting(&app, &key).await;
    let steele: Member = named(&app, |m: &Member| m.slug.as_str() == "steele").await;
    assert_eq!(
        m.in_attendance,
        [Presenter {
            role: "Chair of the Overview and Scrutiny Management Board".into(),
            member: Some(steele.id),
            officer: None,
        }]
    );
    let c = council(&*app.store).await;
    let item = app
        .store
        .find::<AgendaItem>(c.id, &Filter::eq("meeting_id", id))
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.record.number.to_string() == "9")
        .unwrap()
        .record;
    assert_eq!(
        item.presenters,
        [
            Presenter {
                role: "Strategic Director, Children and Young People's Services".into(),
                member: None,
                officer: Some(joyner.id),
            },
            Presenter {
                role: "Pause Practice Lead".into(),
                member: None,
                officer: Some(knight.id),
            },
        ]
    );

    let (_, _, public) = app.get(&format!("/meetings/{key}")).await;
    assert!(
        public.contains(
            "<h3>Also in attendance</h3>\n<ul><li>Councillor Steele, Chair of the Overview and Scrutiny Management Board</li></ul>"
        ),
        "{public}"
    );
    let (_, _, item_page) = app.get(&format!("/meetings/{key}/items/9")).await;
    assert!(
        item_page.contains("<p>Attending for this item: Suzanne Joyner, Strategic Director, Children and Young People&#39;s Services; Lindsey Knight, Pause Practice Lead.</p>"),
        "{item_page}"
    );

    // The minutes print them as the page does.
    let facts = MeetingFacts::load(&*app.store, &c, id).await.unwrap();
    assert_eq!(
        facts.minutes().in_attendance.as_deref(),
        Some("Councillor Steele, Chair of the Overview and Scrutiny Management Board")
    );

    // One recorded in error is taken off again.
    let (status, _, _) = clerk
        .post_form(
            &app,
            &page,
            &format!("{page}/in-attendance/remove"),
            &[
                ("item", "9"),
                ("version", &item_version(&app, id, "9").await),
                ("position", "0"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, item_page) = app.get(&format!("/meetings/{key}/items/9")).await;
    assert!(item_page.contains("<p>Attending for this item: Lindsey Knight, Pause Practice Lead.</p>"));
}

async fn item_version(app: &TestApp, meeting: MeetingId, number: &str) -> String {
    let c = council(&*app.store).await;
    app.store
        .find::<AgendaItem>(c.id, &Filter::eq("meeting_id", meeting))
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.record.number.to_string() == number)
        .unwrap()
        .version
        .to_string()
}

#[tokio::test]
async fn the_public_is_excluded_for_part_of_an_item_in_the_statutes_words() {
    let app = TestApp::sqlite().await.with_demo().await;
    let day = jiff::Zoned::now().date().yesterday().unwrap();
    let (key, id) = meeting_on(&app, MeetingStatus::Held, day).await;
    let clerk = app.signed_in("clerk@example.org", AccountRole::Clerk, None).await;
    let page = format!("/workspace/meetings/{key}");
    let action = format!("{page}/exclusions");
    let c = council(&*app.store).await;
    let count = || async {
        (
            app.store
                .find::<Exclusion>(c.id, &Filter::eq("meeting_id", id))
                .await
                .unwrap()
                .len(),
            app.store
                .find::<Resolution>(c.id, &Filter::eq("meeting_id", id))
                .await
                .unwrap()
                .len(),
        )
    };
    for (fields, message) in [
        (
            vec![("item", "9"), ("paragraph", "8"), ("resolved_under", "1")],
            "paragraph",
        ),
        (
            vec![("item", "12"), ("paragraph", "1"), ("resolved_under", "1")],
            "This agenda has no item &#34;12&#34;.",
        ),
        (
            vec![("item", "9"), ("paragraph", "one"), ("resolved_under", "1")],
            "&#34;one&#34; is not a paragraph of Schedule 12A (1 to 7)",
        ),
    ] {
        let (status, _, body) = clerk.post_form(&app, &page, &action, &fields).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(body.contains(message), "{fields:?}: {body}");
    }
    assert_eq!(count().await, (0, 0));

    let (status, _, _) = clerk
        .post_form(
            &app,
            &page,
            &action,
            &[
                ("item", "9"),
                ("part", "the presentation on the Pause Project"),
                ("paragraph", "1"),
                ("resolved_under", "1"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let exclusions = app
        .store
        .find::<Exclusion>(c.id, &Filter::eq("meeting_id", id))
        .await
        .unwrap();
    assert_eq!(exclusions.len(), 1);
    let x = &exclusions[0].record;
    assert_eq!(x.part.as_deref(), Some("the presentation on the Pause Project"));
    assert_eq!(x.paragraph.number(), 1);
    let resolutions = app
        .store
        .find::<Resolution>(c.id, &Filter::eq("meeting_id", id))
        .await
        .unwrap();
    assert_eq!(resolutions.len(), 1);
    let r = &resolutions[0].record;
    assert_eq!((r.number, r.item, x.resolved_under), (1, r.item, Some(r.item)));
    assert_eq!(
        r.text,
        "That under Section 100(A)(4) of the Local Government Act 1972 the public be excluded from the meeting during the presentation on the Pause Project on the grounds that it involves the likely disclosure of exempt information as defined in Paragraph 1 of Part 1 of Schedule 12A of the Act."
    );
    let (_, _, html) = clerk.get(&app, &page).await;
    assert!(html.contains("<li>The press and public were excluded during the presentation on the Pause Project (item 9, Pause Practice) under paragraph 1 of Part 1 of Schedule 12A."));

    // The minute form of item 1 comes filled in with the resolution, so writing the minute
    // keeps it rather than wiping it.
    let prefilled = html
        .split(r#"<textarea id="resolutions-1" name="resolutions" rows="3" cols="60">"#)
        .nth(1)
        .and_then(|rest| rest.split("</textarea>").next())
        .unwrap()
        .to_owned();
    assert_eq!(prefilled, r.text);
    let (status, _, _) = clerk
        .post_form(
            &app,
            &page,
            &format!("{page}/items/1/minute"),
            &[
                ("heading", "EXCLUSION OF THE PRESS AND PUBLIC"),
                (
                    "text",
                    "The Commission resolved that the public leave during the presentation.",
                ),
                ("resolutions", &prefilled),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let kept = app
        .store
        .find::<Resolution>(c.id, &Filter::eq("meeting_id", id))
        .await
        .unwrap();
    assert_eq!(
        kept.iter()
            .map(|s| (s.record.id, s.record.text.clone()))
            .collect::<Vec<_>>(),
        [(r.id, r.text.clone())]
    );
}

#[tokio::test]
async fn a_declaration_records_leaving_not_voting_the_register_entry_and_a_dispensation_apart() {
    let app = TestApp::sqlite().await.with_demo().await;
    let day = jiff::Zoned::now().date().yesterday().unwrap();
    let (key, id) = meeting_on(&app, MeetingStatus::Held, day).await;
    let clerk = app.signed_in("clerk@example.org", AccountRole::Clerk, None).await;
    let page = format!("/workspace/meetings/{key}");
    let action = format!("/meetings/{key}/declarations");
    let (status, _, _) = clerk
        .post_form(
            &app,
            &page,
            &action,
            &[
                ("member", "jarvis"),
                ("item", "9"),
                ("kind", "non_pecuniary"),
                ("text", "as she was a board member of RISE"),
                ("did_not_vote", "on"),
                ("register_note", "Board member, RISE"),
                ("dispensation", "Granted by the Monitoring Officer to speak"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let c = council(&*app.store).await;
    let d = app
        .store
        .find::<Declaration>(c.id, &Filter::eq("meeting_id", id))
        .await
        .unwrap()
        .remove(0)
        .record;
    assert_eq!(
        (
            d.left_room,
            d.did_not_vote,
            d.register_note.as_deref(),
            d.dispensation.as_deref()
        ),
        (
            false,
            true,
            Some("Board member, RISE"),
            Some("Granted by the Monitoring Officer to speak")
        )
    );
    let (_, _, public) = app.get(&format!("/meetings/{key}")).await;
    assert!(public.contains("<li>Councillor Jarvis declared a non-pecuniary interest in item 9 (Pause Practice), as she was a board member of RISE. Register entry: Board member, RISE. Councillor Jarvis remained in the meeting but did not vote on that item. Councillor Jarvis took part under a dispensation: Granted by the Monitoring Officer to speak.</li>"), "{public}");
}
