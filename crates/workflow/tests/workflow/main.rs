//! Scenario tests through the service API. Every scenario runs twice, as `…::sqlite` and
//! `…::postgres`, on the store's shared harness.

mod world;

mod lifecycle;

mod applications;
mod batch;
mod boards;
mod consult;
mod ledger;
mod notice;
mod panel;
mod parameters;
mod ranking;
mod recommend;
mod review;
