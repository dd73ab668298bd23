//! 匠心的网页与接口：每个角色的页面（服务器端渲染，htmx 内置于程序中），以及 `/api/v1` JSON 接口。
//!
//! The web application and JSON API of jiangxin. The pages are rendered on the server with maud
//! and enhanced with htmx, which is compiled into the binary with the style sheet, so that the
//! server needs nothing from outside. Handlers are thin: a role extractor ([`auth`]) says who
//! may call each one, the workflow ([`jiangxin_workflow`]) decides, the page renders its answer.
//!
//! * [`auth`]: sessions in the database, CSRF on every write, log-in lock-out, role extractors;
//! * [`security`]: the content security policy (no inline script) and the other headers;
//! * [`pages`]: one router per feature; [`api`]: `/api/v1` with its OpenAPI document;
//! * [`downloads`]: the documents of each page as PDF or Excel;
//! * [`demo`]: `jiangxin serve --demo`, demo units, accounts and applications at every stage.
#![forbid(unsafe_code)]

pub mod api;
pub mod applicants;
pub mod assets;
pub mod auth;
pub mod catalog;
pub mod clock;
pub mod decision;
pub mod demo;
pub mod downloads;
pub mod error;
pub mod facts_form;
pub mod failure;
pub mod files;
pub mod pages;
pub mod security;
pub mod state;
pub mod views;
pub mod worker;
pub mod worklist;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use jiangxin_store::accounts::{self, AccountId, NewAccount, Role};
use jiangxin_store::blob::LocalBlobStore;
use jiangxin_store::{Actor, Store};
use jiangxin_workflow::Workflow;
use tokio::net::TcpListener;

pub use clock::ServerClock;
pub use error::WebError;
pub use state::{AppState, Settings};

/// The login of the account that records objections sent with the public form. It has no
/// password, so no one signs in with it.
pub const INTAKE_LOGIN: &str = "system-objection-intake";

/// Everything the server needs, built once at start.
pub async fn state(
    workflow: Workflow,
    clock: Arc<ServerClock>,
    settings: Settings,
) -> Result<AppState, WebError> {
    workflow.load_program_versions().await?;
    let store = workflow.store().clone();
    let intake = intake_account(&store).await?;
    let blobs = LocalBlobStore::new(store.data_dir().join("attachments"));
    Ok(AppState::new(workflow, clock, blobs, settings, intake))
}

/// The objection intake account, created on first start. The workflow has objections recorded
/// by the bureau that runs the notice, so the intake desk is a city-level officer's account;
/// without a password it acts only through the public form.
async fn intake_account(store: &Store) -> Result<AccountId, WebError> {
    if let Some(account) = accounts::find_by_login(store, INTAKE_LOGIN).await? {
        return Ok(account.id);
    }
    let tx = store.begin(Actor::system("web")).await?;
    let account = accounts::insert(
        &tx,
        &NewAccount {
            login: INTAKE_LOGIN.to_owned(),
            password_hash: None,
            role: Role::CityReviewer,
            district: None,
            unit: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(account.id)
}

/// The whole application: pages, API and assets, behind the visitor, error and header layers.
pub fn router(state: AppState) -> Router {
    let secure = state.settings.secure_cookies;
    // Multipart uploads may be as large as the attachment limit, with room for the other fields.
    let body_limit = usize::try_from(state.settings.max_upload).unwrap_or(usize::MAX) + 64 * 1024;
    Router::new()
        .merge(pages::router())
        .merge(api::router())
        .merge(downloads::router())
        .merge(assets::router())
        .layer(from_fn_with_state(state.clone(), failure::render))
        .layer(from_fn_with_state(state.clone(), auth::visitor))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(from_fn(move |request, next| {
            security::headers(secure, request, next)
        }))
        .with_state(state)
}

/// Serves until Ctrl-C (or SIGTERM).
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown())
        .await
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
