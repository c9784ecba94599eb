//! Turns the demo files into records: readable keys become ids, and every reference,
//! number and value is checked, with the file and line of anything wrong.

use std::collections::HashMap;
use std::ops::Range;

use jiff::civil::Date;
use moot_domain::minutes::{next_minute_number, series_start};
use moot_domain::*;
use moot_store::{Kind, Record, Store, Write};
use serde::de::DeserializeOwned;
use toml::Spanned;

use crate::format::*;
use crate::source::{DemoFile, DemoSource};
use crate::{DemoError, Located};

/// What a load wrote.
#[derive(Debug)]
pub struct Loaded {
    pub council: Council,
    pub records: usize,
}

/// Loads the demo into an empty store, in one transaction.
pub async fn load(store: &dyn Store, source: &DemoSource) -> Result<Loaded, DemoError> {
    if let Some(existing) = store.councils().await?.first() {
        let name = match &existing.record {
            Record::Council(c) => c.slug.to_string(),
            other => other.kind().to_string(),
        };
        return Err(DemoError::NotEmpty(format!("council {name}")));
    }
    let (council, records) = build(source)?;
    let count = records.len();
    let actor = Actor::parse("demo").map_err(moot_store::StoreError::from)?;
    store
        .apply(
            &actor,
            Some("seed demo loaded"),
            records.into_iter().map(Write::Create).collect(),
        )
        .await?;
    Ok(Loaded {
        council,
        records: count,
    })
}

/// Builds every record of the dataset, in an order the database's references accept.
pub fn build(source: &DemoSource) -> Result<(Council, Vec<Record>), DemoError> {
    let mut b = Builder::default();
    let council = b.council(&source.council)?;
    b.committees(&source.committees)?;
    let members: MembersFile = parse(&source.members)?;
    b.members(&source.members, &members)?;
    let meetings: Vec<(&DemoFile, MeetingFile)> = source
        .meetings
        .iter()
        .map(|f| Ok((f, parse(f)?)))
        .collect::<Result<_, DemoError>>()?;
    for (file, m) in &meetings {
        b.register_meeting(file, m)?;
    }
    for (file, m) in &meetings {
        b.meeting(file, m)?;
    }
    b.check_minute_numbers()?;
    b.memberships(&source.members, &members)?;
    if let Some(file) = &source.work_programme {
        b.work_programme(file)?;
    }
    Ok((council, b.finish()?))
}

fn parse<T: DeserializeOwned>(file: &DemoFile) -> Result<T, DemoError> {
    toml::from_str(&file.text).map_err(|e| {
        DemoError::InFile(Located {
            file: file.name.clone(),
            line: e.span().map(|s| line_of(&file.text, s.start)),
            message: e.message().trim().to_owned(),
        })
    })
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).unwrap_or(text).matches('\n').count() + 1
}

fn at(file: &DemoFile, span: Range<usize>, message: impl Into<String>) -> DemoError {
    DemoError::InFile(Located {
        file: file.name.clone(),
        line: Some(line_of(&file.text, span.start)),
        message: message.into(),
    })
}

/// Turns a domain refusal into an error at `span`.
fn checked<T>(file: &DemoFile, span: Range<usize>, r: Result<T, DomainError>) -> Result<T, DemoError> {
    r.map_err(|e| at(file, span, e.to_string()))
}

fn lookup<T: Copy>(map: &HashMap<String, T>, what: &str, r: &Spanned<String>, file: &DemoFile) -> Result<T, DemoError> {
    map.get(r.get_ref())
        .copied()
        .ok_or_else(|| at(file, r.span(), format!("unknown {what} {:?}", r.get_ref())))
}

#[derive(Default)]
struct Builder {
    council: Option<CouncilId>,
    records: HashMap<Kind, Vec<Record>>,
    officers: HashMap<String, OfficerId>,
    venues: HashMap<String, VenueId>,
    subjects: HashMap<String, SubjectId>,
    committees: HashMap<String, CommitteeId>,
    committee_parents: Vec<(CommitteeId, Option<CommitteeId>)>,
    members: HashMap<String, MemberId>,
    annual: Vec<(Date, AnnualMeetingId)>,
    series: HashMap<(CommitteeId, AnnualMeetingId), MinuteSeriesId>,
    meetings: HashMap<(CommitteeId, Date), MeetingId>,
    items: HashMap<(MeetingId, String), AgendaItemId>,
    resolutions: HashMap<(AgendaItemId, u16), ResolutionId>,
    /// Every minute: committee, meeting date, number, and where it was written.
    minutes: Vec<(CommitteeId, Date, MinuteNumber, String, usize)>,
}

impl Builder {
    fn cid(&self) -> CouncilId {
        self.council.unwrap_or_default()
    }

    fn push(&mut self, file: &DemoFile, span: Range<usize>, record: impl Into<Record>) -> Result<(), DemoError> {
        let record = record.into();
        checked(file, span, record.validate())?;
        self.records.entry(record.kind()).or_default().push(record);
        Ok(())
    }

    fn slug(file: &DemoFile, span: Range<usize>, s: &str) -> Result<Slug, DemoError> {
        checked(file, span, Slug::parse(s))
    }

    fn email(file: &DemoFile, span: Range<usize>, s: Option<&str>) -> Result<Option<Email>, DemoError> {
        s.map(|s| checked(file, span, Email::parse(s))).transpose()
    }

    fn council(&mut self, file: &DemoFile) -> Result<Council, DemoError> {
        let f: CouncilFile = parse(file)?;
        let span = f.council.span();
        let def = f.council.into_inner();
        let council = Council {
            id: CouncilId::new(),
            slug: Self::slug(file, span.clone(), &def.slug)?,
            name: def.name,
            address: def.address,
            website: def.website,
            logo: None,
            settings: CouncilSettings::default(),
        };
        self.council = Some(council.id);
        self.push(file, span, council.clone())?;
        for a in f.annual_meetings {
            let span = a.span();
            let a = a.into_inner();
            if self.annual.iter().any(|(d, _)| *d == a.date) {
                return Err(at(file, span, format!("a second annual meeting on {}", a.date)));
            }
            let annual = AnnualMeeting {
                id: AnnualMeetingId::new(),
                council: council.id,
                date: a.date,
                meeting: None,
            };
            self.annual.push((a.date, annual.id));
            self.push(file, span, annual)?;
        }
        for o in f.officers {
            let span = o.span();
            let o = o.into_inner();
            let officer = Officer {
                id: OfficerId::new(),
                council: council.id,
                name: o.name,
                job_title: o.job_title,
                email: Self::email(file, span.clone(), o.email.as_deref())?,
                phone: None,
            };
            if self.officers.insert(o.key.clone(), officer.id).is_some() {
                return Err(at(file, span, format!("officer key {:?} is used twice", o.key)));
            }
            self.push(file, span, officer)?;
        }
        for v in f.venues {
            let span = v.span();
            let v = v.into_inner();
            let venue = Venue {
                id: VenueId::new(),
                council: council.id,
                name: v.name,
                address: v.address,
                postcode: v.postcode,
                online: v.online,
            };
            if self.venues.insert(v.key.clone(), venue.id).is_some() {
                return Err(at(file, span, format!("venue key {:?} is used twice", v.key)));
            }
            self.push(file, span, venue)?;
        }
        for s in f.subjects {
            let span = s.span();
            let s = s.into_inner();
            let subject = Subject {
                id: SubjectId::new(),
                council: council.id,
                slug: Self::slug(file, span.clone(), &s.slug)?,
                title: s.title,
                description: s.description,
            };
            if self.subjects.insert(s.slug.clone(), subject.id).is_some() {
                return Err(at(file, span, format!("subject {:?} is listed twice", s.slug)));
            }
            self.push(file, span, subject)?;
        }
        Ok(council)
    }

    fn committees(&mut self, file: &DemoFile) -> Result<(), DemoError> {
        let f: CommitteesFile = parse(file)?;
        for c in &f.committees {
            if self
                .committees
                .insert(c.get_ref().slug.clone(), CommitteeId::new())
                .is_some()
            {
                return Err(at(
                    file,
                    c.span(),
                    format!("committee {:?} is listed twice", c.get_ref().slug),
                ));
            }
        }
        for c in f.committees {
            let span = c.span();
            let c = c.into_inner();
            let id = lookup(
                &self.committees,
                "committee",
                &Spanned::new(span.clone(), c.slug.clone()),
                file,
            )?;
            let parent = c
                .parent
                .as_ref()
                .map(|p| lookup(&self.committees, "committee", p, file))
                .transpose()?;
            let committee = Committee {
                id,
                council: self.cid(),
                slug: Self::slug(file, span.clone(), &c.slug)?,
                name: c.name,
                short_name: c.short_name,
                kind: c.kind,
                parent,
                remit: c.remit,
                contact_officer: c
                    .contact_officer
                    .as_ref()
                    .map(|o| lookup(&self.officers, "officer", o, file))
                    .transpose()?,
                default_venue: c
                    .default_venue
                    .as_ref()
                    .map(|v| lookup(&self.venues, "venue", v, file))
                    .transpose()?,
                webcast: c.webcast,
                status: c.status,
                agenda_template: c
                    .template
                    .into_iter()
                    .map(|t| TemplateItem {
                        standard: t.standard,
                        title: t.title,
                        description: t.description,
                    })
                    .collect(),
            };
            self.committee_parents.push((id, parent));
            self.push(file, span, committee)?;
        }
        Ok(())
    }

    fn members(&mut self, file: &DemoFile, f: &MembersFile) -> Result<(), DemoError> {
        for m in &f.members {
            let span = m.span();
            let m = m.get_ref();
            let member = Member {
                id: MemberId::new(),
                council: self.cid(),
                slug: Self::slug(file, span.clone(), &m.key)?,
                title: m.title.clone(),
                given_names: m.given_names.clone(),
                family_name: m.family_name.clone(),
                kind: m.kind,
                party: m.party.clone(),
                ward: m.ward.clone(),
                photo: None,
                email: None,
                phone: None,
                term_from: None,
                term_to: None,
            };
            if self.members.insert(m.key.clone(), member.id).is_some() {
                return Err(at(file, span, format!("member key {:?} is used twice", m.key)));
            }
            self.push(file, span, member)?;
        }
        Ok(())
    }

    fn memberships(&mut self, file: &DemoFile, f: &MembersFile) -> Result<(), DemoError> {
        for m in &f.memberships {
            let span = m.span();
            let m = m.get_ref();
            let appointed_by = match &m.appointed_by {
                Some(r) => Some(self.resolution(file, r)?),
                None => None,
            };
            let membership = Membership {
                id: MembershipId::new(),
                council: self.cid(),
                committee: lookup(&self.committees, "committee", &m.committee, file)?,
                member: lookup(&self.members, "member", &m.member, file)?,
                role: m.role,
                from: m.from,
                to: m.to,
                appointed_by,
                styled: m.styled.clone(),
            };
            check_assumption(file, span.clone(), m.assumption.as_deref())?;
            self.push(file, span, membership)?;
        }
        Ok(())
    }

    fn resolution(&self, file: &DemoFile, r: &ResolutionRef) -> Result<ResolutionId, DemoError> {
        let committee = lookup(&self.committees, "committee", &r.committee, file)?;
        let meeting = self.meetings.get(&(committee, r.date)).ok_or_else(|| {
            at(
                file,
                r.item.span(),
                format!("no demo meeting of {:?} on {}", r.committee.get_ref(), r.date),
            )
        })?;
        let item = self.items.get(&(*meeting, r.item.get_ref().clone())).ok_or_else(|| {
            at(
                file,
                r.item.span(),
                format!("that meeting has no item {:?}", r.item.get_ref()),
            )
        })?;
        self.resolutions.get(&(*item, r.number)).copied().ok_or_else(|| {
            at(
                file,
                r.item.span(),
                format!("item {} has no resolution {}", r.item.get_ref(), r.number),
            )
        })
    }

    fn register_meeting(&mut self, file: &DemoFile, m: &MeetingFile) -> Result<(), DemoError> {
        let committee = lookup(&self.committees, "committee", &m.committee, file)?;
        let date = m.starts_at.date();
        if self.meetings.insert((committee, date), MeetingId::new()).is_some() {
            return Err(at(
                file,
                m.committee.span(),
                format!("a second meeting of this committee on {date}"),
            ));
        }
        Ok(())
    }

    fn meeting_on(&self, file: &DemoFile, committee: CommitteeId, d: &Spanned<Date>) -> Result<MeetingId, DemoError> {
        self.meetings.get(&(committee, *d.get_ref())).copied().ok_or_else(|| {
            at(
                file,
                d.span(),
                format!("no demo meeting of this committee on {}", d.get_ref()),
            )
        })
    }

    fn meeting(&mut self, file: &DemoFile, m: &MeetingFile) -> Result<(), DemoError> {
        let committee = lookup(&self.committees, "committee", &m.committee, file)?;
        let date = m.starts_at.date();
        let id = self.meeting_on(file, committee, &Spanned::new(m.committee.span(), date))?;
        check_assumption(file, m.committee.span(), m.assumption.as_deref())?;
        let officer = |o: &Option<Ref>| {
            o.as_ref()
                .map(|o| lookup(&self.officers, "officer", o, file))
                .transpose()
        };
        let meeting = Meeting {
            id,
            council: self.cid(),
            committee,
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            venue: m
                .venue
                .as_ref()
                .map(|v| lookup(&self.venues, "venue", v, file))
                .transpose()?,
            webcast_url: m.webcast_url.clone(),
            pre_meeting_note: m.pre_meeting_note.clone(),
            contact_officer: officer(&m.contact_officer)?,
            in_attendance: Vec::new(),
            signed_by: officer(&m.signed_by)?,
            status: m.status,
            previous_times: Vec::new(),
            status_reason: None,
            minutes_approved_at: m
                .minutes_approved_at
                .as_ref()
                .map(|d| self.meeting_on(file, committee, d))
                .transpose()?,
            publication_request: None,
            agenda_published: false,
        };
        self.push(file, m.committee.span(), meeting.clone())?;

        for item in &m.items {
            self.item(file, &meeting, item)?;
        }
        let item_at = |b: &Self, r: &Ref| -> Result<AgendaItemId, DemoError> {
            b.items.get(&(id, r.get_ref().clone())).copied().ok_or_else(|| {
                at(
                    file,
                    r.span(),
                    format!("this meeting has no agenda item {:?}", r.get_ref()),
                )
            })
        };
        for a in &m.attendance {
            let span = a.span();
            let a = a.get_ref();
            let left_during = match &a.left_during {
                Some(n) => {
                    let number = checked(file, span.clone(), AgendaNumber::parse(n))?;
                    item_at(self, &Spanned::new(span.clone(), number.to_string()))?;
                    Some(number)
                }
                None => None,
            };
            let attendance = Attendance {
                id: AttendanceId::new(),
                council: self.cid(),
                meeting: id,
                member: lookup(&self.members, "member", &a.member, file)?,
                status: a.status,
                in_chair: a.in_chair,
                remote: a.remote,
                substitute_for: a
                    .substitute_for
                    .as_ref()
                    .map(|s| lookup(&self.members, "member", s, file))
                    .transpose()?,
                left_during,
                arrived_during: None,
            };
            self.push(file, span, attendance)?;
        }
        for d in &m.declarations {
            let span = d.span();
            let d = d.get_ref();
            let declaration = Declaration {
                id: DeclarationId::new(),
                council: self.cid(),
                meeting: id,
                item: d.item.as_ref().map(|r| item_at(self, r)).transpose()?,
                member: lookup(&self.members, "member", &d.member, file)?,
                kind: d.kind,
                text: d.text.clone(),
                left_room: d.left_room,
                did_not_vote: d.did_not_vote,
                register_entry: None,
                register_note: None,
                dispensation: None,
            };
            self.push(file, span, declaration)?;
        }
        for x in &m.exclusions {
            let span = x.span();
            let x = x.get_ref();
            let exclusion = Exclusion {
                id: ExclusionId::new(),
                council: self.cid(),
                meeting: id,
                item: item_at(self, &x.item)?,
                part: x.part.clone(),
                paragraph: checked(file, span.clone(), Schedule12aParagraph::parse(x.paragraph))?,
                resolved_under: x.resolved_under.as_ref().map(|r| item_at(self, r)).transpose()?,
                text: x.text.clone(),
            };
            self.push(file, span, exclusion)?;
        }
        Ok(())
    }

    fn item(&mut self, file: &DemoFile, meeting: &Meeting, def: &Spanned<ItemDef>) -> Result<(), DemoError> {
        let span = def.span();
        let def = def.get_ref();
        let number = checked(file, span.clone(), AgendaNumber::parse(&def.number))?;
        let exemption = def
            .exempt
            .as_ref()
            .map(|e| -> Result<Exemption, DemoError> {
                Ok(Exemption {
                    paragraph: checked(file, span.clone(), Schedule12aParagraph::parse(e.paragraph))?,
                    reason: e.reason.clone(),
                    public_interest: e.public_interest.clone(),
                    review_date: e.review_date,
                })
            })
            .transpose()?;
        let visibility = |v: VisibilityDef, span: Range<usize>| -> Result<Visibility, DemoError> {
            Ok(match v {
                VisibilityDef::Public => Visibility::Public,
                VisibilityDef::Draft => Visibility::Draft,
                VisibilityDef::Exempt => Visibility::Exempt(
                    exemption
                        .clone()
                        .ok_or_else(|| at(file, span, "exempt, but the item has no `exempt` paragraph and reason"))?,
                ),
            })
        };
        let minute = match &def.minute {
            Some(m) => {
                let mspan = m.span();
                let m = m.get_ref();
                let annual_dates: Vec<Date> = self.annual.iter().map(|(d, _)| *d).collect();
                let start = checked(
                    file,
                    mspan.clone(),
                    series_start(&annual_dates, meeting.starts_at.date()),
                )?;
                let annual = self
                    .annual
                    .iter()
                    .find(|(d, _)| *d == start)
                    .map(|(_, id)| *id)
                    .unwrap_or_default();
                let series = self.series_for(file, mspan.clone(), meeting.committee, annual, start)?;
                let number = checked(file, mspan.clone(), MinuteNumber::parse(m.number))?;
                self.minutes.push((
                    meeting.committee,
                    meeting.starts_at.date(),
                    number,
                    file.name.clone(),
                    line_of(&file.text, mspan.start),
                ));
                Some(Minute {
                    series,
                    number,
                    heading: m.heading.clone(),
                    text: m.summary.clone(),
                    text_visibility: visibility(m.visibility, mspan)?,
                    amendments: Vec::new(),
                })
            }
            None => None,
        };
        let item = AgendaItem {
            id: AgendaItemId::new(),
            council: self.cid(),
            meeting: meeting.id,
            committee: meeting.committee,
            number,
            title: def.title.clone(),
            description: def.description.clone(),
            kind: def.kind.0,
            exemption: exemption.clone(),
            urgency: def.urgency.clone(),
            awaiting_release: false,
            subject: def
                .subject
                .as_ref()
                .map(|s| lookup(&self.subjects, "subject", s, file))
                .transpose()?,
            approves_minutes_of: def
                .approves_minutes_of
                .iter()
                .map(|d| self.meeting_on(file, meeting.committee, d))
                .collect::<Result<_, _>>()?,
            published_pages: def.published_pages,
            presenters: def
                .presenters
                .iter()
                .map(|role| Presenter {
                    role: role.clone(),
                    member: None,
                    officer: None,
                })
                .collect(),
            minute,
        };
        if self.items.insert((meeting.id, number.to_string()), item.id).is_some() {
            return Err(at(file, span, format!("agenda item {number} appears twice")));
        }
        self.push(file, span, item.clone())?;

        for (n, r) in def.resolutions.iter().enumerate() {
            let rspan = r.span();
            let r = r.get_ref();
            let number = u16::try_from(n + 1).map_err(|_| at(file, rspan.clone(), "too many resolutions"))?;
            let resolution = Resolution {
                id: ResolutionId::new(),
                council: self.cid(),
                meeting: meeting.id,
                item: item.id,
                number,
                text: r.text.clone(),
                kind: match r.kind {
                    ResolutionKindDef::Noted => ResolutionKind::Noted,
                    ResolutionKindDef::Approved => ResolutionKind::Approved,
                    ResolutionKindDef::Recommendation => ResolutionKind::Recommendation {
                        to: r
                            .to
                            .clone()
                            .ok_or_else(|| at(file, rspan.clone(), "a recommendation needs `to`"))?,
                        committee: None,
                    },
                    ResolutionKindDef::Action => ResolutionKind::Action,
                    ResolutionKindDef::Appointment => ResolutionKind::Appointment,
                    ResolutionKindDef::Other => ResolutionKind::Other,
                },
                vote: None,
            };
            self.resolutions.insert((item.id, number), resolution.id);
            self.push(file, rspan, resolution)?;
        }
        for (n, d) in def.documents.iter().enumerate() {
            let dspan = d.span();
            let d = d.get_ref();
            let document = Document {
                id: DocumentId::new(),
                council: self.cid(),
                meeting: Some(meeting.id),
                item: Some(item.id),
                position: u32::try_from(n + 1).map_err(|_| at(file, dspan.clone(), "too many documents"))?,
                title: d.title.clone(),
                kind: d.kind,
                file: None,
                visibility: visibility(d.visibility, dspan.clone())?,
                authors: d
                    .authors
                    .iter()
                    .map(|a| lookup(&self.officers, "officer", a, file))
                    .collect::<Result<_, _>>()?,
                cover_sheet: d.cover_sheet.clone().map(Box::new),
                text: d.text.clone(),
                published_as: d.published_as.clone(),
                generated: None,
                withdrawn: None,
                exempt_on_release: None,
                revisions: Vec::new(),
                original_of: None,
            };
            self.push(file, dspan, document)?;
        }
        Ok(())
    }

    fn series_for(
        &mut self,
        file: &DemoFile,
        span: Range<usize>,
        committee: CommitteeId,
        annual: AnnualMeetingId,
        starts_on: Date,
    ) -> Result<MinuteSeriesId, DemoError> {
        if let Some(id) = self.series.get(&(committee, annual)) {
            return Ok(*id);
        }
        let series = MinuteSeries {
            id: MinuteSeriesId::new(),
            council: self.cid(),
            committee,
            annual_meeting: annual,
            starts_on,
        };
        self.series.insert((committee, annual), series.id);
        self.push(file, span, series.clone())?;
        Ok(series.id)
    }

    /// Each meeting's minutes must continue its series: the first number of a meeting is at
    /// least the next number after the series' earlier meetings, and numbers never repeat.
    fn check_minute_numbers(&self) -> Result<(), DemoError> {
        let annual_dates: Vec<Date> = self.annual.iter().map(|(d, _)| *d).collect();
        let mut minutes = self.minutes.clone();
        minutes.sort_by_key(|(c, d, n, _, _)| (*c, *d, *n));
        for (i, (committee, date, number, file, line)) in minutes.iter().enumerate() {
            let earlier: Vec<(Date, MinuteNumber)> = minutes[..i]
                .iter()
                .filter(|(c, d, _, _, _)| c == committee && d < date)
                .map(|(_, d, n, _, _)| (*d, *n))
                .collect();
            let same_day_before = minutes[..i]
                .iter()
                .rev()
                .find(|(c, d, _, _, _)| c == committee && d == date)
                .map(|m| m.2);
            let expected = next_minute_number(&annual_dates, *date, &earlier).map_err(|e| {
                DemoError::InFile(Located {
                    file: file.clone(),
                    line: Some(*line),
                    message: e.to_string(),
                })
            })?;
            let too_low = match same_day_before {
                Some(prev) => *number <= prev,
                None => *number < expected,
            };
            if too_low {
                return Err(DemoError::InFile(Located {
                    file: file.clone(),
                    line: Some(*line),
                    message: format!(
                        "minute {number} of {date} does not continue its series (the next free number is {expected})"
                    ),
                }));
            }
        }
        Ok(())
    }

    fn work_programme(&mut self, file: &DemoFile) -> Result<(), DemoError> {
        let f: WorkProgrammeFile = parse(file)?;
        let committee = lookup(&self.committees, "committee", &f.committee, file)?;
        let year = self
            .annual
            .iter()
            .find(|(d, _)| d == f.year.get_ref())
            .map(|(_, id)| *id)
            .ok_or_else(|| {
                at(
                    file,
                    f.year.span(),
                    format!("no annual meeting on {}", f.year.get_ref()),
                )
            })?;
        for (n, e) in f.entries.iter().enumerate() {
            let span = e.span();
            let e = e.get_ref();
            let section = match e.section {
                SectionDef::Scheduled => {
                    let date = e
                        .date
                        .ok_or_else(|| at(file, span.clone(), "a scheduled entry needs its meeting `date`"))?;
                    WorkSection::Scheduled {
                        date,
                        meeting: self.meetings.get(&(committee, date)).copied(),
                    }
                }
                SectionDef::Pending => WorkSection::Pending,
                SectionDef::Group => WorkSection::Group {
                    group: e
                        .group
                        .as_ref()
                        .map(|g| lookup(&self.committees, "committee", g, file))
                        .transpose()?,
                },
            };
            let entry = WorkProgrammeEntry {
                id: WorkProgrammeEntryId::new(),
                council: self.cid(),
                committee,
                year,
                section,
                position: u32::try_from(n + 1).map_err(|_| at(file, span.clone(), "too many entries"))?,
                title: e.title.clone(),
                details: e.details.clone(),
                recommendations: e.recommendations.clone(),
                status: e.status.clone(),
                updated: e.updated,
                origin: None,
                subject: None,
                origin_text: None,
                review: None,
            };
            self.push(file, span, entry)?;
        }
        Ok(())
    }

    /// All records in an order the database's references accept: kinds in dependency
    /// order, and parent committees before their children.
    fn finish(mut self) -> Result<Vec<Record>, DemoError> {
        let mut committees = self.records.remove(&Kind::Committee).unwrap_or_default();
        let mut ordered = Vec::with_capacity(committees.len());
        let mut placed = std::collections::HashSet::new();
        while !committees.is_empty() {
            let before = committees.len();
            let (ready, waiting): (Vec<Record>, Vec<Record>) = committees.into_iter().partition(|r| {
                let parent = self
                    .committee_parents
                    .iter()
                    .find(|(id, _)| id.uuid() == r.uuid())
                    .and_then(|(_, p)| *p);
                parent.is_none_or(|p| placed.contains(&p.uuid()))
            });
            placed.extend(ready.iter().map(Record::uuid));
            ordered.extend(ready);
            committees = waiting;
            if committees.len() == before {
                return Err(DemoError::InFile(Located {
                    file: "committees.toml".into(),
                    line: None,
                    message: "committees' parents form a loop".into(),
                }));
            }
        }
        self.records.insert(Kind::Committee, ordered);
        Ok(Kind::ALL
            .iter()
            .flat_map(|k| self.records.remove(k).unwrap_or_default())
            .collect())
    }
}

fn check_assumption(file: &DemoFile, span: Range<usize>, assumption: Option<&str>) -> Result<(), DemoError> {
    match assumption {
        Some(a) if a.trim().is_empty() => Err(at(file, span, "an `assumption` must say what was assumed and why")),
        _ => Ok(()),
    }
}
