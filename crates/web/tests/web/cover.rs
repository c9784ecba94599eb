//! The report cover-sheet form: clerks, or the report's own authors, fill it in while the
//! report is a draft; it is shown with the report once published.

use crate::common::{TestApp, account, council, encode, form, get, hidden_csrf, send, session_of};
use axum::http::StatusCode;
use moot_domain::*;
use moot_store::{Filter, StoreExt};

#[tokio::test]
async fn the_cover_sheet_is_filled_in_by_clerks_or_the_reports_authors() {
    let app = TestApp::sqlite().await.with_demo().await;
    let c = council(&*app.store).await;
    let officer = app
        .store
        .find::<Officer>(c.id, &Filter::all())
        .await
        .unwrap()
        .remove(0)
        .record;
    let item = app
        .store
        .find::<AgendaItem>(c.id, &Filter::all())
        .await
        .unwrap()
        .remove(0)
        .record;
    let report = Document {
        position: 9,
        authors: vec![officer.id],
        ..moot_store_conformance::fixtures::document(&item, "Budget monitoring report", DocumentKind::Report)
    };
    app.store
        .create(&Actor::parse("test").unwrap(), report.clone())
        .await
        .unwrap();
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let other = account(&app, "other@example.org", AccountRole::ReportAuthor, None).await;
    let _ = other;
    let path = format!("/workspace/documents/{}/cover-sheet", report.id);

    let other = session_of(&app, "other@example.org").await;
    let (status, _, _) = send(&app.state, get(&path, &other)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "an author of other reports");

    let clerk = session_of(&app, "clerk@example.org").await;
    let (status, _, page) = send(&app.state, get(&path, &clerk)).await;
    assert_eq!(status, StatusCode::OK);
    let csrf = hidden_csrf(&page);
    let fields = |authors: &str| {
        format!(
            "csrf={csrf}&version=1&key_decision=on&approving_director={}&authors={}&wards={}&summary={}&recommendations={}&background_papers=",
            encode("Judith Badger, Strategic Director of Finance"),
            encode(authors),
            encode("Boston Castle, Keppel"),
            encode("The forecast outturn for quarter 1."),
            encode("That the report be noted.\nThat the savings plan be endorsed.")
        )
    };
    let (status, _, message) = send(&app.state, form(&path, &clerk, &fields("Rob Mahon <not an address>"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("e-mail"), "{message}");
    let (status, _, _) = send(
        &app.state,
        form(&path, &clerk, &fields("Rob Mahon <rob.mahon@example.org>\nAnne Other")),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let saved = app.store.fetch(c.id, report.id).await.unwrap().record;
    let cover = saved.cover_sheet.unwrap();
    assert!(cover.key_decision && !cover.on_forward_plan);
    assert_eq!(cover.authors.len(), 2);
    assert_eq!(
        cover.authors[0].email.as_ref().map(|e| e.as_str()),
        Some("rob.mahon@example.org")
    );
    assert_eq!(
        cover.wards_affected,
        vec!["Boston Castle".to_owned(), "Keppel".to_owned()]
    );
    assert_eq!(cover.recommendations.len(), 2);
    assert!(!cover.exempt_from_public && saved.exempt_on_release.is_none());

    // Marked exempt on the cover sheet: the paper is released as exempt, and the cover sheet
    // says so; the two cannot disagree.
    let version = app.store.fetch::<Document>(c.id, report.id).await.unwrap().version;
    let exempt = fields("Rob Mahon").replace("version=1", &format!("version={version}"))
        + &format!(
            "&exempt_paragraph=3&exempt_reason={}",
            encode("Contract prices under negotiation")
        );
    let (status, _, message) = send(&app.state, form(&path, &clerk, &exempt)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    let saved = app.store.fetch(c.id, report.id).await.unwrap().record;
    assert!(saved.cover_sheet.as_ref().unwrap().exempt_from_public);
    assert_eq!(saved.exempt_on_release.as_ref().map(|e| e.paragraph.number()), Some(3));
    assert!(matches!(
        moot_domain::publication::on_publication(&saved, &[]),
        Some(Visibility::Exempt(_))
    ));
    let (_, _, page) = send(&app.state, get(&path, &clerk)).await;
    assert!(
        page.contains("Contract prices under negotiation"),
        "the form shows it again"
    );

    // Once published, the form is closed.
    let stored = app.store.fetch(c.id, report.id).await.unwrap();
    let mut published = stored.record.clone();
    published.visibility = Visibility::Public;
    app.store
        .update(&Actor::parse("test").unwrap(), published, stored.version)
        .await
        .unwrap();
    let (status, _, _) = send(&app.state, get(&path, &clerk)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// Seed 001's cover sheets list appendices (some shared privately with members, marked "*")
/// and the other bodies that considered the report: the form holds every field, refuses a
/// row it cannot read by naming it, and the pack prints the appendices' flags.
#[tokio::test]
async fn the_cover_sheet_holds_appendices_with_their_flags_and_earlier_consideration() {
    let app = TestApp::sqlite().await.with_demo().await;
    let key = crate::publishing::upcoming(&app, 30).await;
    let first = app.signed_in("first@example.org", AccountRole::Clerk, None).await;
    let second = app.signed_in("second@example.org", AccountRole::Clerk, None).await;
    let c = council(&*app.store).await;
    let (_, meeting) = moot_store::lookup::meeting_by_key(&*app.store, c.id, &key)
        .await
        .unwrap()
        .unwrap();
    let report = app
        .store
        .find::<Document>(c.id, &Filter::eq("meeting_id", meeting.id))
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.record.title == "Budget monitoring report")
        .unwrap();
    let path = format!("/workspace/documents/{}/cover-sheet", report.record.id);
    let (status, _, page) = first.get(&app, &path).await;
    assert_eq!(status, StatusCode::OK);
    for id in [
        "appendix-1-title",
        "appendix-1-exempt",
        "appendix-1-private",
        "appendix-3-title",
        "considered-1-body",
        "considered-1-date",
        "considered-2-body",
    ] {
        assert!(page.contains(&format!("<label for=\"{id}\">")), "{id}");
        assert!(page.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(
        !page.contains("appendix-4-title"),
        "three blank rows on a new cover sheet"
    );

    let good = [
        ("summary", "The forecast outturn for quarter 1."),
        ("recommendations", "That the report be noted."),
        ("appendix_1_title", "Appendix 1 – Budget tables"),
        ("appendix_2_title", "Appendix 2 – Pause Woman’s Journey"),
        ("appendix_2_private", "on"),
        ("appendix_3_title", "Appendix 3 – Tendered prices"),
        ("appendix_3_exempt", "on"),
        ("appendix_3_private", "on"),
        ("considered_1_body", "Improving Lives Select Commission"),
        ("considered_1_date", "2019-04-16"),
        ("considered_2_body", "Cabinet"),
        ("considered_2_date", ""),
    ];
    let with = |changed: &[(&'static str, &'static str)]| {
        let mut fields: Vec<(&str, &str)> = good
            .iter()
            .filter(|(n, _)| !changed.iter().any(|(c, _)| c == n))
            .copied()
            .collect();
        fields.extend_from_slice(changed);
        fields
    };
    for (changed, message) in [
        (
            vec![("considered_1_date", "16/04/2019")],
            "Considered by other committees, row 1: &#34;16/04/2019&#34; is not a date like 2027-05-19.",
        ),
        (
            vec![("considered_2_body", " "), ("considered_2_date", "2021-03-02")],
            "Considered by other committees, row 2: a date without the committee, scrutiny or advisory panel. Name it, or clear the date.",
        ),
        (
            vec![("appendix_2_title", "")],
            "Appendices, row 2: it is marked exempt or shared privately but has no title. Give its title, or untick it.",
        ),
    ] {
        let (status, _, body) = first.post_form(&app, &path, &path, &with(&changed)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{changed:?}");
        assert!(body.contains(message), "{changed:?}: {body}");
    }
    assert_eq!(
        app.store.fetch::<Document>(c.id, report.record.id).await.unwrap(),
        report,
        "nothing saved"
    );

    let (status, _, body) = first.post_form(&app, &path, &path, &good).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let saved = app
        .store
        .fetch::<Document>(c.id, report.record.id)
        .await
        .unwrap()
        .record;
    let appendix = |title: &str, exempt, shared_privately| AppendixListing {
        title: title.to_owned(),
        exempt,
        shared_privately,
    };
    assert_eq!(
        saved.cover_sheet.as_deref(),
        Some(&CoverSheet {
            key_decision: false,
            on_forward_plan: false,
            approving_director: None,
            authors: Vec::new(),
            wards_affected: Vec::new(),
            summary: "The forecast outturn for quarter 1.".to_owned(),
            recommendations: vec!["That the report be noted.".to_owned()],
            appendices: vec![
                appendix("Appendix 1 – Budget tables", false, false),
                appendix("Appendix 2 – Pause Woman’s Journey", false, true),
                appendix("Appendix 3 – Tendered prices", true, true),
            ],
            background_papers: Vec::new(),
            considered_by: vec![
                PriorConsideration {
                    body: "Improving Lives Select Commission".to_owned(),
                    date: Some(jiff::civil::date(2019, 4, 16)),
                },
                PriorConsideration {
                    body: "Cabinet".to_owned(),
                    date: None,
                },
            ],
            council_approval_required: false,
            exempt_from_public: false,
        })
    );
    // Saved rows come back, with fresh blank ones after them.
    let (_, _, page) = first.get(&app, &path).await;
    assert!(page.contains("<input id=\"appendix-3-exempt\" name=\"appendix_3_exempt\" type=\"checkbox\" checked>"));
    assert!(page.contains("id=\"appendix-6-title\""));
    assert!(page.contains("value=\"2019-04-16\""));

    // Published, the pack prints the appendices as seed 001 does, and the considerations.
    let ws = format!("/workspace/meetings/{key}");
    let request = format!("{ws}/request-publication");
    assert_eq!(
        first.post_form(&app, &ws, &request, &[("late_reason", "")]).await.0,
        StatusCode::SEE_OTHER
    );
    let (_, _, page) = second.get(&app, &ws).await;
    let reviewed = crate::common::reviewed_for(&page);
    let approve = format!("{ws}/approve-publication");
    assert_eq!(
        second
            .post_form(&app, &ws, &approve, &[("reviewed", &reviewed)])
            .await
            .0,
        StatusCode::SEE_OTHER
    );
    let publisher = moot_render_pdf::Publisher::new(
        app.store.clone(),
        app.state.blobs.clone(),
        moot_render_pdf::Typesetter::new().unwrap(),
    )
    .unwrap();
    moot_render_pdf::follow::refresh_all(&publisher).await.unwrap();
    let pack = app
        .store
        .find::<Document>(c.id, &Filter::eq("meeting_id", meeting.id))
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.record)
        .find(|d| {
            d.kind == DocumentKind::AgendaPack && d.generated.as_ref().and_then(|g| g.edition) == Some(Edition::Public)
        })
        .expect("the public pack");
    let text = crate::packs::pack_text(&app, &pack).await;
    assert!(
        text.contains(
            "List of appendices included Appendix 1 – Budget tables Appendix 2 – Pause Woman’s Journey* Appendix 3 – Tendered prices* (exempt: not for publication) * Shared privately with members, and excluded from the public papers."
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "Consideration by any other council committee, scrutiny or advisory panel Improving Lives Select Commission, Tuesday 16 April 2019 Cabinet"
        ),
        "{text}"
    );
}
