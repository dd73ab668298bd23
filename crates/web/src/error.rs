//! The one error type of the web layer. Each error has a stable code (for the API and for tests)
//! and a Chinese message for the person in front of the page; pages show it in the layout, the
//! API returns it as JSON (`{"code": ..., "message": ...}`).
//!
//! The message never carries personal data: the workflow's and the store's messages name
//! records by surrogate key, and the web layer adds none.

use axum::http::StatusCode;
use jiangxin_store::StoreError;
use jiangxin_workflow::WorkflowError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum WebError {
    /// Not signed in, or the session has ended.
    #[error("请先登录（please sign in）")]
    Unauthenticated,

    /// Signed in with a role that may not use this page.
    #[error("无权访问：{0}")]
    Forbidden(String),

    /// No such record, or none the caller may see.
    #[error("{0}")]
    NotFound(String),

    /// The request is malformed: a field that does not parse, a missing value.
    #[error("{0}")]
    Invalid(String),

    /// The rules refuse: a closed window, a full quota, an ineligible application.
    #[error("{0}")]
    Refused(String),

    /// Someone else changed the record since it was read.
    #[error("{0}")]
    Conflict(String),

    /// The API has no such method at this path.
    #[error("该地址不支持此请求方法（method not allowed）")]
    MethodNotAllowed,

    /// The form's CSRF token is missing or wrong.
    #[error("表单已过期或来源不明，请刷新页面后重试（the form is stale or not from this site）")]
    Csrf,

    /// Too many failed log-ins: the account is locked until the time given.
    #[error("登录失败次数过多，账户已锁定至 {0}（too many failed log-ins: locked until {0}）")]
    Locked(String),

    #[error("上传的文件过大或类型不符：{0}")]
    Upload(String),

    /// A failure of the system; the detail stays in the server's log.
    #[error("系统内部错误，请稍后重试（internal error）")]
    Internal(String),
}

impl WebError {
    /// The stable code of the error, as the API returns it.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated => "unauthenticated",
            Self::Forbidden(_) => "forbidden",
            Self::NotFound(_) => "not_found",
            Self::Invalid(_) => "invalid",
            Self::Refused(_) => "refused",
            Self::Conflict(_) => "conflict",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Csrf => "csrf",
            Self::Locked(_) => "locked",
            Self::Upload(_) => "upload_rejected",
            Self::Internal(_) => "internal",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) | Self::Csrf => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Invalid(_) => StatusCode::BAD_REQUEST,
            Self::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Locked(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Upload(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::Invalid(message.into())
    }

    pub fn not_found() -> Self {
        Self::NotFound("找不到该页面或记录（not found）".to_owned())
    }

    /// The workflow's answer about a notice or panel of a program the caller's bureau does
    /// not run, with a refusal shown as "not found": like an application of another district,
    /// a district reviewer learns nothing by guessing ids.
    pub fn hidden(err: WorkflowError) -> Self {
        match err {
            WorkflowError::Forbidden { .. } => Self::not_found(),
            other => other.into(),
        }
    }
}

impl From<WorkflowError> for WebError {
    fn from(err: WorkflowError) -> Self {
        match err {
            WorkflowError::Forbidden { .. } => Self::Forbidden(err.to_string()),
            WorkflowError::NotFound { .. } => Self::NotFound(err.to_string()),
            WorkflowError::Conflict { .. } => Self::Conflict(err.to_string()),
            WorkflowError::Refused { .. } => Self::Refused(err.to_string()),
            WorkflowError::Invalid { .. } => Self::Invalid(err.to_string()),
            WorkflowError::Store(store) => store.into(),
            WorkflowError::Program(_)
            | WorkflowError::Evaluation(_)
            | WorkflowError::Calendar(_) => Self::Refused(err.to_string()),
        }
    }
}

impl From<StoreError> for WebError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound { .. } => Self::NotFound(err.to_string()),
            StoreError::Duplicate { .. } => Self::Conflict(err.to_string()),
            StoreError::Conflict { .. } => Self::Conflict(err.to_string()),
            StoreError::EmptyAttachment
            | StoreError::AttachmentTooLarge { .. }
            | StoreError::UnsupportedAttachmentType => Self::Upload(err.to_string()),
            StoreError::AccountScope(_) => Self::Invalid(err.to_string()),
            other => Self::Internal(other.to_string()),
        }
    }
}

pub type Result<T, E = WebError> = std::result::Result<T, E>;
