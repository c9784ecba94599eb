//! The demo's integration tests: its files, the seeds' facts and the seed documents.
//!
//! One test binary for the crate (Cargo links each file directly under `tests/` as its own
//! binary, and linking is the slow part of a build): every module below was once a file of
//! its own, and its tests are named after it (`cargo test --test demo seed_facts::`).

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

#[allow(dead_code, reason = "test support: not every helper is used by every test")]
mod common;

mod bad_input;
mod fidelity;
mod seed_facts;
