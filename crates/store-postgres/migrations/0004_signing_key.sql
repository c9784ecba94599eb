-- The installation's key for what the server signs before anyone has signed in (the sign-in
-- form's token), kept here so that a form one node issued is accepted by every other node
-- over this database. One row, written by the first node that needs it; like passwords, it
-- is never in the change log or in dumps.
CREATE TABLE signing_key (
  only_row SMALLINT PRIMARY KEY NOT NULL CHECK (only_row = 1),
  secret TEXT NOT NULL
);
