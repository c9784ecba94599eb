-- Host names, each held by one council only: SQLite's migration of the same name, in
-- PostgreSQL's types. A council's names are a list inside its record, where no column can
-- hold them unique, so the store's write path keeps a row here for each one beside the record
-- (a deleted council gives its names up). Names are lower case, as the records hold them.
CREATE TABLE council_hosts (
  host TEXT COLLATE "C" PRIMARY KEY NOT NULL CHECK (host = lower(host)),
  council_id TEXT COLLATE "C" NOT NULL REFERENCES councils (id) DEFERRABLE INITIALLY IMMEDIATE
);
CREATE INDEX council_hosts_council ON council_hosts (council_id);

-- The names councils hold already. Where two held one before this rule, the council made
-- first (ids are time-ordered) keeps it, and the other cannot save its settings again until
-- it lets the name go.
INSERT INTO council_hosts (host, council_id)
  SELECT h.host, c.id FROM councils AS c, jsonb_array_elements_text(c.body -> 'settings' -> 'hosts') AS h (host)
  WHERE NOT c.deleted
  ORDER BY c.id
  ON CONFLICT (host) DO NOTHING;
