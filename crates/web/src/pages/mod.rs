//! The pages, one router per feature. Each handler takes the extractor of the roles that may
//! call it, asks the workflow, and renders; the rules live in the workflow.

pub mod account;
pub mod admin;
pub mod applications;
pub mod expert;
pub mod finance;
pub mod inspections;
pub mod lists;
pub mod notices;
pub mod panels;
pub mod parameters;
pub mod public;
pub mod register;
pub mod staff;
pub mod titles;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(public::router())
        .merge(account::router())
        .merge(applications::router())
        .merge(lists::router())
        .merge(register::router())
        .merge(notices::router())
        .merge(inspections::router())
        .merge(panels::router())
        .merge(expert::router())
        .merge(admin::router())
        .merge(parameters::router())
        .merge(titles::router())
        .merge(staff::router())
        .merge(finance::router())
}
