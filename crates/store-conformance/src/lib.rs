//! The conformance suite: what every [`Store`] backend must do, written once.
//!
//! Each check takes a fresh, migrated, empty store. A backend's tests call
//! [`conformance_tests!`] with an expression that makes one, and get one `#[tokio::test]`
//! per check, so a failure names the rule that broke.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test support: failing loudly is the point"
)]

pub mod fixtures;

use jiff::Timestamp;
use jiff::civil::date;
use moot_domain::*;
use moot_store::{
    ChangeQuery, CondOp, Filter, Kind, LatestQuery, Op, Record, Session, Store, StoreError, StoreExt, Write,
};

use fixtures::*;

/// Generates one async test per conformance check. `$make` is an async expression giving
/// `Some` fresh, migrated store (anything that derefs to a `Store`), or `None` when the
/// backend is not available here (the backend's own tests decide whether that is allowed).
#[macro_export]
macro_rules! conformance_tests {
    ($make:expr) => {
        $crate::conformance_tests!(@each $make;
            change_log_records_who_when_before_and_after,
            deletion_leaves_a_tombstone,
            a_failed_batch_writes_nothing,
            stale_updates_are_refused,
            invalid_records_are_refused_before_writing,
            minute_numbers_are_unique_within_a_series,
            councils_never_mix,
            a_host_name_belongs_to_one_council,
            every_kind_round_trips_through_a_meeting_lifecycle,
            listings_filter_and_order,
            change_log_can_be_followed_by_sequence,
            latest_changes_walk_each_record_once_at_its_last_entry,
            imports_keep_everything_and_land_whole_or_not_at_all,
            passwords_and_sessions_are_kept_apart_from_records,
            the_signing_key_is_kept_once_for_every_node,
        );
    };
    (@each $make:expr; $($name:ident,)*) => {
        $(
            #[tokio::test]
            async fn $name() {
                let Some(store) = $make.await else { return };
                $crate::$name(&*store).await;
            }
        )*
    };
}

async fn new_council(store: &dyn Store, slug: &str) -> Council {
    store
        .create(&actor("test"), council(slug))
        .await
        .expect("create council")
        .record
}

pub async fn change_log_records_who_when_before_and_after(store: &dyn Store) {
    let before = Timestamp::now();
    let c = new_council(store, "rotherham").await;
    let clerk = actor("user:clerk-1");
    let created = store
        .create(&clerk, committee(c.id, "improving-lives"))
        .await
        .expect("create");
    let mut renamed = created.record.clone();
    renamed.name = "Improving Lives Select Commission".into();
    let updated = store.update(&clerk, renamed, created.version).await.expect("update");
    assert_eq!(updated.version, 2);
    let after = Timestamp::now();

    let log = store
        .changes(&ChangeQuery {
            id: Some(created.record.id.uuid()),
            ..ChangeQuery::default()
        })
        .await
        .expect("read log");
    assert_eq!(log.len(), 2);
    let (create, update) = (&log[0], &log[1]);
    assert_eq!((create.op, update.op), (Op::Create, Op::Update));
    assert!(create.seq < update.seq);
    for entry in &log {
        assert_eq!(entry.actor, clerk);
        assert_eq!(entry.kind, Kind::Committee);
        assert_eq!(entry.council, c.id);
        assert!(
            before <= entry.at && entry.at <= after,
            "logged at {} outside {before}..{after}",
            entry.at
        );
    }
    assert_eq!(create.before, None);
    assert_eq!(
        create.after.as_ref().and_then(|a| a["name"].as_str()),
        Some("improving lives")
    );
    assert_eq!(
        update.before.as_ref().and_then(|a| a["name"].as_str()),
        Some("improving lives")
    );
    assert_eq!(
        update.after.as_ref().and_then(|a| a["name"].as_str()),
        Some("Improving Lives Select Commission")
    );
    assert_eq!((create.version, update.version), (1, 2));
}

pub async fn deletion_leaves_a_tombstone(store: &dyn Store) {
    let c = new_council(store, "rotherham").await;
    let who = actor("user:clerk-1");
    let m = store.create(&who, member(c.id, "Jarvis")).await.expect("create");
    store.delete(&who, c.id, m.record.id, m.version).await.expect("delete");

    let raw = store.get(c.id, Kind::Member, m.record.id.uuid()).await.expect("get");
    let tomb = raw.expect("the row is still there");
    assert!(tomb.deleted);
    assert_eq!(tomb.version, 2);
    assert_eq!(
        tomb.record,
        Record::Member(m.record.clone()),
        "the tombstone keeps the last content"
    );

    assert!(matches!(
        store.fetch(c.id, m.record.id).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(
        store
            .find::<Member>(c.id, &Filter::all())
            .await
            .expect("list")
            .is_empty()
    );
    assert_eq!(
        store
            .find::<Member>(c.id, &Filter::all().with_deleted())
            .await
            .expect("list")
            .len(),
        1
    );

    let log = store
        .changes(&ChangeQuery {
            id: Some(m.record.id.uuid()),
            ..ChangeQuery::default()
        })
        .await
        .expect("log");
    let last = log.last().expect("entries");
    assert_eq!(last.op, Op::Delete);
    assert_eq!(last.after, None);
    assert_eq!(
        last.before.as_ref().and_then(|b| b["family_name"].as_str()),
        Some("Jarvis")
    );

    // A tombstone cannot be edited back to life, nor its slug reused.
    let again = store.update(&who, m.record.clone(), 2).await;
    assert!(matches!(again, Err(StoreError::Deleted { .. })), "{again:?}");
    let reuse = store.create(&who, member(c.id, "Jarvis")).await;
    assert!(matches!(reuse, Err(StoreError::Conflict { .. })), "{reuse:?}");
}

pub async fn a_failed_batch_writes_nothing(store: &dyn Store) {
    let c = new_council(store, "rotherham").await;
    let who = actor("cli");
    let com = store
        .create(&who, committee(c.id, "cabinet"))
        .await
        .expect("create")
        .record;
    let seq_before = last_seq(store).await;

    let m = meeting(&com, date(2021, 6, 15).at(10, 0, 0, 0));
    let good = item(&m, "1", "Apologies for Absence");
    let mut orphan = item(&m, "2", "Minutes");
    orphan.meeting = MeetingId::new(); // refers to no meeting
    let result = store
        .apply(
            &who,
            None,
            vec![
                Write::Create(m.clone().into()),
                Write::Create(good.into()),
                Write::Create(orphan.into()),
            ],
        )
        .await;
    assert!(matches!(result, Err(StoreError::Conflict { .. })), "{result:?}");

    assert!(matches!(
        store.fetch(c.id, m.id).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(
        store
            .find::<AgendaItem>(c.id, &Filter::all())
            .await
            .expect("list")
            .is_empty()
    );
    assert_eq!(last_seq(store).await, seq_before, "the change log did not grow");
}

async fn last_seq(store: &dyn Store) -> i64 {
    store
        .changes(&ChangeQuery::default())
        .await
        .expect("log")
        .last()
        .map_or(0, |c| c.seq)
}

pub async fn stale_updates_are_refused(store: &dyn Store) {
    let c = new_council(store, "rotherham").await;
    let who = actor("cli");
    let v1 = store.create(&who, committee(c.id, "cabinet")).await.expect("create");
    let mut a = v1.record.clone();
    a.remit = Some("first clerk".into());
    store.update(&who, a, v1.version).await.expect("first update");
    let mut b = v1.record.clone();
    b.remit = Some("second clerk, from a stale read".into());
    let stale = store.update(&who, b, v1.version).await;
    assert!(
        matches!(
            stale,
            Err(StoreError::Stale {
                expected: 1,
                found: 2,
                ..
            })
        ),
        "{stale:?}"
    );
    let now = store.fetch(c.id, v1.record.id).await.expect("fetch");
    assert_eq!(now.record.remit.as_deref(), Some("first clerk"));
}

pub async fn invalid_records_are_refused_before_writing(store: &dyn Store) {
    let c = new_council(store, "rotherham").await;
    let who = actor("cli");
    let mut bad = committee(c.id, "cabinet");
    bad.name = "  ".into();
    let result = store.create(&who, bad.clone()).await;
    assert!(matches!(result, Err(StoreError::Invalid(_))), "{result:?}");
    assert!(matches!(
        store.fetch(c.id, bad.id).await,
        Err(StoreError::NotFound { .. })
    ));
}

pub async fn minute_numbers_are_unique_within_a_series(store: &dyn Store) {
    let c = new_council(store, "rotherham").await;
    let who = actor("cli");
    let com = store
        .create(&who, committee(c.id, "improving-lives"))
        .await
        .expect("committee")
        .record;
    let annual = store
        .create(&who, annual_meeting(c.id, date(2020, 5, 20)))
        .await
        .expect("annual")
        .record;
    let s = store.create(&who, series(&com, &annual)).await.expect("series").record;
    let m1 = store
        .create(&who, meeting(&com, date(2021, 3, 9).at(17, 30, 0, 0)))
        .await
        .expect("m1")
        .record;
    let m2 = store
        .create(&who, meeting(&com, date(2021, 3, 22).at(17, 30, 0, 0)))
        .await
        .expect("m2")
        .record;
    let mut a = item(&m1, "10", "Urgent Business");
    a.minute = Some(minute(&s, 150, "URGENT BUSINESS"));
    store.create(&who, a).await.expect("minute 150");
    let mut b = item(&m2, "1", "Minutes of the previous meeting");
    b.minute = Some(minute(&s, 150, "MINUTES"));
    let dup = store.create(&who, b.clone()).await;
    assert!(matches!(dup, Err(StoreError::Conflict { .. })), "{dup:?}");
    b.minute = Some(minute(&s, 151, "MINUTES"));
    store.create(&who, b).await.expect("minute 151");

    // A series belongs to one committee: another committee's item cannot borrow it.
    let other = store
        .create(&who, committee(c.id, "cabinet"))
        .await
        .expect("committee")
        .record;
    let om = store
        .create(&who, meeting(&other, date(2021, 3, 10).at(10, 0, 0, 0)))
        .await
        .expect("meeting")
        .record;
    let mut borrowed = item(&om, "1", "Apologies");
    borrowed.minute = Some(minute(&s, 999, "APOLOGIES"));
    let result = store.create(&who, borrowed).await;
    assert!(matches!(result, Err(StoreError::Conflict { .. })), "{result:?}");
}

pub async fn councils_never_mix(store: &dyn Store) {
    let who = actor("cli");
    let a = new_council(store, "rotherham").await;
    let b = new_council(store, "sheffield").await;
    let com_a = store.create(&who, committee(a.id, "cabinet")).await.expect("a").record;
    store
        .create(&who, committee(b.id, "cabinet"))
        .await
        .expect("the same slug in another council is fine");

    // B cannot read A's committee by id, nor list it.
    assert!(
        store
            .get(b.id, Kind::Committee, com_a.id.uuid())
            .await
            .expect("get")
            .is_none()
    );
    let in_b = store.find::<Committee>(b.id, &Filter::all()).await.expect("list");
    assert_eq!(in_b.len(), 1);
    assert_eq!(in_b[0].record.council, b.id);

    // A meeting of council B cannot hang off council A's committee.
    let mut cross = meeting(&com_a, date(2021, 6, 15).at(10, 0, 0, 0));
    cross.council = b.id;
    let result = store.create(&who, cross).await;
    assert!(matches!(result, Err(StoreError::Conflict { .. })), "{result:?}");

    // Nor can B update A's record by naming it.
    let mut hijack = com_a.clone();
    hijack.council = b.id;
    let result = store.update(&who, hijack, 1).await;
    assert!(matches!(result, Err(StoreError::NotFound { .. })), "{result:?}");

    let log_b = store
        .changes(&ChangeQuery {
            council: Some(b.id),
            ..ChangeQuery::default()
        })
        .await
        .expect("log");
    assert!(log_b.iter().all(|c| c.council == b.id));
    assert_eq!(store.councils().await.expect("councils").len(), 2);
    let mut ids = vec![a.id, b.id];
    ids.sort();
    assert_eq!(store.council_ids().await.expect("ids"), ids);
    store.delete(&who, b.id, b.id, 1).await.expect("tombstone a council");
    assert_eq!(
        store.councils().await.expect("councils").len(),
        1,
        "listings show live councils"
    );
    assert_eq!(
        store.council_ids().await.expect("ids"),
        ids,
        "copies see tombstones too"
    );
}

/// A host name is one council's address: another council claiming it, when it is made, when
/// its settings change or when it is copied in, is refused by name and nothing is written. A
/// council naming its own host twice is no conflict, and a name let go (changed, or its
/// council deleted) can be taken.
pub async fn a_host_name_belongs_to_one_council(store: &dyn Store) {
    use moot_store::Stored;
    let who = actor("user:admin-1");
    let host = "democracy.example.gov.uk";
    let taken = format!("{host} is already the address of another council's site");
    let refusal = |result: moot_store::Result<()>| result.err().map(|e| e.to_string());
    let with_hosts = |mut c: Council, hosts: &[&str]| {
        c.settings.hosts = hosts.iter().map(|h| (*h).to_owned()).collect();
        c
    };
    let a = store
        .create(&who, with_hosts(council("rotherham"), &[host, host]))
        .await
        .expect("a council may name its own host twice");
    let seq = last_seq(store).await;

    let b = with_hosts(council("sheffield"), &["sheffield.example.gov.uk", host]);
    let made = store.create(&who, b.clone()).await.map(drop);
    assert_eq!(refusal(made), Some(taken.clone()));
    assert_eq!(store.councils().await.expect("councils").len(), 1);
    assert_eq!(last_seq(store).await, seq, "nothing was logged");

    let b = store.create(&who, with_hosts(b, &[])).await.expect("no hosts").record;
    let claimed = store.update(&who, with_hosts(b.clone(), &[host]), 1).await.map(drop);
    assert_eq!(refusal(claimed), Some(taken.clone()));
    let kept = store.fetch(b.id, b.id).await.expect("fetch");
    assert_eq!((kept.version, kept.record.settings.hosts.len()), (1, 0));

    let moved = "democracy.rotherham.example.gov.uk";
    store
        .update(&who, with_hosts(a.record.clone(), &[moved]), a.version)
        .await
        .expect("rotherham moves");
    store
        .update(&who, with_hosts(b.clone(), &[host]), 1)
        .await
        .expect("a name let go can be taken");
    let back = store
        .update(&who, with_hosts(a.record.clone(), &[host]), 2)
        .await
        .map(drop);
    assert_eq!(refusal(back), Some(taken.clone()));
    store.delete(&who, b.id, b.id, 2).await.expect("sheffield closes");
    store
        .update(&who, with_hosts(a.record.clone(), &[host]), 2)
        .await
        .expect("a deleted council's names are free");

    let copied = |c: Council| Stored {
        record: c.into(),
        version: 1,
        deleted: false,
    };
    let mut copy = store.begin_import().await.expect("begin");
    let clash = copy.record(&copied(with_hosts(council("doncaster"), &[host]))).await;
    assert_eq!(refusal(clash), Some(taken.clone()));
    drop(copy);
    let imported = "democracy.doncaster.example.gov.uk";
    let mut copy = store.begin_import().await.expect("begin");
    copy.record(&copied(with_hosts(council("doncaster"), &[imported])))
        .await
        .expect("a free name");
    copy.finish().await.expect("commit");
    let after = store
        .create(&who, with_hosts(council("barnsley"), &[imported]))
        .await
        .map(drop);
    assert_eq!(
        refusal(after),
        Some(format!("{imported} is already the address of another council's site")),
        "a copied council holds its names"
    );
}

/// Writes one record of every kind, as a clerk would over a meeting's life, and reads each back.
pub async fn every_kind_round_trips_through_a_meeting_lifecycle(store: &dyn Store) {
    let who = actor("user:clerk-1");
    let c = new_council(store, "rotherham").await;
    let officer = Officer {
        id: OfficerId::new(),
        council: c.id,
        name: "Jenny Lingrell".into(),
        job_title: Some("Assistant Director".into()),
        email: Some(Email::parse("jenny.lingrell@rotherham.gov.uk").expect("email")),
        phone: None,
    };
    let venue = Venue {
        id: VenueId::new(),
        council: c.id,
        name: "Town Hall".into(),
        address: Some("Moorgate Street, Rotherham".into()),
        postcode: Some("S60 2TH".into()),
        online: false,
    };
    let subject = Subject {
        id: SubjectId::new(),
        council: c.id,
        slug: slug("pause-practice"),
        title: "Rotherham Pause Practice".into(),
        description: None,
    };
    let mut com = committee(c.id, "improving-lives-select-commission");
    com.contact_officer = Some(officer.id);
    com.default_venue = Some(venue.id);
    let mut group = committee(c.id, "early-help-review");
    group.kind = CommitteeKind::ProjectGroup;
    group.parent = Some(com.id);
    let pitchley = member(c.id, "Pitchley");
    let jarvis = member(c.id, "Jarvis");
    let seat = Membership {
        id: MembershipId::new(),
        council: c.id,
        committee: com.id,
        member: pitchley.id,
        role: CommitteeRole::Chair,
        from: date(2021, 5, 19),
        to: None,
        appointed_by: None,
        styled: None,
    };
    let annual = annual_meeting(c.id, date(2021, 5, 19));
    let s = series(&com, &annual);
    let mut m = meeting(&com, date(2021, 6, 15).at(10, 0, 0, 0));
    m.venue = Some(venue.id);
    let mut pause = item(&m, "7", "Rotherham Pause Practice - Impact Report");
    pause.subject = Some(subject.id);
    pause.exemption = Some(exemption(1, "Information about individual women on the programme"));
    let report = Document {
        authors: vec![officer.id],
        cover_sheet: Some(Box::default()),
        ..document(&pause, "Impact Report", DocumentKind::Report)
    };
    let appendix = Document {
        position: 2,
        visibility: Visibility::Exempt(exemption(1, "Case histories")),
        ..document(&pause, "Appendix 1", DocumentKind::Appendix)
    };
    let resolution = Resolution {
        id: ResolutionId::new(),
        council: c.id,
        meeting: m.id,
        item: pause.id,
        number: 1,
        text: "That the report be noted.".into(),
        kind: ResolutionKind::Noted,
        vote: Some(Vote {
            outcome: VoteOutcome::CarriedUnanimously,
            mover: Some(pitchley.id),
            seconder: None,
            recorded: vec![],
        }),
    };
    let action = Action {
        id: ActionId::new(),
        council: c.id,
        committee: com.id,
        resolution: Some(resolution.id),
        description: "Bring a further report after May 2022".into(),
        owner: Some(officer.id),
        owner_text: None,
        due: Some(date(2022, 6, 1)),
        due_meeting: None,
        status: ActionStatus::Open,
        outcome: None,
        closed: None,
    };
    let attendance = Attendance {
        id: AttendanceId::new(),
        council: c.id,
        meeting: m.id,
        member: pitchley.id,
        status: AttendanceStatus::Present,
        in_chair: true,
        remote: false,
        substitute_for: None,
        left_during: None,
        arrived_during: None,
    };
    let interest = RegisteredInterest {
        id: InterestId::new(),
        council: c.id,
        member: jarvis.id,
        category: InterestCategory::OtherRegistrable,
        description: "Board member of RISE".into(),
        from: date(2019, 1, 1),
        to: None,
    };
    let declaration = Declaration {
        id: DeclarationId::new(),
        council: c.id,
        meeting: m.id,
        item: Some(pause.id),
        member: jarvis.id,
        kind: InterestKind::NonPecuniary,
        text: "as she was a board member of RISE".into(),
        left_room: true,
        did_not_vote: true,
        register_entry: Some(interest.id),
        register_note: None,
        dispensation: None,
    };
    let exclusion = Exclusion {
        id: ExclusionId::new(),
        council: c.id,
        meeting: m.id,
        item: pause.id,
        part: Some("the presentation on the Pause Project".into()),
        paragraph: Schedule12aParagraph::parse(1).expect("paragraph"),
        resolved_under: None,
        text: None,
    };
    let wp = WorkProgrammeEntry {
        id: WorkProgrammeEntryId::new(),
        council: c.id,
        committee: com.id,
        year: annual.id,
        section: WorkSection::Scheduled {
            date: date(2021, 7, 27),
            meeting: None,
        },
        position: 1,
        title: "YOT Improvement Plan".into(),
        details: "Resolved at January 2021 meeting to receive a progress update.".into(),
        recommendations: None,
        status: None,
        updated: None,
        origin: None,
        subject: None,
        origin_text: None,
        review: None,
    };
    let decision = Decision {
        id: DecisionId::new(),
        council: c.id,
        title: "Fund Pause Rotherham for three more years".into(),
        maker: DecisionMaker::Committee(com.id),
        key_decision: false,
        forward_plan_notice: None,
        decision_date: Some(date(2021, 6, 15)),
        item: Some(pause.id),
        decision: String::new(),
        reasons: String::new(),
        alternatives_rejected: String::new(),
        conflicts: None,
        dispensations: None,
        published: None,
        call_in: CallIn::NotYetOpen,
        visibility: Visibility::Draft,
    };

    let records: Vec<Record> = vec![
        officer.into(),
        venue.into(),
        subject.into(),
        com.clone().into(),
        group.into(),
        pitchley.into(),
        jarvis.into(),
        seat.into(),
        annual.into(),
        s.clone().into(),
        m.clone().into(),
        pause.clone().into(),
        report.into(),
        appendix.into(),
        resolution.into(),
        action.into(),
        attendance.into(),
        interest.into(),
        declaration.into(),
        exclusion.into(),
        wp.into(),
        decision.into(),
        account(c.id, "clerk@example.org", AccountRole::Clerk).into(),
    ];
    let written = store
        .apply(
            &who,
            Some("set up the June meeting"),
            records.iter().cloned().map(Write::Create).collect(),
        )
        .await
        .expect("one batch of every kind");
    assert_eq!(written.len(), records.len());
    let mut kinds: Vec<Kind> = records.iter().map(Record::kind).collect();
    kinds.push(Kind::Council);
    kinds.sort();
    kinds.dedup();
    assert_eq!(kinds, Kind::ALL, "the story covers every kind");
    for r in &records {
        let back = store
            .get(c.id, r.kind(), r.uuid())
            .await
            .expect("get")
            .expect("present");
        assert_eq!(&back.record, r, "{} round-trips", r.kind());
    }

    // Publish the agenda: the meeting moves on and the report goes public, in one batch.
    let mut published = m.clone();
    published
        .transition(MeetingStatus::AgendaPublished, date(2021, 6, 7).at(9, 0, 0, 0))
        .expect("legal");
    let report_now = store
        .find::<Document>(c.id, &Filter::eq("visibility", "draft"))
        .await
        .expect("drafts");
    assert_eq!(report_now.len(), 1);
    let mut public_report = report_now[0].record.clone();
    public_report.visibility = Visibility::Public;
    store
        .apply(
            &who,
            Some("agenda published"),
            vec![
                Write::Update {
                    record: published.clone().into(),
                    expected: 1,
                },
                Write::Update {
                    record: public_report.into(),
                    expected: report_now[0].version,
                },
            ],
        )
        .await
        .expect("publish");
    let publications = store
        .changes(&ChangeQuery {
            council: Some(c.id),
            kind: Some(Kind::Document),
            ..ChangeQuery::default()
        })
        .await
        .expect("log");
    let publication = publications
        .iter()
        .find(|ch| ch.op == Op::Update)
        .expect("a publication entry");
    assert_eq!(publication.note.as_deref(), Some("agenda published"));
    assert_eq!(
        publication.before.as_ref().map(|b| b["visibility"]["state"].clone()),
        Some("draft".into())
    );
    assert_eq!(
        publication.after.as_ref().map(|b| b["visibility"]["state"].clone()),
        Some("public".into())
    );

    // Hold it and minute the item.
    let mut held = published;
    held.transition(MeetingStatus::Held, date(2021, 6, 15).at(13, 0, 0, 0))
        .expect("legal");
    let held = store.update(&who, held, 2).await.expect("held").record;
    let mut drafted = held;
    drafted
        .transition(MeetingStatus::DraftMinutes, date(2021, 6, 16).at(9, 0, 0, 0))
        .expect("legal");
    let minuted_id = pause.id;
    let mut minuted = pause;
    minuted.minute = Some(minute(&s, 7, "ROTHERHAM PAUSE PRACTICE - IMPACT REPORT"));
    store
        .apply(
            &who,
            None,
            vec![
                Write::Update {
                    record: drafted.into(),
                    expected: 3,
                },
                Write::Update {
                    record: minuted.into(),
                    expected: 1,
                },
            ],
        )
        .await
        .expect("minutes drafted");
    let m_now = store.fetch(c.id, m.id).await.expect("meeting");
    assert_eq!(m_now.record.status, MeetingStatus::DraftMinutes);
    assert_eq!(m_now.version, 4);

    // The next meeting approves the minutes; another meeting is cancelled, and stays listed.
    let next = meeting(&com, date(2021, 7, 27).at(10, 0, 0, 0));
    let mut cancelled = meeting(&com, date(2021, 9, 21).at(10, 0, 0, 0));
    store
        .apply(
            &who,
            None,
            vec![
                Write::Create(next.clone().into()),
                Write::Create(cancelled.clone().into()),
            ],
        )
        .await
        .expect("later meetings");
    let mut approved = m_now.record.clone();
    approved
        .transition(MeetingStatus::MinutesApproved, date(2021, 7, 27).at(11, 0, 0, 0))
        .expect("legal");
    approved.minutes_approved_at = Some(next.id);
    store
        .update(&who, approved.clone(), m_now.version)
        .await
        .expect("approved");
    cancelled
        .transition(MeetingStatus::Cancelled, date(2021, 9, 1).at(9, 0, 0, 0))
        .expect("legal");
    cancelled.status_reason = Some("No business to transact".into());
    store.update(&who, cancelled.clone(), 1).await.expect("cancelled");
    let listed = store
        .find::<Meeting>(c.id, &Filter::eq("status", "cancelled"))
        .await
        .expect("list");
    assert_eq!(listed.len(), 1, "a cancelled meeting is kept and listed");
    assert_eq!(
        listed[0].record.status_reason.as_deref(),
        Some("No business to transact")
    );
    // The store itself refuses an illegal step, whoever asks: approved minutes stay approved.
    let approved_now = store.fetch(c.id, approved.id).await.expect("meeting");
    let mut unfrozen = approved_now.record.clone();
    unfrozen.status = MeetingStatus::Scheduled;
    let refused = store.update(&who, unfrozen, approved_now.version).await;
    assert!(
        matches!(refused, Err(StoreError::Invalid(DomainError::IllegalTransition { .. }))),
        "{refused:?}"
    );

    // An approved minute is amended by recording a correction: a new version, with why, and
    // the version before it kept in the log.
    let item_now = store.fetch(c.id, minuted_id).await.expect("item");
    let mut corrected = item_now.record.clone();
    if let Some(m) = corrected.minute.as_mut() {
        m.text = "Corrected: the report was presented by the Pause Practice Lead.".into();
    }
    store
        .apply(
            &who,
            Some("correction agreed at the meeting of 27 July 2021"),
            vec![Write::Update {
                record: corrected.into(),
                expected: item_now.version,
            }],
        )
        .await
        .expect("amended");
    let history = store
        .changes(&ChangeQuery {
            id: Some(minuted_id.uuid()),
            ..ChangeQuery::default()
        })
        .await
        .expect("log");
    let versions: Vec<i64> = history.iter().map(|h| h.version).collect();
    assert_eq!(versions, [1, 2, 3], "every version of the item is in the log");
    let last = history.last().expect("amendment");
    assert_eq!(
        last.note.as_deref(),
        Some("correction agreed at the meeting of 27 July 2021")
    );
    assert!(last.before.as_ref().is_some_and(|b| b["minute"]["text"] == ""));
}

pub async fn listings_filter_and_order(store: &dyn Store) {
    let who = actor("cli");
    let c = new_council(store, "rotherham").await;
    let com = store
        .create(&who, committee(c.id, "improving-lives"))
        .await
        .expect("committee")
        .record;
    let other = store
        .create(&who, committee(c.id, "cabinet"))
        .await
        .expect("committee")
        .record;
    for (d, com) in [
        (date(2021, 6, 15), &com),
        (date(2021, 3, 9), &com),
        (date(2021, 7, 27), &com),
        (date(2021, 6, 1), &other),
    ] {
        store
            .create(&who, meeting(com, d.at(10, 0, 0, 0)))
            .await
            .expect("meeting");
    }
    let mine = store
        .find::<Meeting>(c.id, &Filter::eq("committee_id", com.id))
        .await
        .expect("list");
    let dates: Vec<_> = mine.iter().map(|s| s.record.starts_at.date()).collect();
    assert_eq!(dates, [date(2021, 3, 9), date(2021, 6, 15), date(2021, 7, 27)]);

    let from_june = Filter::eq("committee_id", com.id).and("starts_at", CondOp::Ge, date(2021, 6, 1).at(0, 0, 0, 0));
    assert_eq!(store.find::<Meeting>(c.id, &from_june).await.expect("list").len(), 2);
    let latest_two = Filter::eq("committee_id", com.id).reversed().limit(2);
    let latest: Vec<_> = store
        .find::<Meeting>(c.id, &latest_two)
        .await
        .expect("list")
        .iter()
        .map(|s| s.record.starts_at.date())
        .collect();
    assert_eq!(latest, [date(2021, 7, 27), date(2021, 6, 15)]);
    let before_june = Filter::all().and("starts_at", CondOp::Lt, date(2021, 6, 1).at(0, 0, 0, 0));
    assert_eq!(store.find::<Meeting>(c.id, &before_june).await.expect("list").len(), 1);

    let m = &mine[1].record;
    for n in ["10", "2", "7a", "7", "11", "1"] {
        store
            .create(&who, item(m, n, &format!("Item {n}")))
            .await
            .expect("item");
    }
    let items = store
        .find::<AgendaItem>(c.id, &Filter::eq("meeting_id", m.id))
        .await
        .expect("items");
    let numbers: Vec<String> = items.iter().map(|i| i.record.number.to_string()).collect();
    assert_eq!(numbers, ["1", "2", "7", "7a", "10", "11"]);

    let bad = store.list(c.id, Kind::Meeting, &Filter::eq("body", "x")).await;
    assert!(matches!(bad, Err(StoreError::BadQuery(_))), "{bad:?}");
}

pub async fn change_log_can_be_followed_by_sequence(store: &dyn Store) {
    let who = actor("cli");
    let c = new_council(store, "rotherham").await;
    let start = last_seq(store).await;
    assert_eq!(store.last_seq().await.expect("last"), start);
    for slug in ["a", "b", "c", "d", "e"] {
        store.create(&who, committee(c.id, slug)).await.expect("committee");
    }
    let first = store
        .changes(&ChangeQuery {
            after: start,
            limit: Some(2),
            ..ChangeQuery::default()
        })
        .await
        .expect("page");
    assert_eq!(first.len(), 2);
    let cursor = first[1].seq;
    let rest = store
        .changes(&ChangeQuery {
            after: cursor,
            ..ChangeQuery::default()
        })
        .await
        .expect("rest");
    assert_eq!(rest.len(), 3);
    assert!(rest.iter().all(|c| c.seq > cursor));
    let only_committees = store
        .changes(&ChangeQuery {
            kind: Some(Kind::Committee),
            ..ChangeQuery::default()
        })
        .await
        .expect("by kind");
    assert_eq!(only_committees.len(), 5);
}

/// A raw import keeps ids, versions, tombstones, sequence numbers and times; checks references
/// only at the end, so rows may arrive in any order; and lands whole or not at all.
pub async fn imports_keep_everything_and_land_whole_or_not_at_all(store: &dyn Store) {
    use moot_store::{Change, Stored};
    let c = council("rotherham");
    let parent = committee(c.id, "osmb");
    let mut child = committee(c.id, "ilsc");
    child.parent = Some(parent.id);
    let at = Timestamp::from_microsecond(1_623_750_000_123_456).expect("time");
    let entry = |seq: i64, id: uuid::Uuid, kind: Kind| Change {
        seq,
        council: c.id,
        at,
        actor: actor("user:clerk-7"),
        kind,
        id,
        op: Op::Create,
        version: 1,
        before: None,
        after: Some(serde_json::json!({"name": "as it was"})),
        note: Some("imported".into()),
    };

    // A reference that never arrives: the whole import is refused at the end.
    let mut broken = store.begin_import().await.expect("begin");
    broken
        .record(&Stored {
            record: c.clone().into(),
            version: 1,
            deleted: false,
        })
        .await
        .expect("council");
    broken
        .record(&Stored {
            record: child.clone().into(),
            version: 2,
            deleted: false,
        })
        .await
        .expect("child first");
    let result = broken.finish().await;
    assert!(matches!(result, Err(StoreError::Conflict { .. })), "{result:?}");
    assert!(store.councils().await.expect("councils").is_empty(), "nothing landed");

    let mut copy = store.begin_import().await.expect("begin");
    copy.record(&Stored {
        record: c.clone().into(),
        version: 1,
        deleted: false,
    })
    .await
    .expect("council");
    copy.record(&Stored {
        record: child.clone().into(),
        version: 3,
        deleted: true,
    })
    .await
    .expect("child first");
    copy.record(&Stored {
        record: parent.clone().into(),
        version: 1,
        deleted: false,
    })
    .await
    .expect("parent after");
    let entries = [
        entry(5, parent.id.uuid(), Kind::Committee),
        entry(9, child.id.uuid(), Kind::Committee),
    ];
    for e in &entries {
        copy.change(e).await.expect("log entry");
    }
    copy.finish().await.expect("commit");

    let back = store
        .get(c.id, Kind::Committee, child.id.uuid())
        .await
        .expect("get")
        .expect("present");
    assert_eq!((back.version, back.deleted), (3, true));
    assert_eq!(back.record, Record::Committee(child));
    assert_eq!(store.changes(&ChangeQuery::default()).await.expect("log"), entries);

    // New writes continue the log after the copied entries.
    store
        .create(&actor("cli"), committee(c.id, "cabinet"))
        .await
        .expect("write after import");
    let log = store
        .changes(&ChangeQuery {
            after: 9,
            ..ChangeQuery::default()
        })
        .await
        .expect("log");
    assert_eq!(log.len(), 1);
    assert!(log[0].seq > 9);
}

/// Password hashes and sessions live beside the records but never in the change log: an
/// account's password can be set and changed (which ends its sessions), sessions are found by
/// their token's hash, touched and ended, and nothing of either reaches the log.
pub async fn passwords_and_sessions_are_kept_apart_from_records(store: &dyn Store) {
    let c = new_council(store, "rotherham").await;
    let account = store
        .create(&actor("cli"), account(c.id, "clerk@example.org", AccountRole::Clerk))
        .await
        .expect("account")
        .record;
    let seq = store.last_seq().await.expect("seq");
    assert_eq!(store.password(c.id, account.id).await.expect("read"), None);
    store
        .set_password(c.id, account.id, "$argon2id$v=19$first")
        .await
        .expect("set");
    assert_eq!(
        store.password(c.id, account.id).await.expect("read").as_deref(),
        Some("$argon2id$v=19$first")
    );
    assert!(
        store.set_password(c.id, AccountId::new(), "$argon2id$x").await.is_err(),
        "no password for an account that does not exist"
    );

    let at = Timestamp::from_second(1_700_000_000).expect("time");
    let session = Session {
        token_hash: "ab".repeat(32),
        council: c.id,
        account: account.id,
        csrf: "csrf-token".to_owned(),
        created: at,
        seen: at,
    };
    store.start_session(&session).await.expect("start");
    assert_eq!(
        store.session(&session.token_hash).await.expect("find"),
        Some(session.clone())
    );
    let later = Timestamp::from_second(1_700_000_600).expect("time");
    store.touch_session(&session.token_hash, later).await.expect("touch");
    assert_eq!(
        store
            .session(&session.token_hash)
            .await
            .expect("find")
            .expect("there")
            .seen,
        later
    );
    store.end_session(&session.token_hash).await.expect("end");
    assert_eq!(store.session(&session.token_hash).await.expect("find"), None);

    store.start_session(&session).await.expect("again");
    store
        .set_password(c.id, account.id, "$argon2id$v=19$second")
        .await
        .expect("change");
    assert_eq!(
        store.session(&session.token_hash).await.expect("find"),
        None,
        "a new password ends the sessions"
    );
    assert_eq!(
        store.last_seq().await.expect("seq"),
        seq,
        "none of it is in the change log"
    );
}

/// The first key offered is kept; every later caller (another node, a restarted one) gets it
/// back instead of its own, and keeping it writes nothing to the change log.
pub async fn the_signing_key_is_kept_once_for_every_node(store: &dyn Store) {
    let seq = store.last_seq().await.expect("seq");
    assert_eq!(store.signing_key("first").await.expect("keep"), "first");
    assert_eq!(
        store.signing_key("second").await.expect("read"),
        "first",
        "a later node gets the key already kept"
    );
    assert_eq!(
        store.last_seq().await.expect("seq"),
        seq,
        "none of it is in the change log"
    );
}

pub async fn latest_changes_walk_each_record_once_at_its_last_entry(store: &dyn Store) {
    let who = actor("cli");
    let c = new_council(store, "rotherham").await;
    let other = new_council(store, "sheffield").await;
    let start = last_seq(store).await;
    let a = store.create(&who, committee(c.id, "a")).await.expect("a");
    let b = store.create(&who, committee(c.id, "b")).await.expect("b");
    store
        .create(&who, committee(other.id, "elsewhere"))
        .await
        .expect("other council's");
    store
        .create(&who, member(c.id, "Otherkind"))
        .await
        .expect("another kind");
    let mut renamed = a.record.clone();
    renamed.name = "A, renamed".into();
    store.update(&who, renamed, a.version).await.expect("rename a");
    let d = store.create(&who, committee(c.id, "d")).await.expect("d");
    store
        .delete(&who, c.id, d.record.id, d.version)
        .await
        .expect("delete d");
    let upto = last_seq(store).await;
    // A write after the walk began: not part of it, so `b` stays at its first entry.
    let mut late = b.record.clone();
    late.name = "B, renamed late".into();
    store.update(&who, late, b.version).await.expect("rename b");

    let walk = |after: i64, limit: u32| LatestQuery {
        council: c.id,
        kind: Kind::Committee,
        after,
        upto,
        limit,
    };
    let all = store.latest_changes(&walk(start, 100)).await.expect("walk");
    let seen: Vec<(uuid::Uuid, Op, i64)> = all.iter().map(|e| (e.id, e.op, e.version)).collect();
    assert_eq!(
        seen,
        vec![
            (b.record.id.uuid(), Op::Create, 1),
            (a.record.id.uuid(), Op::Update, 2),
            (d.record.id.uuid(), Op::Delete, 2),
        ],
        "each record once, at its latest entry up to the walk's end, in log order"
    );
    assert!(
        all.iter()
            .all(|e| e.before.is_none() && e.after.is_none() && e.council == c.id)
    );
    assert!(all.windows(2).all(|w| w[0].seq < w[1].seq));

    let first = store.latest_changes(&walk(start, 2)).await.expect("first page");
    assert_eq!(first, all[..2].to_vec());
    let rest = store.latest_changes(&walk(first[1].seq, 2)).await.expect("next page");
    assert_eq!(rest, all[2..].to_vec());
    let beyond = store.latest_changes(&walk(upto, 2)).await.expect("beyond");
    assert_eq!(beyond, vec![]);
}
