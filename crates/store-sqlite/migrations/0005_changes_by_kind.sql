-- The open-data lists walk one kind of a council's records in log order (`Store::latest_changes`):
-- without this index each page would scan every later entry of the council.
CREATE INDEX changes_kind ON changes (council_id, kind, seq);
