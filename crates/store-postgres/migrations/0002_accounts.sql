-- Accounts (records, logged like any other), and the two things about signing in that are
-- deliberately not records: password hashes (kept out of the change log and of dumps) and
-- sessions (written on every sign-in; logging them would move the log, and so every node's
-- page cache, whenever anyone signs in).
CREATE TABLE accounts (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  council_id TEXT COLLATE "C" NOT NULL REFERENCES councils (id) DEFERRABLE INITIALLY IMMEDIATE,
  version BIGINT NOT NULL CHECK (version >= 1),
  deleted BOOLEAN NOT NULL DEFAULT false,
  body JSONB NOT NULL,
  email TEXT COLLATE "C" NOT NULL,
  role TEXT COLLATE "C" NOT NULL,
  UNIQUE (council_id, email),
  UNIQUE (id, council_id)
);
CREATE INDEX accounts_council ON accounts (council_id);
CREATE INDEX accounts_by_1 ON accounts (council_id, role);
CREATE TRIGGER accounts_never_deleted BEFORE DELETE ON accounts
  FOR EACH ROW EXECUTE FUNCTION moot_refuse_delete();

-- An argon2 PHC string per account.
CREATE TABLE credentials (
  account_id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  council_id TEXT COLLATE "C" NOT NULL,
  phc TEXT NOT NULL,
  FOREIGN KEY (account_id, council_id) REFERENCES accounts (id, council_id)
);

-- A session is found by the SHA-256 of its cookie's token, so the table never holds a token
-- that could be replayed. Times are microseconds since the epoch.
CREATE TABLE sessions (
  token_hash TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  council_id TEXT COLLATE "C" NOT NULL,
  account_id TEXT COLLATE "C" NOT NULL,
  csrf TEXT COLLATE "C" NOT NULL,
  created_us BIGINT NOT NULL,
  seen_us BIGINT NOT NULL,
  FOREIGN KEY (account_id, council_id) REFERENCES accounts (id, council_id)
);
CREATE INDEX sessions_account ON sessions (account_id);
