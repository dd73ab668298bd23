//! Response headers every page and endpoint carries. The content security policy allows
//! scripts, styles and images from this server only, and no inline script at all: htmx and the
//! application's own script are files served by the binary, and htmx is told not to inject its
//! indicator styles (see the layout's `htmx-config`). Swagger UI's page alone may also use
//! inline styles ([`API_DOCS_CONTENT_SECURITY_POLICY_VALUE`]).

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::middleware::Next;
use axum::response::Response;

pub const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
    object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// The Swagger UI page at `/api/docs/` draws with inline `style` attributes, which the strict
/// policy refuses; that page alone may use them. Its scripts are still only the files this
/// server serves, and it shows nothing but the API's own document.
pub const API_DOCS_CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
    object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Adds the security headers; pages are also marked not to be stored, since they may show
/// personal data to the one signed in.
pub async fn headers(secure: bool, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let is_asset = path.starts_with("/assets/");
    let is_api_docs = path
        .strip_prefix(crate::api::DOCS)
        .is_some_and(|rest| rest.starts_with('/'));
    let policy = if is_api_docs {
        API_DOCS_CONTENT_SECURITY_POLICY_VALUE
    } else {
        CONTENT_SECURITY_POLICY_VALUE
    };
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = |headers: &mut axum::http::HeaderMap, name, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(headers, CONTENT_SECURITY_POLICY, policy);
    set(headers, X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, X_FRAME_OPTIONS, "DENY");
    set(headers, REFERRER_POLICY, "same-origin");
    if secure {
        set(headers, STRICT_TRANSPORT_SECURITY, "max-age=31536000");
    }
    if !is_asset && !headers.contains_key(CACHE_CONTROL) {
        set(headers, CACHE_CONTROL, "no-store");
    }
    response
}
