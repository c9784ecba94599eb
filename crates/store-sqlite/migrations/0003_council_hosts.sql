-- Host names, each held by one council only. A council's names are a list inside its record,
-- where no column can hold them unique, so the store's write path keeps a row here for each
-- one beside the record (a deleted council gives its names up). Without this, one council's
-- administrator could take another's address, and requests for that site, sign-in included,
-- would be served by the wrong council. Names are lower case, as the records hold them.
CREATE TABLE council_hosts (
  host TEXT PRIMARY KEY NOT NULL CHECK (host = lower(host)),
  council_id TEXT NOT NULL REFERENCES councils (id)
) STRICT;
CREATE INDEX council_hosts_council ON council_hosts (council_id);

-- The names councils hold already. Where two held one before this rule, the council made
-- first (ids are time-ordered) keeps it, and the other cannot save its settings again until
-- it lets the name go.
INSERT OR IGNORE INTO council_hosts (host, council_id)
  SELECT h.value, c.id FROM councils AS c, json_each(c.body, '$.settings.hosts') AS h
  WHERE NOT c.deleted
  ORDER BY c.id;
