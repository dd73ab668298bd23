//! axum's own extractors answer a body or path they cannot read with plain text; these answer
//! with the API's JSON error, like every other refusal.

use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::{Result, WebError};

/// A JSON request body. Domain values in it (ID numbers, phone numbers, dates) are parsed as it
/// is read, so that a handler holds only valid ones.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &S) -> Result<Self> {
        axum::Json::<T>::from_request(request, state)
            .await
            .map(|axum::Json(value)| Self(value))
            .map_err(|rejection| {
                WebError::invalid(format!(
                    "请求内容无效，须为符合接口文档的 JSON（invalid request body）：{}",
                    rejection.body_text()
                ))
            })
    }
}

/// The parameters of a path (an id, or an id and a digest). A path whose parameters do not
/// parse names no record: 404.
pub struct PathParams<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for PathParams<T> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(params)| Self(params))
            .map_err(|_| WebError::not_found())
    }
}
