//! The SQLite store's integration tests: the shared conformance suite and SQLite's own guarantees.
//!
//! One test binary for the crate (Cargo links each file directly under `tests/` as its own
//! binary, and linking is the slow part of a build): every module below was once a file of
//! its own, and its tests are named after it (`cargo test --test sqlite conformance::`).

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod conformance;
mod sqlite;
