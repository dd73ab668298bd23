//! The one error type of the services. Each variant is one answer a web layer gives: Forbidden
//! (403), NotFound (404), Conflict (409), Refused (422: the rules say no, with the reason to
//! show), Invalid (400: the request itself is malformed); `Store`, `Program` and `Calendar` are
//! failures of the system (500). Messages are Chinese followed by English in brackets, like the
//! store's, because the same text reaches an officer and a developer.

use jiangxin_calendar::period::PeriodError;
use jiangxin_policy::{EvalError, LoadError};
use jiangxin_store::{EntityKind, StoreError};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum WorkflowError {
    /// The caller may see the record but not do this to it.
    #[error("无权操作：{reason}")]
    Forbidden { reason: String },

    /// No such record, or none the caller may see: the two are deliberately indistinguishable,
    /// so that a district reviewer cannot learn which ids exist in other districts.
    #[error("找不到{} {id}（{} {id} not found）", .entity.zh(), .entity.en())]
    NotFound { entity: EntityKind, id: String },

    /// Someone else changed the record since the caller read it.
    #[error("{reason}")]
    Conflict { reason: String },

    /// The program's rules, deadlines or quotas refuse the transition; `reason` is shown to the
    /// caller as it stands.
    #[error("{reason}")]
    Refused { reason: String },

    /// The request is malformed (an empty reason, facts that do not parse).
    #[error("请求无效：{reason}")]
    Invalid { reason: String },

    #[error(transparent)]
    Store(StoreError),

    #[error(transparent)]
    Program(#[from] LoadError),

    #[error(transparent)]
    Evaluation(#[from] EvalError),

    #[error(transparent)]
    Calendar(#[from] PeriodError),
}

pub type Result<T, E = WorkflowError> = std::result::Result<T, E>;

/// A batch refused as a whole ([`crate::Workflow::create_drafts`]): which of its drafts (from
/// 0) was refused, and why. Nothing of the batch was written.
#[derive(Debug, Error)]
#[error("第 {} 份申报被拒绝，整批未导入：{error}（draft {index} of the batch was refused; nothing was imported）", .index + 1)]
pub struct BatchRefusal {
    pub index: usize,
    #[source]
    pub error: WorkflowError,
}

impl From<StoreError> for WorkflowError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound { entity, id } => Self::NotFound { entity, id },
            StoreError::Conflict { .. } => Self::Conflict {
                reason: err.to_string(),
            },
            // The records refuse these as the rules would: the reason is for the caller.
            StoreError::NameDiffers | StoreError::LeftBeforeJoined { .. } => Self::Refused {
                reason: err.to_string(),
            },
            other => Self::Store(other),
        }
    }
}

impl WorkflowError {
    pub(crate) fn refused(reason: impl Into<String>) -> Self {
        Self::Refused {
            reason: reason.into(),
        }
    }

    pub(crate) fn forbidden(reason: impl Into<String>) -> Self {
        Self::Forbidden {
            reason: reason.into(),
        }
    }

    pub(crate) fn invalid(reason: impl Into<String>) -> Self {
        Self::Invalid {
            reason: reason.into(),
        }
    }
}

/// Text a caller must give (a reason, a commitment): trimmed, and not empty.
pub(crate) fn required_text(text: &str, what_zh: &str, what_en: &str) -> Result<String> {
    let text = text.trim();
    if text.is_empty() {
        Err(WorkflowError::invalid(format!(
            "须填写{what_zh}（{what_en} is required）"
        )))
    } else {
        Ok(text.to_owned())
    }
}
