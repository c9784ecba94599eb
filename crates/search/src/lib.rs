//! Full-text search over what the public may read.
//!
//! The index is derived data: the store is the source of truth, and each node keeps its own
//! index in step by following the change log (the caller does that; see `moot-web`). The
//! caller gives it only entries that an anonymous reader may see, so exempt papers and exempt
//! minute text are not in it to surface in results, snippets or counts, whoever asks; what
//! stops being public leaves it at the caller's next pass.
//!
//! Entries come in *scopes* (a meeting with its items and papers, a committee, a member), and
//! a scope is always replaced whole: whatever the store now says about it goes in, and
//! anything it said before goes out, in one commit that also records how far along the
//! change log the index is.

mod error;
mod extract;
mod index;
mod schema;

pub use error::SearchError;
pub use extract::pdf_text;
pub use index::{Entry, Hit, Kind, Position, Query, Results, Scope, SearchIndex, Snippet};
