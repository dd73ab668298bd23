//! Scenario tests through the service API. Every scenario runs twice, as `…::sqlite` and
//! `…::postgres`, on the store's shared harness.

mod world;

mod applications;
mod consult;
mod parameters;
mod recommend;
mod review;
