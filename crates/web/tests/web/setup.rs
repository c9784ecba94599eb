//! Setting up committees, members and seats from the workspace; duplicates refused by name.

use crate::common;

use crate::common::{TestApp, account, encode, form, get, hidden_csrf, send, session_of};
use axum::http::StatusCode;
use moot_domain::*;

#[tokio::test]
async fn clerks_add_committees_members_and_seats_and_duplicates_are_refused() {
    let app = TestApp::sqlite().await.with_demo().await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let clerk = session_of(&app, "clerk@example.org").await;
    let (status, _, page) = send(&app.state, get("/workspace/setup", &clerk)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("<title>Set-up – Moot</title>"),
        "the page's title is only its title"
    );
    let csrf = hidden_csrf(&page);

    let committee = format!(
        "csrf={csrf}&name={}&kind=regulatory&remit={}",
        encode("Licensing Board"),
        encode("Licensing of taxis and premises.")
    );
    let (status, _, message) = send(&app.state, form("/workspace/setup/committees", &clerk, &committee)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    let (status, _, message) = send(&app.state, form("/workspace/setup/committees", &clerk, &committee)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("already a committee called"));
    let (status, _, message) = send(
        &app.state,
        form(
            "/workspace/setup/committees",
            &clerk,
            &format!("csrf={csrf}&name=X&kind=club"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("is not a kind of committee"));

    let member =
        format!("csrf={csrf}&title=Councillor&given_names=Jane&family_name=Smith&party=Independent&ward=Keppel");
    assert_eq!(
        send(&app.state, form("/workspace/setup/members", &clerk, &member))
            .await
            .0,
        StatusCode::SEE_OTHER
    );
    let (status, _, message) = send(&app.state, form("/workspace/setup/members", &clerk, &member)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a duplicate member");
    assert!(
        message.contains("Councillor Jane Smith is already a member"),
        "{message}"
    );

    let seat = format!("csrf={csrf}&member=jane-smith&committee=licensing-board&role=vice_chair&from=2026-05-20");
    assert_eq!(
        send(&app.state, form("/workspace/setup/memberships", &clerk, &seat))
            .await
            .0,
        StatusCode::SEE_OTHER
    );
    let bad_seat = format!("csrf={csrf}&member=nobody&committee=licensing-board&role=chair&from=2026-05-20");
    let (status, _, message) = send(&app.state, form("/workspace/setup/memberships", &clerk, &bad_seat)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("is not a member here"));

    let (status, _, page) = app.get("/committees/licensing-board").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Licensing of taxis and premises.") && page.contains("Jane Smith"),
        "{page}"
    );
    let (status, _, page) = app.get("/members/jane-smith").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Independent"));
}

#[tokio::test]
async fn annual_meetings_are_added_once_and_only_admins_change_the_councils_settings() {
    let app = TestApp::sqlite().await.with_demo().await;
    account(&app, "admin@example.org", AccountRole::Admin, None).await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let clerk = session_of(&app, "clerk@example.org").await;
    let (_, _, page) = send(&app.state, get("/workspace/setup", &clerk)).await;
    assert!(
        page.contains("Wednesday 19 May 2021"),
        "the demo's annual meetings are listed"
    );
    assert!(!page.contains("Council settings"), "settings are for admins");
    let csrf = hidden_csrf(&page);
    let add = "/workspace/setup/annual-meetings";
    assert_eq!(
        send(&app.state, form(add, &clerk, &format!("csrf={csrf}&date=2026-05-20")))
            .await
            .0,
        StatusCode::SEE_OTHER
    );
    let (status, _, message) = send(&app.state, form(add, &clerk, &format!("csrf={csrf}&date=2026-05-20"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("already an annual meeting on Wednesday 20 May 2026"));
    let (status, _, _) = send(&app.state, form(add, &clerk, &format!("csrf={csrf}&date=May"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let (status, _, _) = send(
        &app.state,
        form(
            "/admin/settings",
            &clerk,
            &format!("csrf={csrf}&version=1&region=scotland"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let admin = session_of(&app, "admin@example.org").await;
    let (_, _, page) = send(&app.state, get("/workspace/setup", &admin)).await;
    let admin_csrf = hidden_csrf(&page);
    let version = page
        .split("name=\"version\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let body = format!(
        "csrf={admin_csrf}&version={version}&region=scotland&single_person=on&hosts={}",
        encode("Democracy.Example.org")
    );
    assert_eq!(
        send(&app.state, form("/admin/settings", &admin, &body)).await.0,
        StatusCode::SEE_OTHER
    );
    let c = common::council(&*app.store).await;
    assert!(c.settings.single_person_publishing);
    assert_eq!(c.settings.calendar.region, HolidayRegion::Scotland);
    assert_eq!(c.settings.hosts, vec!["democracy.example.org".to_owned()]);
    let (status, _, _) = send(
        &app.state,
        form(
            "/admin/settings",
            &admin,
            &format!("csrf={admin_csrf}&version={version}&region=mars"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_committee_gets_its_parent_contact_venue_and_its_own_agenda_template() {
    use moot_store::{Filter, StoreExt};
    let app = TestApp::sqlite().await.with_demo().await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let clerk = session_of(&app, "clerk@example.org").await;
    let (_, _, page) = send(&app.state, get("/workspace/setup", &clerk)).await;
    let csrf = hidden_csrf(&page);
    for (path, body) in [
        (
            "/workspace/setup/officers",
            format!(
                "name={}&job_title={}&email={}",
                encode("Dana Clerk"),
                encode("Democratic Services Officer"),
                encode("Dana.Clerk@example.org")
            ),
        ),
        (
            "/workspace/setup/venues",
            format!(
                "name={}&address={}",
                encode("Committee Room 3"),
                encode("Rotherham Town Hall")
            ),
        ),
        (
            "/workspace/setup/committees",
            format!("name={}&kind=project_group", encode("Pause Project Group")),
        ),
    ] {
        let (status, _, message) = send(&app.state, form(path, &clerk, &format!("csrf={csrf}&{body}"))).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{path}: {message}");
        let (status, _, message) = send(&app.state, form(path, &clerk, &format!("csrf={csrf}&{body}"))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path} twice");
        assert!(message.contains("already a"), "{message}");
    }
    let (status, _, message) = send(
        &app.state,
        form(
            "/workspace/setup/officers",
            &clerk,
            &format!("csrf={csrf}&name=X&email=not-an-address"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");

    let c = common::council(&*app.store).await;
    let officer = app
        .store
        .find::<Officer>(c.id, &Filter::eq("name", "Dana Clerk"))
        .await
        .unwrap()
        .remove(0)
        .record;
    assert_eq!(
        officer.email.as_ref().map(|e| e.as_str()),
        Some("dana.clerk@example.org")
    );
    let venue = app
        .store
        .find::<Venue>(c.id, &Filter::eq("name", "Committee Room 3"))
        .await
        .unwrap()
        .remove(0)
        .record;

    // The project group sits under the Commission, with a contact and a usual room.
    let group = "/workspace/setup/committees/pause-project-group";
    let (status, _, page) = send(&app.state, get(group, &clerk)).await;
    assert_eq!(status, StatusCode::OK);
    let version = common::version_for(&page, group);
    let details = |parent: &str, version: &str| {
        format!(
            "csrf={csrf}&version={version}&short_name=PPG&kind=project_group&parent={parent}&remit=&contact={}&venue={}&webcast=on",
            officer.id, venue.id
        )
    };
    let (status, _, message) = send(
        &app.state,
        form(group, &clerk, &details("improving-lives-select-commission", &version)),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    let stored = app
        .store
        .find::<Committee>(c.id, &Filter::eq("slug", "pause-project-group"))
        .await
        .unwrap()
        .remove(0)
        .record;
    let ilsc = app
        .store
        .find::<Committee>(c.id, &Filter::eq("slug", "improving-lives-select-commission"))
        .await
        .unwrap()
        .remove(0);
    assert_eq!(stored.parent, Some(ilsc.record.id));
    assert_eq!(stored.contact_officer, Some(officer.id));
    assert_eq!(stored.default_venue, Some(venue.id));
    assert!(stored.webcast);
    assert_eq!(stored.short_name.as_deref(), Some("PPG"));
    // …and the Commission cannot then sit under its own project group.
    let ilsc_path = "/workspace/setup/committees/improving-lives-select-commission";
    let body = format!(
        "csrf={csrf}&version={}&kind=select_commission&parent=pause-project-group",
        ilsc.version
    );
    let (status, _, message) = send(&app.state, form(ilsc_path, &clerk, &body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("which sits under it"), "{message}");

    // Its own template: no public questions or communications, the minutes item first.
    let (_, _, page) = send(&app.state, get(group, &clerk)).await;
    assert!(page.contains("Rotherham Town Hall") || page.contains("Committee Room 3"));
    let version = common::version_for(&page, &format!("{group}/template"));
    let mut body = format!("csrf={csrf}&version={version}");
    for (code, order, title) in [
        ("previous_minutes", "1", "Notes of the last meeting"),
        ("apologies", "2", "Apologies"),
        ("declarations", "3", "Declarations of Interest"),
        (
            "exclusion_of_press_and_public",
            "4",
            "Exclusion of the Press and Public",
        ),
        ("urgent_business", "5", "Urgent Business"),
        ("next_meeting", "6", "Next meeting"),
    ] {
        body.push_str(&format!(
            "&include_{code}=on&order_{code}={order}&title_{code}={}&description_{code}=",
            encode(title)
        ));
    }
    let (status, _, message) = send(
        &app.state,
        form(
            &format!("{group}/template"),
            &clerk,
            &body.replace("order_apologies=2", "order_apologies=two"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("must be a number"), "{message}");
    let (status, _, message) = send(&app.state, form(&format!("{group}/template"), &clerk, &body)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");

    // A new meeting is made from it, in the usual venue, with the contact officer.
    let (_, _, home) = send(&app.state, get("/workspace", &clerk)).await;
    assert!(home.contains("Pause Project Group"));
    let body = format!("csrf={csrf}&date=2031-01-14&time=14:00");
    let (status, _, message) = send(
        &app.state,
        form("/workspace/committees/pause-project-group/meetings", &clerk, &body),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    let (_, _, public) = app.get("/meetings/2031-01-14-pause-project-group").await;
    assert!(
        public.contains("Committee Room 3") && public.contains("Dana Clerk"),
        "{public}"
    );
    let (_, meeting) = moot_store::lookup::meeting_by_key(&*app.store, c.id, "2031-01-14-pause-project-group")
        .await
        .unwrap()
        .unwrap();
    let mut items = app
        .store
        .find::<AgendaItem>(c.id, &Filter::eq("meeting_id", meeting.id))
        .await
        .unwrap();
    items.sort_by_key(|i| i.record.number);
    let numbered: Vec<(String, String)> = items
        .iter()
        .map(|i| (i.record.number.to_string(), i.record.title.clone()))
        .collect();
    assert_eq!(
        numbered,
        [
            ("1", "Notes of the last meeting"),
            ("2", "Apologies"),
            ("3", "Declarations of Interest"),
            ("4", "Exclusion of the Press and Public"),
            ("5", "Urgent Business"),
            ("6", "Next meeting"),
        ]
        .map(|(n, t)| (n.to_owned(), t.to_owned()))
    );
}

#[tokio::test]
async fn a_seat_is_given_an_end_date_and_leaves_the_current_membership_on_the_public_page() {
    use moot_store::{Filter, StoreExt};
    let app = TestApp::sqlite().await.with_demo().await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let clerk = session_of(&app, "clerk@example.org").await;
    let (_, _, page) = send(&app.state, get("/workspace/setup", &clerk)).await;
    let csrf = hidden_csrf(&page);
    let appoint = |from: &str, to: &str| {
        format!("csrf={csrf}&member=hague&committee=improving-lives-select-commission&role=member&from={from}&to={to}")
    };
    let (status, _, message) = send(
        &app.state,
        form(
            "/workspace/setup/memberships",
            &clerk,
            &appoint("2030-05-22", "2030-01-01"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("membership"), "{message}");

    let ilsc = "/workspace/setup/committees/improving-lives-select-commission";
    let (_, _, page) = send(&app.state, get(ilsc, &clerk)).await;
    let c = common::council(&*app.store).await;
    let pitchley = app
        .store
        .find::<Member>(c.id, &Filter::eq("slug", "pitchley"))
        .await
        .unwrap()
        .remove(0)
        .record;
    let seat = app
        .store
        .find::<Membership>(c.id, &Filter::eq("member_id", pitchley.id))
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.record.to.is_none())
        .expect("an open seat in the demo");
    assert!(
        page.contains(&format!("/workspace/setup/memberships/{}", seat.record.id)),
        "{page}"
    );
    let current = || async {
        let (_, _, public) = app.get("/committees/improving-lives-select-commission").await;
        let after = public.split("<h2>Membership</h2>").nth(1).unwrap_or_default();
        let end = after
            .find("<details")
            .or_else(|| after.find("<h2"))
            .unwrap_or(after.len());
        after[..end].to_owned()
    };
    assert!(current().await.contains("Pitchley"), "a current member");

    let end = format!("/workspace/setup/memberships/{}", seat.record.id);
    let bad = format!("csrf={csrf}&version={}&to=1999-01-01", seat.version);
    let (status, _, _) = send(&app.state, form(&end, &clerk, &bad)).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a seat cannot end before it starts"
    );
    let yesterday = jiff::Zoned::now().date().yesterday().unwrap();
    let body = format!("csrf={csrf}&version={}&to={yesterday}", seat.version);
    let (status, _, message) = send(&app.state, form(&end, &clerk, &body)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    let stored = app
        .store
        .fetch::<Membership>(c.id, seat.record.id)
        .await
        .unwrap()
        .record;
    assert_eq!(stored.to, Some(yesterday));
    let (_, _, page) = send(&app.state, get(ilsc, &clerk)).await;
    assert!(!page.contains(&end), "an ended seat leaves the list");
    assert!(!current().await.contains("Pitchley"), "no longer a current member");
}
