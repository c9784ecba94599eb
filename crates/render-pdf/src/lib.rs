//! PDFs of a meeting: the agenda pack (public and members' editions), the minutes, and the
//! documents Moot writes from its own records.
//!
//! Kept in a crate of its own because typst is slow to compile: nothing else in the
//! workspace waits for it except the binary.
//!
//! - [`typeset`]: typst in process, templates compiled in, data passed as JSON.
//! - [`merge`]: supplied PDFs joined page by page with lopdf, numbered and bookmarked.
//! - `structure`: the papers' structure trees joined into the pack's one tree.
//! - [`pack`]: the front sheet's page ranges computed from where documents land.
//! - [`facts`]: what the store says about a meeting, shaped for the templates.
//! - [`publish`]: keeping a meeting's files in step with its records, idempotently.
//! - [`follow`]: a background task that refreshes meetings as the change log moves.

mod error;
pub mod facts;
pub mod follow;
pub mod merge;
pub mod pack;
pub mod publish;
mod structure;
pub mod typeset;

pub use error::RenderError;
pub use publish::{Publisher, Refreshed};
pub use typeset::{Template, Typesetter};
