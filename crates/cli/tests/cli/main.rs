//! The `moot` binary's integration tests: the command line, live servers and real browsers.
//!
//! One test binary for the crate (Cargo links each file directly under `tests/` as its own
//! binary, and linking is the slow part of a build): every module below was once a file of
//! its own, and its tests are named after it (`cargo test --test cli users::`).

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

#[allow(dead_code, reason = "test support: not every helper is used by every test")]
mod common;

mod backends;
mod browser;
mod browser_lifecycle;
mod browser_parity;
mod cli;
mod export;
mod packs;
mod users;
