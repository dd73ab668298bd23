//! The files the pages load, compiled into the binary so that nothing comes from a CDN.

use axum::Router;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;
use axum::routing::get;

use crate::state::AppState;

const HTMX: &[u8] = include_bytes!("../assets/htmx.min.js");
const HTMX_LICENCE: &[u8] = include_bytes!("../assets/htmx.LICENSE");
const APP_CSS: &[u8] = include_bytes!("../assets/app.css");
const APP_JS: &[u8] = include_bytes!("../assets/app.js");

fn asset(content_type: &'static str, bytes: &'static [u8]) -> impl IntoResponse + Clone {
    (
        [
            (CONTENT_TYPE, content_type),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        bytes,
    )
}

pub fn router() -> Router<AppState> {
    let js = "text/javascript; charset=utf-8";
    Router::new()
        .route("/assets/htmx.min.js", get(asset(js, HTMX)))
        .route(
            "/assets/htmx.LICENSE",
            get(asset("text/plain; charset=utf-8", HTMX_LICENCE)),
        )
        .route(
            "/assets/app.css",
            get(asset("text/css; charset=utf-8", APP_CSS)),
        )
        .route("/assets/app.js", get(asset(js, APP_JS)))
}
