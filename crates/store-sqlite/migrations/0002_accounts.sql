-- Accounts (records, logged like any other), and the two things about signing in that are
-- deliberately not records: password hashes (kept out of the change log and of dumps) and
-- sessions (written on every sign-in; logging them would move the log, and so every node's
-- page cache, whenever anyone signs in).
CREATE TABLE accounts (
  id TEXT PRIMARY KEY NOT NULL,
  council_id TEXT NOT NULL REFERENCES councils (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  body TEXT NOT NULL CHECK (json_valid(body)),
  email TEXT NOT NULL,
  role TEXT NOT NULL,
  UNIQUE (council_id, email),
  UNIQUE (id, council_id)
) STRICT;
CREATE INDEX accounts_council ON accounts (council_id);
CREATE INDEX accounts_by_1 ON accounts (council_id, role);
CREATE TRIGGER accounts_never_deleted BEFORE DELETE ON accounts
BEGIN
  SELECT RAISE(ABORT, 'records are never deleted: mark them deleted instead');
END;

-- An argon2 PHC string per account.
CREATE TABLE credentials (
  account_id TEXT PRIMARY KEY NOT NULL,
  council_id TEXT NOT NULL,
  phc TEXT NOT NULL,
  FOREIGN KEY (account_id, council_id) REFERENCES accounts (id, council_id)
) STRICT;

-- A session is found by the SHA-256 of its cookie's token, so the table never holds a token
-- that could be replayed. Times are microseconds since the epoch.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY NOT NULL,
  council_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  csrf TEXT NOT NULL,
  created_us INTEGER NOT NULL,
  seen_us INTEGER NOT NULL,
  FOREIGN KEY (account_id, council_id) REFERENCES accounts (id, council_id)
) STRICT;
CREATE INDEX sessions_account ON sessions (account_id);
