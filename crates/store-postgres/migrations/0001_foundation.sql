-- Foundation: every record kind, the change log, and the rules the database itself keeps.
--
-- The same schema as SQLite's migration of the same name, in PostgreSQL's types: records whole
-- in `body` (jsonb) beside the columns copied out of them on every write; every row names its
-- council and every reference is a composite foreign key on (id, council_id), deferrable so a
-- copy can load rows in any order inside one transaction. Text columns use the "C" collation
-- so that ordering is byte order, as in SQLite. Rows are never deleted (a trigger refuses it):
-- deletion is the `deleted` tombstone. The change log is append-only.

CREATE FUNCTION moot_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'records are never deleted: mark them deleted instead';
END;
$$;

CREATE FUNCTION moot_refuse_change_log_edit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the change log is append-only';
END;
$$;

CREATE TABLE councils (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  council_id TEXT COLLATE "C" NOT NULL REFERENCES councils (id) DEFERRABLE INITIALLY IMMEDIATE,
  version BIGINT NOT NULL CHECK (version >= 1),
  deleted BOOLEAN NOT NULL DEFAULT false,
  body JSONB NOT NULL,
  slug TEXT COLLATE "C" NOT NULL UNIQUE,
  CHECK (council_id = id)
);
CREATE TRIGGER councils_never_deleted BEFORE DELETE ON councils
  FOR EACH ROW EXECUTE FUNCTION moot_refuse_delete();

CREATE TABLE officers (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  council_id TEXT COLLATE "C" NOT NULL REFERENCES councils (id) DEFERRABLE INITIALLY IMMEDIATE,
  version BIGINT NOT NULL CHECK (version >= 1),
  deleted BOOLEAN NOT NULL DEFAULT false,
  body JSONB NOT NULL,
  name TEXT COLLATE "C" NOT NULL,
  UNIQUE (id, council_id)
);
CREATE INDEX officers_council ON officers (council_id);
CREATE INDEX officers_by_1 ON officers (council_id, name);
CREATE TRIGGER officers_never_deleted BEFORE DELETE ON officers
  FOR EACH ROW EXECUTE FUNCTION moot_refuse_delete();

CREATE TABLE members (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  council_id TEXT COLLATE "C" NOT NULL REFERENCES councils (id) DEFERRABLE INITIALLY IMMEDIATE,
  version BIGINT NOT NULL CHECK (version >= 1),
  deleted BOOLEAN NOT NULL DEFAULT false,
  body JSONB NOT NULL,
  slug TEXT COLLATE "C" NOT NULL,
  family_name TEXT COLLATE "C" NOT NULL,
  UNIQUE (council_id, slug),
  UNIQUE (id, council_id)
);
CREATE INDEX members_council ON members (council_id);
CREATE INDEX members_by_1 ON members (council_id, family_name);
CREATE TRIGGER members_never_deleted BEFORE DELETE ON members
  FOR EACH ROW EXECUTE FUNCTION moot_refuse_delete();

CREATE TABLE venues (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  council_id TEXT COLLATE "C" NOT NULL REFERENCES councils (id) DEFERRABLE INITIALLY IMMEDIATE,
  version BIGINT NOT NULL CHECK (version >= 1),
  deleted BOOLEAN NOT NULL DEFAULT false,
  body JSONB NOT NULL,
  name TEXT COLLATE "C" NOT NULL,
  UNIQUE (id, council_id)
);
CREATE INDEX venues_council ON venues (council_id);
CREATE INDEX venues_by_1 ON venues (council_id, name);
CREATE TRIGGER venues_never_deleted BEFORE DELETE ON venues
  FOR EACH ROW EXECUTE FUNCTION moot_refuse_delete();

CREATE TABLE subjects (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  council_id TEXT COLLATE "C" NOT NULL REFERENCES councils (id) DEFERRABLE INITIALLY IMMEDIATE,
  version BIGINT NOT NULL CHECK (version >= 1),
  deleted BOOLEAN NOT NULL DEFAULT false,
  body JSONB NOT NULL,
  slug TEXT COLLATE "C" NOT NULL,
  UNIQUE (council_id, slug),
  UNIQUE (id, council_id)
);
CREATE INDEX subjects_council ON subjects (council_id);
CREATE TRIGGER subjects_never_deleted BEFORE DELETE ON subjects
  FOR EACH ROW EXECUTE FUNCTION moot_refuse_delete();

CREATE TABLE committees (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  council_id TEXT COLLATE "C" NOT NULL REFERENCES councils (id) DEFERRABLE INITIALLY IMMEDIATE,
  version BIGINT NOT NULL CHECK (version >= 1),
  deleted BOOLEAN NOT NULL DEFAULT false,
  body JSONB NOT NULL,
  slug TEXT COLLATE "C" NOT NULL,
  parent_id TEXT COLLATE "C",
  kind TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL,
  UNIQUE (council_id, slug),
  FOREIGN KEY (parent_id, council_id) REFERENCES committees (id, council_id) DEFERRABLE INITIALLY IMMEDIATE,
  UNIQUE (id, council_id)
);
CREATE INDEX committees_council ON committees (council_id);
CREATE INDEX committees_by_1 ON committees (parent_id);
CREATE TRIGGER committees_never_deleted BEFORE DELETE ON committees
  FOR EACH ROW EXECUTE FUNCTION moot_refuse_delete();

CREATE TABLE memberships (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  council_id TEXT COLLATE "C" NOT NULL REFERENCES councils (id) DEFERRABLE INITIALLY IMMEDIATE,
  version BIGINT NOT NULL CHECK (version >= 1),
  deleted BOOLEAN NOT NULL DEFAULT false,
  body JSONB NOT NULL,
  committee_id TEXT COLLATE "C" NOT NULL,
  member_id TEXT COLLATE "C" NOT NULL,
  role TEXT COLLATE "C" NOT NULL,
  date_from TEXT COLLATE "C" NOT NULL,
  date_to TEXT COLLATE "C" CHECK (date_to IS NULL OR date_to >= date_from),
  FOREIGN KEY (committee_id, council_id) REFERENCES committees (id, council_id) DEFERRABLE INITIALLY IMMEDIATE,
  FOREIGN KEY (member_id, council_id) REFERENCES members (id, council_id) DEFERRABLE INITIALLY IMMEDIATE,
  UNIQUE (id, council_id)
);
CREATE INDEX memberships_council ON memberships (council_id);
CREATE INDEX memberships_by_1 ON memberships (committee_id, date_from);
CREATE INDEX memberships_by_2 ON memberships (member_id, date_from);
CREATE TRIGGER memberships_never_deleted BEFORE DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION moot_refuse_delete();

CREATE TABLE annual_meetings (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  council_id TEXT COLLATE "C" NOT NULL REFERENCES councils (id) DEFERRABLE INITIALLY IMMEDIATE,
  version BIGINT NOT NULL CHECK (version >= 1),
  deleted BOOLEAN NOT NULL DEFAULT false,
  body JSONB NOT NULL,
  date TEXT COLLATE "C" NOT NULL,
  UNIQUE (council_id, date),
  UNIQUE (id, council_id)
);
CREATE INDEX annual_meetings_council ON annual_meetings (council_id);
CREATE TRIGGER annual_meetings_never_deleted BEFORE DELETE ON annual_meetings
  FOR EACH ROW EXECUTE FUNCTION moot_refuse_delete();

CREATE TABLE minute_series (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  council_id TEXT COLLATE "C" NOT NULL REFERENCES councils (id) DEFERRABLE INITIALLY IMMEDIATE,
  version BIGINT NOT NULL CHECK (version >= 1),
  deleted BOOLEAN NOT NULL DEFAULT false,
  body JSONB NOT NULL,
  committee_id TEXT COLLATE "C" NOT NULL,
  annual_meeting_id TEXT COLLATE "C" NOT NULL,
  starts_on TEXT COLLATE "C" NOT NULL,
  UNIQUE (committee_id, annual_meeting_id),
  UNIQUE (id, committee_id),
  FOREIGN KEY (committee_id, council_id) REFERENCES committees (id, council_id) DEFERRABLE INITIALLY IMMEDIATE,
  FOREIGN KEY (annual_meeting_id, council_id) REFERENCES annual_meetings (id, council_id) DEFERRABLE INITIALLY IMMEDIATE,
  UNIQUE (id, council_id)
);
CREATE INDEX minute_series_council ON minute_series (council_id);
CREATE TRIGGER minute_series_never_deleted BEFORE DELETE ON minute_series
  FOR EACH ROW EXECUTE FUNCTION moot_refuse_delete();

CREATE TABLE meetings (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  council_id TEXT COLLATE "C" NOT NULL REFERENCES councils (id) DEFERRABLE INITIALLY IMMEDIATE,
  version BIGINT NOT NULL CHECK (version >= 1),
  deleted BOOLEAN NOT NULL DEFAULT false,
  body JSONB NOT NULL,
  committee_id TEXT COLLATE "C" NOT NULL,
  starts_at TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL,
  venue_id TEXT COLLATE "C",
  UNIQUE (id, committee_id),
  FOREIGN KEY (committee_id, council_id) REFERENCES committees (id, council_id) DEFERRABLE INITIALLY IMMEDIATE,
  FOREIGN KEY (venue_id, council_id) REFERENCES venues (id, council_id) DEFERRABLE INITIALLY IMMEDIATE,
  UNIQUE (id, council_id)
);
CREATE INDEX meetings_council ON meetings (council_id);
CREATE INDEX meetings_by_1 ON meetings (council_id, starts_at);
CREATE INDEX meetings_by_2 ON meetings (committee_id, starts_at);
CREATE TRIGGER meetings_never_deleted BEFORE DELETE ON meetings
  FOR EACH ROW EXECUTE FUNCTION moot_refuse_delete();

CREATE TABLE agenda_items (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  council_id TEXT COLLATE "C" NOT NULL REFERENCES councils (id) DEFERRABLE INITIALLY IMMEDIATE,
  version BIGINT NOT NULL CHECK (version >= 1),
  deleted BOOLEAN NOT NULL DEFAULT false,
  body JSONB NOT NULL,
  meeting_id TEXT COLLATE "C" NOT NULL,
  committee_id TEXT COLLATE "C" NOT NULL,
  number_main BIGINT NOT NULL CHECK (number_main >= 1),
  number TEXT COLLATE "C" NOT NULL,
  minute_series_id TEXT COLLATE "C",
  minute_number BIGINT CHECK (minute_number IS NULL OR minute_number >= 1),
  subject_id TEXT COLLATE "C",
  CHECK ((minute_series_id IS NULL) = (minute_number IS NULL)),
  UNIQUE (meeting_id, number),
  UNIQUE (minute_series_id, minute_number),
  UNIQUE (id, meeting_id),
  FOREIGN KEY (meeting_id, council_id) REFERENCES meetings (id, council_id) DEFERRABLE INITIALLY IMMEDIATE,
  FOREIGN KEY (meeting_id, committee_id) REFERENCES meetings (id, committee_id) DEFERRABLE INITIALLY IMMEDIATE,
  FOREIGN KEY (minute_series_id, committee_id) REFERENCES minute_series (id, committee_id) DEFERRABLE INITIALLY IMMEDIATE,
  FOREIGN KEY (subject_id, council_id) REFERENCES subjects (id, council_id) DEFERRABLE INITIALLY IMMEDIATE,
  UNIQUE (id, council_id)
);
CREATE INDEX agenda_items_council ON agenda_items (council_id);
CREATE INDEX agenda_items_by_1 ON agenda_items (subject_id);
CREATE TRIGGER agenda_items_never_deleted BEFORE DELETE ON agenda_items
  FOR EACH ROW EXECUTE FUNCTION moot_refuse_delete();

CREATE TABLE documents (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  council_id TEXT COLLATE "C" NOT NULL REFERENCES councils (id) DEFERRABLE INITIALLY IMMEDIATE,
  version BIGINT NOT NULL CHECK (version >= 1),
  deleted BOOLEAN NOT NULL DEFAULT false,
  body JSONB NOT NULL,
  meeting_id TEXT COLLATE "C",
  item_id TEXT COLLATE "C",
  position BIGINT NOT NULL,
  kind TEXT COLLATE "C" NOT NULL,
  visibility TEXT COLLATE "C" NOT NULL CHECK (visibility IN ('draft', 'public', 'exempt')),
  blob_hash TEXT COLLATE "C",
  CHECK (item_id IS NULL OR meeting_id IS NOT NULL),
  FOREIGN KEY (meeting_id, council_id) REFERENCES meetings (id, council_id) DEFERRABLE INITIALLY IMMEDIATE,
  FOREIGN KEY (item_id, meeting_id) REFERENCES agenda_items (id, meeting_id) DEFERRABLE INITIALLY IMMEDIATE,
  UNIQUE (id, council_id)
);
CREATE INDEX documents_council ON documents (council_id);
CREATE INDEX documents_by_1 ON documents (meeting_id, position);
CREATE INDEX documents_by_2 ON documents (item_id, position);
CREATE INDEX documents_by_3 ON documents (blob_hash);
CREATE TRIGGER documents_never_deleted BEFORE DELETE ON documents
  FOR EACH ROW EXECUTE FUNCTION moot_refuse_delete();

CREATE TABLE resolutions (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  council_id TEXT COLLATE "C" NOT NULL REFERENCES councils (id) DEFERRABLE INITIALLY IMMEDIATE,
  version BIGINT NOT NULL CHECK (version >= 1),
  deleted BOOLEAN NOT NULL DEFAULT false,
  body JSONB NOT NULL,
  meeting_id TEXT COLLATE "C" NOT NULL,
  item_id TEXT COLLATE "C" NOT NULL,
  number BIGINT NOT NULL CHECK (number >= 1),
  UNIQUE (item_id, number),
  FOREIGN KEY (meeting_id, council_id) REFERENCES meetings (id, council_id) DEFERRABLE INITIALLY IMMEDIATE,
  FOREIGN KEY (item_id, meeting_id) REFERENCES agenda_items (id, meeting_id) DEFERRABLE INITIALLY IMMEDIATE,
  UNIQUE (id, council_id)
);
CREATE INDEX resolutions_council ON resolutions (council_id);
CREATE INDEX resolutions_by_1 ON resolutions (meeting_id);
CREATE TRIGGER resolutions_never_deleted BEFORE DELETE ON resolutions
  FOR EACH ROW EXECUTE FUNCTION moot_refuse_delete();

CREATE TABLE actions (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  council_id TEXT COLLATE "C" NOT NULL REFERENCES councils (id) DEFERRABLE INITIALLY IMMEDIATE,
  version BIGINT NOT NULL CHECK (version >= 1),
  deleted BOOLEAN NOT NULL DEFAULT false,
  body JSONB NOT NULL,
  committee_id TEXT COLLATE "C" NOT NULL,
  resolution_id TEXT COLLATE "C",
  status TEXT COLLATE "C" NOT NULL,
  due TEXT COLLATE "C",
  FOREIGN KEY (committee_id, council_id) REFERENCES committees (id, council_id) DEFERRABLE INITIALLY IMMEDIATE,
  FOREIGN KEY (resolution_id, council_id) REFERENCES resolutions (id, council_id) DEFERRABLE INITIALLY IMMEDIATE,
  UNIQUE (id, council_id)
);
CREATE INDEX actions_council ON actions (council_id);
CREATE INDEX actions_by_1 ON actions (committee_id, status);
CREATE TRIGGER actions_never_deleted BEFORE DELETE ON actions
  FOR EACH ROW EXECUTE FUNCTION moot_refuse_delete();

CREATE TABLE attendance (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  council_id TEXT COLLATE "C" NOT NULL REFERENCES councils (id) DEFERRABLE INITIALLY IMMEDIATE,
  version BIGINT NOT NULL CHECK (version >= 1),
  deleted BOOLEAN NOT NULL DEFAULT false,
  body JSONB NOT NULL,
  meeting_id TEXT COLLATE "C" NOT NULL,
  member_id TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL,
  UNIQUE (meeting_id, member_id),
  FOREIGN KEY (meeting_id, council_id) REFERENCES meetings (id, council_id) DEFERRABLE INITIALLY IMMEDIATE,
  FOREIGN KEY (member_id, council_id) REFERENCES members (id, council_id) DEFERRABLE INITIALLY IMMEDIATE,
  UNIQUE (id, council_id)
);
CREATE INDEX attendance_council ON attendance (council_id);
CREATE INDEX attendance_by_1 ON attendance (member_id);
CREATE TRIGGER attendance_never_deleted BEFORE DELETE ON attendance
  FOR EACH ROW EXECUTE FUNCTION moot_refuse_delete();

CREATE TABLE declarations (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  council_id TEXT COLLATE "C" NOT NULL REFERENCES councils (id) DEFERRABLE INITIALLY IMMEDIATE,
  version BIGINT NOT NULL CHECK (version >= 1),
  deleted BOOLEAN NOT NULL DEFAULT false,
  body JSONB NOT NULL,
  meeting_id TEXT COLLATE "C" NOT NULL,
  item_id TEXT COLLATE "C",
  member_id TEXT COLLATE "C" NOT NULL,
  FOREIGN KEY (meeting_id, council_id) REFERENCES meetings (id, council_id) DEFERRABLE INITIALLY IMMEDIATE,
  FOREIGN KEY (item_id, meeting_id) REFERENCES agenda_items (id, meeting_id) DEFERRABLE INITIALLY IMMEDIATE,
  FOREIGN KEY (member_id, council_id) REFERENCES members (id, council_id) DEFERRABLE INITIALLY IMMEDIATE,
  UNIQUE (id, council_id)
);
CREATE INDEX declarations_council ON declarations (council_id);
CREATE INDEX declarations_by_1 ON declarations (meeting_id);
CREATE INDEX declarations_by_2 ON declarations (member_id);
CREATE TRIGGER declarations_never_deleted BEFORE DELETE ON declarations
  FOR EACH ROW EXECUTE FUNCTION moot_refuse_delete();

CREATE TABLE exclusions (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  council_id TEXT COLLATE "C" NOT NULL REFERENCES councils (id) DEFERRABLE INITIALLY IMMEDIATE,
  version BIGINT NOT NULL CHECK (version >= 1),
  deleted BOOLEAN NOT NULL DEFAULT false,
  body JSONB NOT NULL,
  meeting_id TEXT COLLATE "C" NOT NULL,
  item_id TEXT COLLATE "C" NOT NULL,
  FOREIGN KEY (meeting_id, council_id) REFERENCES meetings (id, council_id) DEFERRABLE INITIALLY IMMEDIATE,
  FOREIGN KEY (item_id, meeting_id) REFERENCES agenda_items (id, meeting_id) DEFERRABLE INITIALLY IMMEDIATE,
  UNIQUE (id, council_id)
);
CREATE INDEX exclusions_council ON exclusions (council_id);
CREATE INDEX exclusions_by_1 ON exclusions (meeting_id);
CREATE TRIGGER exclusions_never_deleted BEFORE DELETE ON exclusions
  FOR EACH ROW EXECUTE FUNCTION moot_refuse_delete();

CREATE TABLE work_programme_entries (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  council_id TEXT COLLATE "C" NOT NULL REFERENCES councils (id) DEFERRABLE INITIALLY IMMEDIATE,
  version BIGINT NOT NULL CHECK (version >= 1),
  deleted BOOLEAN NOT NULL DEFAULT false,
  body JSONB NOT NULL,
  committee_id TEXT COLLATE "C" NOT NULL,
  annual_meeting_id TEXT COLLATE "C" NOT NULL,
  section TEXT COLLATE "C" NOT NULL CHECK (section IN ('scheduled', 'pending', 'group')),
  position BIGINT NOT NULL,
  FOREIGN KEY (committee_id, council_id) REFERENCES committees (id, council_id) DEFERRABLE INITIALLY IMMEDIATE,
  FOREIGN KEY (annual_meeting_id, council_id) REFERENCES annual_meetings (id, council_id) DEFERRABLE INITIALLY IMMEDIATE,
  UNIQUE (id, council_id)
);
CREATE INDEX work_programme_entries_council ON work_programme_entries (council_id);
CREATE INDEX work_programme_entries_by_1 ON work_programme_entries (committee_id, annual_meeting_id, position);
CREATE TRIGGER work_programme_entries_never_deleted BEFORE DELETE ON work_programme_entries
  FOR EACH ROW EXECUTE FUNCTION moot_refuse_delete();

CREATE TABLE registered_interests (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  council_id TEXT COLLATE "C" NOT NULL REFERENCES councils (id) DEFERRABLE INITIALLY IMMEDIATE,
  version BIGINT NOT NULL CHECK (version >= 1),
  deleted BOOLEAN NOT NULL DEFAULT false,
  body JSONB NOT NULL,
  member_id TEXT COLLATE "C" NOT NULL,
  category TEXT COLLATE "C" NOT NULL,
  date_from TEXT COLLATE "C" NOT NULL,
  FOREIGN KEY (member_id, council_id) REFERENCES members (id, council_id) DEFERRABLE INITIALLY IMMEDIATE,
  UNIQUE (id, council_id)
);
CREATE INDEX registered_interests_council ON registered_interests (council_id);
CREATE INDEX registered_interests_by_1 ON registered_interests (member_id);
CREATE TRIGGER registered_interests_never_deleted BEFORE DELETE ON registered_interests
  FOR EACH ROW EXECUTE FUNCTION moot_refuse_delete();

CREATE TABLE decisions (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  council_id TEXT COLLATE "C" NOT NULL REFERENCES councils (id) DEFERRABLE INITIALLY IMMEDIATE,
  version BIGINT NOT NULL CHECK (version >= 1),
  deleted BOOLEAN NOT NULL DEFAULT false,
  body JSONB NOT NULL,
  item_id TEXT COLLATE "C",
  decision_date TEXT COLLATE "C",
  key_decision BIGINT NOT NULL CHECK (key_decision IN (0, 1)),
  FOREIGN KEY (item_id, council_id) REFERENCES agenda_items (id, council_id) DEFERRABLE INITIALLY IMMEDIATE,
  UNIQUE (id, council_id)
);
CREATE INDEX decisions_council ON decisions (council_id);
CREATE INDEX decisions_by_1 ON decisions (council_id, decision_date);
CREATE TRIGGER decisions_never_deleted BEFORE DELETE ON decisions
  FOR EACH ROW EXECUTE FUNCTION moot_refuse_delete();

CREATE TABLE changes (
  seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  council_id TEXT COLLATE "C" NOT NULL REFERENCES councils (id) DEFERRABLE INITIALLY IMMEDIATE,
  at TIMESTAMPTZ NOT NULL,
  actor TEXT COLLATE "C" NOT NULL,
  kind TEXT COLLATE "C" NOT NULL,
  record_id TEXT COLLATE "C" NOT NULL,
  op TEXT COLLATE "C" NOT NULL CHECK (op IN ('create', 'update', 'delete')),
  version BIGINT NOT NULL,
  before JSONB,
  after JSONB,
  note TEXT
);
CREATE INDEX changes_council ON changes (council_id, seq);
CREATE INDEX changes_record ON changes (record_id, seq);
CREATE TRIGGER changes_append_only BEFORE UPDATE OR DELETE ON changes
  FOR EACH ROW EXECUTE FUNCTION moot_refuse_change_log_edit();
CREATE TRIGGER changes_never_truncated BEFORE TRUNCATE ON changes
  FOR EACH STATEMENT EXECUTE FUNCTION moot_refuse_change_log_edit();
