//! The store's tests. Every test that touches a database runs twice, as `…::sqlite` and
//! `…::postgres` (see `common.rs`).

mod common;
mod fixtures;

mod attachments;
mod audit;
mod connect;
mod parties;
mod programs_and_applications;
mod quotas;
mod staff;
mod talents;
mod workflow_records;
