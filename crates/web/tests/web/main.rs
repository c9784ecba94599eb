//! The web application's integration tests: the router over a real store, as browsers drive it.
//!
//! One test binary for the crate (Cargo links each file directly under `tests/` as its own
//! binary, and linking is the slow part of a build): every module below was once a file of
//! its own, and its tests are named after it (`cargo test --test web accounts::`).

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

#[allow(dead_code, reason = "test support: not every helper is used by every test")]
mod common;

mod accounts;
mod actions;
mod api;
mod attendance;
mod authorization;
mod councils;
mod cover;
mod demo_pages;
mod downloads;
mod feeds;
mod lifecycle;
mod minutes;
mod monitoring;
mod oparl;
mod packs;
mod papers;
mod portal_pages;
mod proceedings;
mod programme;
mod publishing;
mod refusals;
mod resolution_kinds;
mod router;
mod scheduling;
mod search;
mod setup;
mod sign_in;
mod subjects;
mod uploads;
mod validity;
mod workspace;
