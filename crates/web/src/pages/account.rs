//! Signing in and out.

use axum::extract::{Query, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{Markup, html};
use serde::Deserialize;

use crate::auth::{self, SignedInUser, home_of};
use crate::error::{Result, WebError};
use crate::state::AppState;
use crate::views::{Ctx, flash};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
}

#[derive(Deserialize)]
struct Next {
    next: Option<String>,
}

/// Only a path on this site, so that the log-in page cannot send anyone elsewhere.
fn local(next: Option<&str>) -> Option<&str> {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
}

fn login_form(ctx: &Ctx, next: Option<&str>, error: Option<&str>) -> Markup {
    html! {
        form.card.narrow method="post" action="/login" {
            (ctx.csrf())
            @if let Some(next) = local(next) { input type="hidden" name="next" value=(next); }
            @if let Some(error) = error { (flash("error", error)) }
            label { "用户名" input name="login" autocomplete="username" required autofocus; }
            label { "密码" input type="password" name="password" autocomplete="current-password" required; }
            button.primary type="submit" { "登录" }
            p.hint { "连续 5 次输错密码，账户将锁定 15 分钟。单位首次使用请先" a href="/register" { "注册单位" } "。" }
        }
    }
}

async fn login_page(ctx: Ctx, Query(query): Query<Next>) -> Markup {
    ctx.page("登录", login_form(&ctx, query.next.as_deref(), None))
}

#[derive(Deserialize)]
struct LoginForm {
    login: String,
    password: String,
    next: Option<String>,
}

async fn login(State(state): State<AppState>, ctx: Ctx, Form(form): Form<LoginForm>) -> Response {
    match auth::sign_in(&state, &form.login, &form.password).await {
        Ok(signed_in) => {
            let to = local(form.next.as_deref())
                .unwrap_or_else(|| home_of(signed_in.account.role))
                .to_owned();
            let mut response = StatusCode::SEE_OTHER.into_response();
            let headers = response.headers_mut();
            headers.insert(SET_COOKIE, signed_in.cookie);
            headers.insert(LOCATION, HeaderValue::from_str(&to).expect("a local path"));
            response
        }
        Err(err @ (WebError::Refused(_) | WebError::Locked(_))) => (
            err.status(),
            ctx.page(
                "登录",
                login_form(&ctx, form.next.as_deref(), Some(&err.to_string())),
            ),
        )
            .into_response(),
        Err(other) => other.into_response(),
    }
}

async fn logout(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
) -> Result<Response> {
    let cookie = auth::sign_out(&state, &user).await?;
    let mut response = StatusCode::SEE_OTHER.into_response();
    response.headers_mut().insert(SET_COOKIE, cookie);
    response
        .headers_mut()
        .insert(LOCATION, HeaderValue::from_static("/"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::local;

    #[test]
    fn only_paths_on_this_site_are_followed_after_log_in() {
        assert_eq!(local(Some("/work?x=1")), Some("/work?x=1"));
        for elsewhere in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil",
            "work",
        ] {
            assert_eq!(local(Some(elsewhere)), None, "{elsewhere}");
        }
    }
}
