//! How an error reaches the person or program that asked: the API gets JSON with a stable code
//! and a Chinese message, an htmx request a fragment swapped in where the form is, a page
//! request the layout with the message (or, when not signed in, the log-in page).

use axum::Json;
use axum::extract::{Request, State};
use axum::http::header::{LOCATION, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::auth::Visitor;
use crate::error::WebError;
use crate::state::AppState;
use crate::views::{Ctx, flash, message_page};

/// An error on its way out, attached to the response for [`render`].
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Failure {
    /// A stable code: `unauthenticated`, `forbidden`, `not_found`, `invalid`, `refused`,
    /// `conflict`, `method_not_allowed`, `csrf`, `locked`, `upload_rejected`, `internal`.
    pub code: &'static str,
    /// What went wrong, in Chinese (with English in brackets).
    pub message: String,
    #[serde(skip)]
    #[schema(ignore)]
    status: StatusCode,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let WebError::Internal(detail) = &self {
            // Store and workflow messages name records by surrogate key only.
            eprintln!("内部错误（internal error）：{detail}");
        }
        let failure = Failure {
            code: self.code(),
            message: self.to_string(),
            status: self.status(),
        };
        let mut response = failure.status.into_response();
        response.extensions_mut().insert(failure);
        response
    }
}

/// Renders the errors the handlers returned, for the kind of request that asked.
pub async fn render(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let asked = Asked::of(&request);
    let visitor = request.extensions().get::<Visitor>().cloned();
    let response = next.run(request).await;
    match response.extensions().get::<Failure>() {
        Some(failure) => failure_response(&state, failure.clone(), visitor, &asked),
        None => response,
    }
}

/// What kind of request it was.
pub struct Asked {
    api: bool,
    htmx: bool,
    path: String,
}

impl Asked {
    pub fn of(request: &Request) -> Self {
        Self {
            api: crate::auth::is_api(request.uri().path()),
            htmx: request.headers().contains_key("hx-request"),
            path: request
                .uri()
                .path_and_query()
                .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned()),
        }
    }
}

pub fn failure_response(
    state: &AppState,
    failure: Failure,
    visitor: Option<Visitor>,
    asked: &Asked,
) -> Response {
    let status = failure.status;
    if asked.api {
        let mut response = (status, Json(failure)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            // RFC 6750: tells the client which credentials the API takes.
            response
                .headers_mut()
                .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        return response;
    }
    let login = format!("/login?next={}", encode(&asked.path));
    if failure.code == "unauthenticated" {
        if asked.htmx {
            let mut response = StatusCode::NO_CONTENT.into_response();
            response.headers_mut().insert(
                "hx-redirect",
                HeaderValue::from_str(&login).expect("an encoded path"),
            );
            return response;
        }
        let mut response = StatusCode::SEE_OTHER.into_response();
        response.headers_mut().insert(
            LOCATION,
            HeaderValue::from_str(&login).expect("an encoded path"),
        );
        return response;
    }
    if asked.htmx {
        return (status, flash("error", &failure.message)).into_response();
    }
    let ctx = Ctx::new(
        state,
        visitor.unwrap_or(Visitor {
            user: None,
            csrf: String::new(),
            session_expired: false,
        }),
    );
    let title = match status {
        StatusCode::NOT_FOUND => "找不到",
        StatusCode::FORBIDDEN => "无权访问",
        StatusCode::INTERNAL_SERVER_ERROR => "系统错误",
        _ => "未能办理",
    };
    (
        status,
        message_page(
            &ctx,
            title,
            "error",
            &failure.message,
            Some(("/", "返回首页")),
        ),
    )
        .into_response()
}

/// Percent-encodes a path for a query parameter.
fn encode(path: &str) -> String {
    form_urlencoded::byte_serialize(path.as_bytes()).collect()
}
