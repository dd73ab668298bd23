//! Signing in and out: the same sessions, lock-out and password check as the log-in page
//! ([`auth::sign_in`]), with the session's token handed to the client instead of set as a cookie.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Documented;
use super::extract::JsonBody;
use crate::auth::{self, SignedInUser};
use crate::error::Result;
use crate::failure::Failure;
use crate::state::AppState;

pub(super) fn routes(api: Documented) -> Documented {
    api.tagged("session")
        .route::<__path_sign_in, _, _>(sign_in)
        .route::<__path_sign_out, _, _>(sign_out)
}

/// A log-in.
#[derive(Deserialize, ToSchema)]
pub struct SignIn {
    /// 用户名
    pub username: String,
    /// 密码
    pub password: String,
}

/// A session opened for an API client.
#[derive(Serialize, ToSchema)]
pub struct Session {
    /// The bearer token: send it as `Authorization: Bearer <token>`. It ends when unused for
    /// `idle_timeout_seconds`, or with `DELETE /session`.
    pub token: String,
    pub account: i64,
    pub login: String,
    /// `unit_officer`, `individual`, `district_reviewer`, `city_reviewer`, `expert`, `finance`
    /// or `admin`.
    pub role: String,
    /// The role in Chinese.
    pub role_name: String,
    pub idle_timeout_seconds: u64,
}

/// Signs in. Five wrong passwords in a row lock the account for a while, as on the log-in page.
#[utoipa::path(
    post, path = "/session",
    request_body = SignIn,
    responses(
        (status = 201, description = "已登录（signed in）", body = Session),
        (status = 422, description = "用户名或密码错误（wrong login or password）", body = Failure),
        (status = 429, description = "账户已锁定（locked after failed log-ins）", body = Failure),
    ),
)]
async fn sign_in(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<SignIn>,
) -> Result<(StatusCode, Json<Session>)> {
    let signed_in = auth::sign_in(&state, &body.username, &body.password).await?;
    let account = signed_in.account;
    Ok((
        StatusCode::CREATED,
        Json(Session {
            token: signed_in.token,
            account: account.id.0,
            login: account.login,
            role: account.role.as_str().to_owned(),
            role_name: account.role.name_zh().to_owned(),
            idle_timeout_seconds: state.settings.idle_timeout.as_secs(),
        }),
    ))
}

/// Ends the session whose token the request carries.
#[utoipa::path(
    delete, path = "/session",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "已退出（signed out）"),
        (status = 401, description = "未登录或会话已结束（no live session）", body = Failure),
    ),
)]
async fn sign_out(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
) -> Result<StatusCode> {
    auth::end_session(&state, &user).await?;
    Ok(StatusCode::NO_CONTENT)
}
