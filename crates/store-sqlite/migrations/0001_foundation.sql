-- Foundation: every record kind, the change log, and the rules the database itself keeps.
--
-- Each table holds a record whole in `body` (JSON) beside the columns copied out of it on
-- every write for queries, uniqueness and references. Every row names its council, and every
-- reference is a composite foreign key on (id, council_id), so no row can point into another
-- council. Rows are never deleted (a trigger refuses it): deletion is the `deleted` tombstone.
-- The change log is append-only (triggers refuse UPDATE and DELETE).
CREATE TABLE councils (
  id TEXT PRIMARY KEY NOT NULL,
  council_id TEXT NOT NULL REFERENCES councils (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  body TEXT NOT NULL CHECK (json_valid(body)),
  slug TEXT NOT NULL UNIQUE,
  CHECK (council_id = id)
) STRICT;
CREATE TRIGGER councils_never_deleted BEFORE DELETE ON councils
BEGIN
  SELECT RAISE(ABORT, 'records are never deleted: mark them deleted instead');
END;

CREATE TABLE officers (
  id TEXT PRIMARY KEY NOT NULL,
  council_id TEXT NOT NULL REFERENCES councils (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  body TEXT NOT NULL CHECK (json_valid(body)),
  name TEXT NOT NULL,
  UNIQUE (id, council_id)
) STRICT;
CREATE INDEX officers_council ON officers (council_id);
CREATE INDEX officers_by_1 ON officers (council_id, name);
CREATE TRIGGER officers_never_deleted BEFORE DELETE ON officers
BEGIN
  SELECT RAISE(ABORT, 'records are never deleted: mark them deleted instead');
END;

CREATE TABLE members (
  id TEXT PRIMARY KEY NOT NULL,
  council_id TEXT NOT NULL REFERENCES councils (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  body TEXT NOT NULL CHECK (json_valid(body)),
  slug TEXT NOT NULL,
  family_name TEXT NOT NULL,
  UNIQUE (council_id, slug),
  UNIQUE (id, council_id)
) STRICT;
CREATE INDEX members_council ON members (council_id);
CREATE INDEX members_by_1 ON members (council_id, family_name);
CREATE TRIGGER members_never_deleted BEFORE DELETE ON members
BEGIN
  SELECT RAISE(ABORT, 'records are never deleted: mark them deleted instead');
END;

CREATE TABLE venues (
  id TEXT PRIMARY KEY NOT NULL,
  council_id TEXT NOT NULL REFERENCES councils (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  body TEXT NOT NULL CHECK (json_valid(body)),
  name TEXT NOT NULL,
  UNIQUE (id, council_id)
) STRICT;
CREATE INDEX venues_council ON venues (council_id);
CREATE INDEX venues_by_1 ON venues (council_id, name);
CREATE TRIGGER venues_never_deleted BEFORE DELETE ON venues
BEGIN
  SELECT RAISE(ABORT, 'records are never deleted: mark them deleted instead');
END;

CREATE TABLE subjects (
  id TEXT PRIMARY KEY NOT NULL,
  council_id TEXT NOT NULL REFERENCES councils (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  body TEXT NOT NULL CHECK (json_valid(body)),
  slug TEXT NOT NULL,
  UNIQUE (council_id, slug),
  UNIQUE (id, council_id)
) STRICT;
CREATE INDEX subjects_council ON subjects (council_id);
CREATE TRIGGER subjects_never_deleted BEFORE DELETE ON subjects
BEGIN
  SELECT RAISE(ABORT, 'records are never deleted: mark them deleted instead');
END;

CREATE TABLE committees (
  id TEXT PRIMARY KEY NOT NULL,
  council_id TEXT NOT NULL REFERENCES councils (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  body TEXT NOT NULL CHECK (json_valid(body)),
  slug TEXT NOT NULL,
  parent_id TEXT,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  UNIQUE (council_id, slug),
  FOREIGN KEY (parent_id, council_id) REFERENCES committees (id, council_id),
  UNIQUE (id, council_id)
) STRICT;
CREATE INDEX committees_council ON committees (council_id);
CREATE INDEX committees_by_1 ON committees (parent_id);
CREATE TRIGGER committees_never_deleted BEFORE DELETE ON committees
BEGIN
  SELECT RAISE(ABORT, 'records are never deleted: mark them deleted instead');
END;

CREATE TABLE memberships (
  id TEXT PRIMARY KEY NOT NULL,
  council_id TEXT NOT NULL REFERENCES councils (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  body TEXT NOT NULL CHECK (json_valid(body)),
  committee_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  role TEXT NOT NULL,
  date_from TEXT NOT NULL,
  date_to TEXT CHECK (date_to IS NULL OR date_to >= date_from),
  FOREIGN KEY (committee_id, council_id) REFERENCES committees (id, council_id),
  FOREIGN KEY (member_id, council_id) REFERENCES members (id, council_id),
  UNIQUE (id, council_id)
) STRICT;
CREATE INDEX memberships_council ON memberships (council_id);
CREATE INDEX memberships_by_1 ON memberships (committee_id, date_from);
CREATE INDEX memberships_by_2 ON memberships (member_id, date_from);
CREATE TRIGGER memberships_never_deleted BEFORE DELETE ON memberships
BEGIN
  SELECT RAISE(ABORT, 'records are never deleted: mark them deleted instead');
END;

CREATE TABLE annual_meetings (
  id TEXT PRIMARY KEY NOT NULL,
  council_id TEXT NOT NULL REFERENCES councils (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  body TEXT NOT NULL CHECK (json_valid(body)),
  date TEXT NOT NULL,
  UNIQUE (council_id, date),
  UNIQUE (id, council_id)
) STRICT;
CREATE INDEX annual_meetings_council ON annual_meetings (council_id);
CREATE TRIGGER annual_meetings_never_deleted BEFORE DELETE ON annual_meetings
BEGIN
  SELECT RAISE(ABORT, 'records are never deleted: mark them deleted instead');
END;

CREATE TABLE minute_series (
  id TEXT PRIMARY KEY NOT NULL,
  council_id TEXT NOT NULL REFERENCES councils (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  body TEXT NOT NULL CHECK (json_valid(body)),
  committee_id TEXT NOT NULL,
  annual_meeting_id TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  UNIQUE (committee_id, annual_meeting_id),
  UNIQUE (id, committee_id),
  FOREIGN KEY (committee_id, council_id) REFERENCES committees (id, council_id),
  FOREIGN KEY (annual_meeting_id, council_id) REFERENCES annual_meetings (id, council_id),
  UNIQUE (id, council_id)
) STRICT;
CREATE INDEX minute_series_council ON minute_series (council_id);
CREATE TRIGGER minute_series_never_deleted BEFORE DELETE ON minute_series
BEGIN
  SELECT RAISE(ABORT, 'records are never deleted: mark them deleted instead');
END;

CREATE TABLE meetings (
  id TEXT PRIMARY KEY NOT NULL,
  council_id TEXT NOT NULL REFERENCES councils (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  body TEXT NOT NULL CHECK (json_valid(body)),
  committee_id TEXT NOT NULL,
  starts_at TEXT NOT NULL,
  status TEXT NOT NULL,
  venue_id TEXT,
  UNIQUE (id, committee_id),
  FOREIGN KEY (committee_id, council_id) REFERENCES committees (id, council_id),
  FOREIGN KEY (venue_id, council_id) REFERENCES venues (id, council_id),
  UNIQUE (id, council_id)
) STRICT;
CREATE INDEX meetings_council ON meetings (council_id);
CREATE INDEX meetings_by_1 ON meetings (council_id, starts_at);
CREATE INDEX meetings_by_2 ON meetings (committee_id, starts_at);
CREATE TRIGGER meetings_never_deleted BEFORE DELETE ON meetings
BEGIN
  SELECT RAISE(ABORT, 'records are never deleted: mark them deleted instead');
END;

CREATE TABLE agenda_items (
  id TEXT PRIMARY KEY NOT NULL,
  council_id TEXT NOT NULL REFERENCES councils (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  body TEXT NOT NULL CHECK (json_valid(body)),
  meeting_id TEXT NOT NULL,
  committee_id TEXT NOT NULL,
  number_main INTEGER NOT NULL CHECK (number_main >= 1),
  number TEXT NOT NULL,
  minute_series_id TEXT,
  minute_number INTEGER CHECK (minute_number IS NULL OR minute_number >= 1),
  subject_id TEXT,
  CHECK ((minute_series_id IS NULL) = (minute_number IS NULL)),
  UNIQUE (meeting_id, number),
  UNIQUE (minute_series_id, minute_number),
  UNIQUE (id, meeting_id),
  FOREIGN KEY (meeting_id, council_id) REFERENCES meetings (id, council_id),
  FOREIGN KEY (meeting_id, committee_id) REFERENCES meetings (id, committee_id),
  FOREIGN KEY (minute_series_id, committee_id) REFERENCES minute_series (id, committee_id),
  FOREIGN KEY (subject_id, council_id) REFERENCES subjects (id, council_id),
  UNIQUE (id, council_id)
) STRICT;
CREATE INDEX agenda_items_council ON agenda_items (council_id);
CREATE INDEX agenda_items_by_1 ON agenda_items (subject_id);
CREATE TRIGGER agenda_items_never_deleted BEFORE DELETE ON agenda_items
BEGIN
  SELECT RAISE(ABORT, 'records are never deleted: mark them deleted instead');
END;

CREATE TABLE documents (
  id TEXT PRIMARY KEY NOT NULL,
  council_id TEXT NOT NULL REFERENCES councils (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  body TEXT NOT NULL CHECK (json_valid(body)),
  meeting_id TEXT,
  item_id TEXT,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL,
  visibility TEXT NOT NULL CHECK (visibility IN ('draft', 'public', 'exempt')),
  blob_hash TEXT,
  CHECK (item_id IS NULL OR meeting_id IS NOT NULL),
  FOREIGN KEY (meeting_id, council_id) REFERENCES meetings (id, council_id),
  FOREIGN KEY (item_id, meeting_id) REFERENCES agenda_items (id, meeting_id),
  UNIQUE (id, council_id)
) STRICT;
CREATE INDEX documents_council ON documents (council_id);
CREATE INDEX documents_by_1 ON documents (meeting_id, position);
CREATE INDEX documents_by_2 ON documents (item_id, position);
CREATE INDEX documents_by_3 ON documents (blob_hash);
CREATE TRIGGER documents_never_deleted BEFORE DELETE ON documents
BEGIN
  SELECT RAISE(ABORT, 'records are never deleted: mark them deleted instead');
END;

CREATE TABLE resolutions (
  id TEXT PRIMARY KEY NOT NULL,
  council_id TEXT NOT NULL REFERENCES councils (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  body TEXT NOT NULL CHECK (json_valid(body)),
  meeting_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  number INTEGER NOT NULL CHECK (number >= 1),
  UNIQUE (item_id, number),
  FOREIGN KEY (meeting_id, council_id) REFERENCES meetings (id, council_id),
  FOREIGN KEY (item_id, meeting_id) REFERENCES agenda_items (id, meeting_id),
  UNIQUE (id, council_id)
) STRICT;
CREATE INDEX resolutions_council ON resolutions (council_id);
CREATE INDEX resolutions_by_1 ON resolutions (meeting_id);
CREATE TRIGGER resolutions_never_deleted BEFORE DELETE ON resolutions
BEGIN
  SELECT RAISE(ABORT, 'records are never deleted: mark them deleted instead');
END;

CREATE TABLE actions (
  id TEXT PRIMARY KEY NOT NULL,
  council_id TEXT NOT NULL REFERENCES councils (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  body TEXT NOT NULL CHECK (json_valid(body)),
  committee_id TEXT NOT NULL,
  resolution_id TEXT,
  status TEXT NOT NULL,
  due TEXT,
  FOREIGN KEY (committee_id, council_id) REFERENCES committees (id, council_id),
  FOREIGN KEY (resolution_id, council_id) REFERENCES resolutions (id, council_id),
  UNIQUE (id, council_id)
) STRICT;
CREATE INDEX actions_council ON actions (council_id);
CREATE INDEX actions_by_1 ON actions (committee_id, status);
CREATE TRIGGER actions_never_deleted BEFORE DELETE ON actions
BEGIN
  SELECT RAISE(ABORT, 'records are never deleted: mark them deleted instead');
END;

CREATE TABLE attendance (
  id TEXT PRIMARY KEY NOT NULL,
  council_id TEXT NOT NULL REFERENCES councils (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  body TEXT NOT NULL CHECK (json_valid(body)),
  meeting_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  status TEXT NOT NULL,
  UNIQUE (meeting_id, member_id),
  FOREIGN KEY (meeting_id, council_id) REFERENCES meetings (id, council_id),
  FOREIGN KEY (member_id, council_id) REFERENCES members (id, council_id),
  UNIQUE (id, council_id)
) STRICT;
CREATE INDEX attendance_council ON attendance (council_id);
CREATE INDEX attendance_by_1 ON attendance (member_id);
CREATE TRIGGER attendance_never_deleted BEFORE DELETE ON attendance
BEGIN
  SELECT RAISE(ABORT, 'records are never deleted: mark them deleted instead');
END;

CREATE TABLE declarations (
  id TEXT PRIMARY KEY NOT NULL,
  council_id TEXT NOT NULL REFERENCES councils (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  body TEXT NOT NULL CHECK (json_valid(body)),
  meeting_id TEXT NOT NULL,
  item_id TEXT,
  member_id TEXT NOT NULL,
  FOREIGN KEY (meeting_id, council_id) REFERENCES meetings (id, council_id),
  FOREIGN KEY (item_id, meeting_id) REFERENCES agenda_items (id, meeting_id),
  FOREIGN KEY (member_id, council_id) REFERENCES members (id, council_id),
  UNIQUE (id, council_id)
) STRICT;
CREATE INDEX declarations_council ON declarations (council_id);
CREATE INDEX declarations_by_1 ON declarations (meeting_id);
CREATE INDEX declarations_by_2 ON declarations (member_id);
CREATE TRIGGER declarations_never_deleted BEFORE DELETE ON declarations
BEGIN
  SELECT RAISE(ABORT, 'records are never deleted: mark them deleted instead');
END;

CREATE TABLE exclusions (
  id TEXT PRIMARY KEY NOT NULL,
  council_id TEXT NOT NULL REFERENCES councils (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  body TEXT NOT NULL CHECK (json_valid(body)),
  meeting_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  FOREIGN KEY (meeting_id, council_id) REFERENCES meetings (id, council_id),
  FOREIGN KEY (item_id, meeting_id) REFERENCES agenda_items (id, meeting_id),
  UNIQUE (id, council_id)
) STRICT;
CREATE INDEX exclusions_council ON exclusions (council_id);
CREATE INDEX exclusions_by_1 ON exclusions (meeting_id);
CREATE TRIGGER exclusions_never_deleted BEFORE DELETE ON exclusions
BEGIN
  SELECT RAISE(ABORT, 'records are never deleted: mark them deleted instead');
END;

CREATE TABLE work_programme_entries (
  id TEXT PRIMARY KEY NOT NULL,
  council_id TEXT NOT NULL REFERENCES councils (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  body TEXT NOT NULL CHECK (json_valid(body)),
  committee_id TEXT NOT NULL,
  annual_meeting_id TEXT NOT NULL,
  section TEXT NOT NULL CHECK (section IN ('scheduled', 'pending', 'group')),
  position INTEGER NOT NULL,
  FOREIGN KEY (committee_id, council_id) REFERENCES committees (id, council_id),
  FOREIGN KEY (annual_meeting_id, council_id) REFERENCES annual_meetings (id, council_id),
  UNIQUE (id, council_id)
) STRICT;
CREATE INDEX work_programme_entries_council ON work_programme_entries (council_id);
CREATE INDEX work_programme_entries_by_1 ON work_programme_entries (committee_id, annual_meeting_id, position);
CREATE TRIGGER work_programme_entries_never_deleted BEFORE DELETE ON work_programme_entries
BEGIN
  SELECT RAISE(ABORT, 'records are never deleted: mark them deleted instead');
END;

CREATE TABLE registered_interests (
  id TEXT PRIMARY KEY NOT NULL,
  council_id TEXT NOT NULL REFERENCES councils (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  body TEXT NOT NULL CHECK (json_valid(body)),
  member_id TEXT NOT NULL,
  category TEXT NOT NULL,
  date_from TEXT NOT NULL,
  FOREIGN KEY (member_id, council_id) REFERENCES members (id, council_id),
  UNIQUE (id, council_id)
) STRICT;
CREATE INDEX registered_interests_council ON registered_interests (council_id);
CREATE INDEX registered_interests_by_1 ON registered_interests (member_id);
CREATE TRIGGER registered_interests_never_deleted BEFORE DELETE ON registered_interests
BEGIN
  SELECT RAISE(ABORT, 'records are never deleted: mark them deleted instead');
END;

CREATE TABLE decisions (
  id TEXT PRIMARY KEY NOT NULL,
  council_id TEXT NOT NULL REFERENCES councils (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  body TEXT NOT NULL CHECK (json_valid(body)),
  item_id TEXT,
  decision_date TEXT,
  key_decision INTEGER NOT NULL CHECK (key_decision IN (0, 1)),
  FOREIGN KEY (item_id, council_id) REFERENCES agenda_items (id, council_id),
  UNIQUE (id, council_id)
) STRICT;
CREATE INDEX decisions_council ON decisions (council_id);
CREATE INDEX decisions_by_1 ON decisions (council_id, decision_date);
CREATE TRIGGER decisions_never_deleted BEFORE DELETE ON decisions
BEGIN
  SELECT RAISE(ABORT, 'records are never deleted: mark them deleted instead');
END;

CREATE TABLE changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  council_id TEXT NOT NULL REFERENCES councils (id),
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL,
  record_id TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
  version INTEGER NOT NULL,
  before TEXT CHECK (before IS NULL OR json_valid(before)),
  after TEXT CHECK (after IS NULL OR json_valid(after)),
  note TEXT
) STRICT;
CREATE INDEX changes_council ON changes (council_id, seq);
CREATE INDEX changes_record ON changes (record_id, seq);
CREATE TRIGGER changes_append_only_update BEFORE UPDATE ON changes
BEGIN
  SELECT RAISE(ABORT, 'the change log is append-only');
END;
CREATE TRIGGER changes_append_only_delete BEFORE DELETE ON changes
BEGIN
  SELECT RAISE(ABORT, 'the change log is append-only');
END;
