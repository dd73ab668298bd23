//! Who is asking: sessions, CSRF, log-in with lock-out, and the role extractors.
//!
//! * A session is a random 256-bit token in an `HttpOnly`, `SameSite=Strict` cookie (`Secure`
//!   behind TLS); the database keeps only its SHA-256 ([`jiangxin_store::sessions`]). A session
//!   unused for the idle timeout ends.
//! * Every page request that changes something carries a CSRF token, checked here before any
//!   handler runs: the session's token for a signed-in visitor, otherwise the token of a visitor
//!   cookie (a double-submitted cookie, so that the log-in and public forms are covered too).
//!   Forms send it as the `_csrf` field, htmx as the `X-CSRF-Token` header, file uploads in the
//!   query string (a multipart body is not read twice).
//! * The JSON API (`/api/`) is signed in with the same sessions, by `Authorization: Bearer` and
//!   never by cookie, so it needs no CSRF token ([`admit_api`]).
//! * A handler says who may call it by the extractor it takes: [`UnitOfficer`], [`Reviewer`],
//!   [`Expert`]... A visitor who is not signed in is sent to the log-in page (the API answers
//!   401), one with another role gets 403.

use std::time::Duration;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE, HOST, ORIGIN, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use jiangxin_store::accounts::{self, Account, Role};
use jiangxin_store::audit::{self, AuditEvent};
use jiangxin_store::{Actor, Digest, EntityKind, logins, sessions};
use jiangxin_workflow::Caller;

use crate::error::{Result, WebError};
use crate::failure::{Asked, Failure, failure_response};
use crate::state::AppState;

const SESSION_COOKIE: &str = "jx_session";
const VISITOR_COOKIE: &str = "jx_visitor";
pub const CSRF_FIELD: &str = "_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";
/// A urlencoded form larger than this is refused before its token is read.
const MAX_FORM_BYTES: usize = 1024 * 1024;
/// A session's last use is written at most this often, not on every request.
const TOUCH_EVERY: Duration = Duration::from_secs(60);

/// A signed-in account.
#[derive(Debug, Clone)]
pub struct User {
    pub caller: Caller,
    pub login: String,
    token_sha256: Digest,
}

impl User {
    pub fn role(&self) -> Role {
        self.caller.role
    }
}

/// Whoever sent the request: the signed-in account if any, and the CSRF token their forms carry.
#[derive(Debug, Clone)]
pub struct Visitor {
    pub user: Option<User>,
    pub csrf: String,
    /// The session cookie named a session that had run out of idle time.
    pub session_expired: bool,
}

/// A fresh random token: 32 bytes, URL-safe base64.
fn random_token() -> String {
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    URL_SAFE_NO_PAD.encode(bytes)
}

fn cookie<'a>(parts: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    parts
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

fn set_cookie(state: &AppState, name: &str, value: &str, max_age: Option<u64>) -> HeaderValue {
    let secure = if state.settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let age = max_age.map_or_else(String::new, |s| format!("; Max-Age={s}"));
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Strict{secure}{age}"
    ))
    .expect("cookie values are base64")
}

/// Loads the visitor, ends an idle session, checks the CSRF token of every request that may
/// change something, and hands the visitor to the handlers as a request extension.
pub async fn visitor(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let asked = Asked::of(&request);
    match admit(&state, request).await {
        Ok((request, new_visitor_cookie)) => {
            let mut response = next.run(request).await;
            if let Some(token) = new_visitor_cookie {
                response
                    .headers_mut()
                    .append(SET_COOKIE, set_cookie(&state, VISITOR_COOKIE, &token, None));
            }
            response
        }
        Err(err) => {
            let response = err.into_response();
            match response.extensions().get::<Failure>() {
                Some(failure) => failure_response(&state, failure.clone(), None, &asked),
                None => response,
            }
        }
    }
}

/// Whether a path belongs to the JSON API (its endpoints, document and documentation page).
pub fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

async fn admit(state: &AppState, request: Request) -> Result<(Request, Option<String>)> {
    if is_api(request.uri().path()) {
        return Ok((admit_api(state, request).await?, None));
    }
    let (mut parts, body) = request.into_parts();
    let (session, session_expired) = match cookie(&parts.headers, SESSION_COOKIE) {
        Some(token) => load_session(state, token).await?,
        None => (None, false),
    };
    let mut new_visitor_cookie = None;
    let (user, csrf) = match session {
        Some((user, csrf)) => (Some(user), csrf),
        None => (
            None,
            match cookie(&parts.headers, VISITOR_COOKIE) {
                Some(token) => token.to_owned(),
                None => {
                    let token = random_token();
                    new_visitor_cookie = Some(token.clone());
                    token
                }
            },
        ),
    };
    let body = if is_safe(&parts.method) {
        body
    } else {
        check_origin(&parts)?;
        check_csrf(&parts, body, &csrf).await?
    };
    parts.extensions.insert(Visitor {
        user,
        csrf,
        session_expired,
    });
    Ok((Request::from_parts(parts, body), new_visitor_cookie))
}

/// Admits an API request by its bearer token alone. Cookies are not read here: a browser
/// attaches them to requests other sites make it send, which is what CSRF exploits, so an API
/// that took the session cookie would need CSRF tokens on every write. A bearer token is sent
/// only by a client that holds it, so bearer requests need none.
async fn admit_api(state: &AppState, request: Request) -> Result<Request> {
    let (mut parts, body) = request.into_parts();
    let user = match bearer(&parts.headers)? {
        None => None,
        Some(token) => match load_session(state, token).await? {
            (Some((user, _)), _) => Some(user),
            // Refused rather than served as to a visitor, so that the client learns at once
            // that its session has ended and it must sign in again.
            (None, _) => return Err(WebError::Unauthenticated),
        },
    };
    parts.extensions.insert(Visitor {
        user,
        csrf: String::new(),
        session_expired: false,
    });
    Ok(Request::from_parts(parts, body))
}

/// The token of an `Authorization: Bearer` header; any other authorization is refused.
fn bearer(headers: &HeaderMap) -> Result<Option<&str>> {
    let Some(value) = headers.get(AUTHORIZATION) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .map(Some)
        .ok_or(WebError::Unauthenticated)
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// A browser sends `Origin` with every cross-site write; it must name this server.
fn check_origin(parts: &Parts) -> Result<()> {
    let Some(origin) = parts.headers.get(ORIGIN).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    let host = parts.headers.get(HOST).and_then(|v| v.to_str().ok());
    let origin_host = origin.split_once("://").map(|(_, rest)| rest);
    if origin_host.is_some() && origin_host == host {
        Ok(())
    } else {
        Err(WebError::Csrf)
    }
}

/// Finds the request's CSRF token (header, query or urlencoded field) and compares it with the
/// expected one. Returns the body, read and put back when it had to be read.
async fn check_csrf(parts: &Parts, body: Body, expected: &str) -> Result<Body> {
    let given_header = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    let given_query = parts
        .uri
        .query()
        .and_then(|q| field(q.as_bytes(), CSRF_FIELD));
    if let Some(given) = given_header.map(str::to_owned).or(given_query) {
        return if constant_time_eq(&given, expected) {
            Ok(body)
        } else {
            Err(WebError::Csrf)
        };
    }
    let content_type = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Err(WebError::Csrf);
    }
    let bytes = to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| WebError::invalid("表单过大（the form is too large）"))?;
    match field(&bytes, CSRF_FIELD) {
        Some(given) if constant_time_eq(&given, expected) => Ok(Body::from(bytes)),
        _ => Err(WebError::Csrf),
    }
}

fn field(urlencoded: &[u8], name: &str) -> Option<String> {
    form_urlencoded::parse(urlencoded)
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0_u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The session named by the cookie's token with its CSRF token, unless it has been idle too
/// long (then it ends, and the second value says so).
async fn load_session(state: &AppState, token: &str) -> Result<(Option<(User, String)>, bool)> {
    let digest = Digest::of(token.as_bytes());
    let store = &state.store();
    let Some(session) = sessions::find(store, &digest).await? else {
        return Ok((None, false));
    };
    let idle = (Utc::now() - session.last_seen_at)
        .to_std()
        .unwrap_or_default();
    let account = accounts::get(store, session.account).await?;
    if idle > state.settings.idle_timeout {
        let tx = store
            .begin(Actor::account(account.id, account.role))
            .await?;
        sessions::delete(&tx, &digest).await?;
        audit_event(&tx, "account.session_expired", &account);
        tx.commit().await?;
        return Ok((None, true));
    }
    if idle > TOUCH_EVERY {
        let tx = store
            .begin(Actor::account(account.id, account.role))
            .await?;
        sessions::touch(&tx, &digest).await?;
        tx.commit().await?;
    }
    let caller = state.workflow().caller(account.id).await?;
    let user = User {
        caller,
        login: account.login,
        token_sha256: digest,
    };
    Ok((Some((user, session.csrf_token)), false))
}

fn audit_event(tx: &jiangxin_store::Tx, action: &str, account: &Account) {
    audit::append(
        tx,
        AuditEvent {
            action: action.to_owned(),
            entity: EntityKind::Account,
            entity_id: account.id.to_string(),
        },
    );
}

/// A first password for an account an administrator creates: 12 characters a person can read
/// out and type (no 0/O, 1/l/I), about 70 bits of randomness.
pub fn first_password() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    let mut bytes = [0_u8; 12];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect()
}

/// Hashes a password with argon2id and a random salt, as a PHC string.
pub fn hash_password(password: &str) -> String {
    Argon2::default()
        .hash_password(password.as_bytes())
        .expect("argon2 with its default parameters hashes any password")
        .to_string()
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A new session: its token, its cookie to set, and the account it signs in.
pub struct SignedIn {
    /// The session's secret: API clients send it as a bearer token.
    pub token: String,
    pub cookie: HeaderValue,
    pub account: Account,
}

/// Checks a login and password. A wrong password counts towards the lock-out; a locked account
/// is refused before its password is checked, and an unknown login is refused like a wrong
/// password (after the same work, so that timing does not tell which logins exist).
pub async fn sign_in(state: &AppState, login: &str, password: &str) -> Result<SignedIn> {
    let wrong = || WebError::Refused("用户名或密码错误（wrong login or password）".to_owned());
    let store = &state.store();
    let Some(account) = accounts::find_by_login(store, login.trim()).await? else {
        verify_password(password, &DUMMY_HASH);
        return Err(wrong());
    };
    if let Some(until) = locked_until(state, &account).await? {
        return Err(WebError::Locked(beijing_time(until)));
    }
    let ok = account
        .password_hash
        .as_deref()
        .is_some_and(|hash| verify_password(password, hash));
    let tx = store
        .begin(Actor::account(account.id, account.role))
        .await?;
    logins::record(&tx, account.id, ok).await?;
    if !ok {
        audit_event(&tx, "account.login_failed", &account);
        tx.commit().await?;
        if let Some(until) = locked_until(state, &account).await? {
            return Err(WebError::Locked(beijing_time(until)));
        }
        return Err(wrong());
    }
    let token = random_token();
    sessions::create(
        &tx,
        &Digest::of(token.as_bytes()),
        account.id,
        &random_token(),
    )
    .await?;
    audit_event(&tx, "account.login", &account);
    tx.commit().await?;
    // A browser-session cookie: the server ends the session itself when it is idle.
    Ok(SignedIn {
        cookie: set_cookie(state, SESSION_COOKIE, &token, None),
        token,
        account,
    })
}

/// Until when the account is locked: after the configured number of consecutive failures, for
/// the configured time from the last of them.
pub async fn locked_until(state: &AppState, account: &Account) -> Result<Option<DateTime<Utc>>> {
    let settings = &state.settings;
    let recent = logins::latest(
        &state.store(),
        account.id,
        u64::from(settings.lockout_failures),
    )
    .await?;
    let all_failed =
        recent.len() == settings.lockout_failures as usize && recent.iter().all(|a| !a.succeeded);
    let Some(last) = recent.first().filter(|_| all_failed) else {
        return Ok(None);
    };
    let until = last.at
        + chrono::Duration::from_std(settings.lockout_duration).expect("a lock-out of minutes");
    Ok((until > Utc::now()).then_some(until))
}

fn beijing_time(at: DateTime<Utc>) -> String {
    let beijing = chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8");
    at.with_timezone(&beijing)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// Ends the visitor's session and returns the cookie that clears it.
pub async fn sign_out(state: &AppState, user: &User) -> Result<HeaderValue> {
    end_session(state, user).await?;
    Ok(set_cookie(state, SESSION_COOKIE, "", Some(0)))
}

/// Ends the session the user signed in with.
pub async fn end_session(state: &AppState, user: &User) -> Result<()> {
    let store = &state.store();
    let account = accounts::get(store, user.caller.account).await?;
    let tx = store
        .begin(Actor::account(account.id, account.role))
        .await?;
    sessions::delete(&tx, &user.token_sha256).await?;
    audit_event(&tx, "account.logout", &account);
    tx.commit().await?;
    Ok(())
}

/// Ends every session idle for longer than the timeout: the worker's tick calls it, so that a
/// session left open does not stay in the table.
pub async fn end_idle_sessions(state: &AppState) -> Result<u64> {
    let cutoff = Utc::now()
        - chrono::Duration::from_std(state.settings.idle_timeout).expect("a timeout of minutes");
    let tx = state.store().begin(Actor::system("sessions")).await?;
    let ended = sessions::delete_idle(&tx, cutoff).await?;
    tx.commit().await?;
    Ok(ended)
}

/// The hash of a random password, verified against when a login does not exist.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hash_password(&random_token()));

impl<S: Send + Sync> FromRequestParts<S> for Visitor {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self> {
        parts
            .extensions
            .get::<Visitor>()
            .cloned()
            .ok_or_else(|| WebError::Internal("the visitor layer is missing".to_owned()))
    }
}

/// Any signed-in account.
pub struct SignedInUser(pub User);

impl<S: Send + Sync> FromRequestParts<S> for SignedInUser {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self> {
        Visitor::from_request_parts(parts, state)
            .await?
            .user
            .map(Self)
            .ok_or(WebError::Unauthenticated)
    }
}

/// Declares an extractor that admits a signed-in account of the roles given.
macro_rules! role_extractor {
    ($(#[$doc:meta])* $name:ident, [$($role:ident),+], $who:literal) => {
        $(#[$doc])*
        pub struct $name(pub User);

        impl<S: Send + Sync> FromRequestParts<S> for $name {
            type Rejection = WebError;

            async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self> {
                let SignedInUser(user) = SignedInUser::from_request_parts(parts, state).await?;
                if matches!(user.caller.role, $(Role::$role)|+) {
                    Ok(Self(user))
                } else {
                    Err(WebError::Forbidden(format!(
                        "本功能供{}使用，当前账户为{}（for {} only）",
                        $who,
                        user.caller.role.name_zh(),
                        stringify!($name)
                    )))
                }
            }
        }
    };
}

role_extractor!(
    /// 单位经办人
    UnitOfficer, [UnitOfficer], "单位经办人"
);
role_extractor!(
    /// The applicant's side: a unit officer or an individual.
    Applicant, [UnitOfficer, Individual], "单位经办人或个人申报人"
);
role_extractor!(
    /// 区县审核人 or 市级审核人
    Reviewer, [DistrictReviewer, CityReviewer], "区县或市级审核人"
);
role_extractor!(
    /// Those who decide a stage with a review and work from the work list: the reviewers, and
    /// the finance bureau for its opinion before an approval (the studio notice's 市财政局意见).
    Decider, [DistrictReviewer, CityReviewer, Finance], "审核人员或财政部门"
);
role_extractor!(
    /// 评审专家
    Expert, [Expert], "评审专家"
);
role_extractor!(
    /// 财务
    Finance, [Finance], "财务人员"
);
role_extractor!(
    /// 系统管理员
    Admin, [Admin], "系统管理员"
);
role_extractor!(
    /// The bureau's staff who read the officer-set parameters: the reviewers who set them and
    /// the administrator.
    Staff, [DistrictReviewer, CityReviewer, Admin], "审核人员或系统管理员"
);
role_extractor!(
    /// Anyone who may read applications: everyone but experts and administrators, who see them
    /// only through their panels or not at all ([`Caller::sees`]).
    CaseReader, [UnitOfficer, Individual, DistrictReviewer, CityReviewer, Finance], "申报相关人员"
);

/// Where an account lands after signing in.
pub fn home_of(role: Role) -> &'static str {
    match role {
        Role::UnitOfficer => "/unit",
        Role::Individual => "/me",
        Role::DistrictReviewer | Role::CityReviewer => "/work",
        Role::Expert => "/expert",
        Role::Finance => "/finance",
        Role::Admin => "/admin",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let hash = hash_password("正确的密码");
        assert!(verify_password("正确的密码", &hash));
        assert!(!verify_password("错误的密码", &hash));
        assert!(!verify_password("正确的密码", "not a hash"));
    }

    #[test]
    fn the_dummy_hash_is_a_valid_argon2id_hash_that_no_empty_password_opens() {
        assert!(PasswordHash::new(&DUMMY_HASH).is_ok());
        assert!(!verify_password("", &DUMMY_HASH));
    }

    #[test]
    fn first_passwords_are_twelve_unambiguous_characters_and_differ() {
        let (a, b) = (first_password(), first_password());
        assert_ne!(a, b);
        assert_eq!(a.chars().count(), 12);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() && !"0O1lI".contains(c))
        );
    }

    #[test]
    fn tokens_are_random_and_url_safe() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
    }

    #[test]
    fn a_cookie_is_found_among_others_by_its_exact_name() {
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("a=1; jx_session=abc; jx_sessionx=no"),
        );
        assert_eq!(cookie(&headers, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&headers, VISITOR_COOKIE), None);
    }
}
