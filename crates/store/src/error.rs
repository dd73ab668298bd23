//! The one error type of the storage layer.
//!
//! Messages are Chinese followed by English in brackets, like the domain crate's, because the same
//! text reaches a bureau officer and a developer. No variant carries an ID number, a phone number
//! or a database URL (which may hold a password): identifiers in errors are surrogate keys, credit
//! codes, program ids and digests only.

use std::path::PathBuf;

use sea_orm::DbErr;
use thiserror::Error;

use crate::digest::Digest;
use crate::kind::EntityKind;

/// Everything that can go wrong in `jiangxin-store`.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error(
        "数据库地址应以 sqlite:// 或 postgres:// 开头（the database URL must start with sqlite:// or postgres://）"
    )]
    UnsupportedUrl,

    #[error("无法访问 {path}（cannot access {path}）：{source}", path = path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("数据库操作失败（database operation failed）：{0}")]
    Database(#[from] DbErr),

    #[error("数据库迁移失败（database migration failed）：{0}")]
    Migration(DbErr),

    #[error("数据密钥无效：{reason}（the data key is invalid: {reason_en}）")]
    InvalidDataKey {
        reason: &'static str,
        reason_en: &'static str,
    },

    #[error(
        "数据密钥与数据库中已有数据所用的密钥不同（the data key differs from the key this database was written with）"
    )]
    DataKeyMismatch,

    #[error(
        "个人数据无法解密：密钥不对或数据被篡改（personal data cannot be decrypted: wrong key or tampered data）"
    )]
    Decrypt,

    #[error("数据库中的 {what} 无法读取（stored {what} is unreadable）")]
    Corrupt { what: &'static str },

    #[error("找不到{} {id}（{} {id} not found）", .entity.zh(), .entity.en())]
    NotFound { entity: EntityKind, id: String },

    #[error("{}已存在：{key}（{} already exists: {key}）", .entity.zh(), .entity.en())]
    Duplicate { entity: EntityKind, key: String },

    #[error(
        "{} {id} 已被他人修改，请刷新后重试（{} {id} was changed by someone else; reload and try again）",
        .entity.zh(), .entity.en()
    )]
    Conflict { entity: EntityKind, id: String },

    #[error(
        "该身份证号码已登记为另一姓名，请核对姓名（the ID number is on record under another name）"
    )]
    NameDiffers,

    #[error(
        "离职日期不能早于入职日期 {joined_on}（the leaving date is before the joining date {joined_on}）"
    )]
    LeftBeforeJoined { joined_on: chrono::NaiveDate },

    #[error("名额已满（the quota is full）：{scope}")]
    QuotaFull { scope: String },

    #[error(
        "项目 {program_id} 版本 {version} 已载入且内容不同；已载入的版本不可修改，请使用新版本号\
         （program {program_id} version {version} is already loaded with different content; \
         loaded versions are immutable, use a new version number）"
    )]
    ProgramVersionChanged { program_id: String, version: String },

    #[error("账户角色与范围不符（account role and scope do not match）：{0}")]
    AccountScope(&'static str),

    #[error("附件为空（the attachment is empty）")]
    EmptyAttachment,

    #[error(
        "附件大小 {size} 字节超过上限 {limit} 字节（the attachment has {size} bytes, more than the limit of {limit}）"
    )]
    AttachmentTooLarge { size: u64, limit: u64 },

    #[error(
        "附件类型不受支持：只接受 PDF、JPEG、PNG（按文件内容判断，不看文件名）\
         （unsupported attachment type: only PDF, JPEG and PNG are accepted, judged by content, not by name）"
    )]
    UnsupportedAttachmentType,

    #[error("附件 {0} 不存在（attachment {0} does not exist）")]
    BlobMissing(Digest),

    #[error("附件 {0} 的内容与摘要不符（attachment {0} does not match its digest）")]
    BlobCorrupt(Digest),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// For `map_err`: a stored value that no longer parses as its domain type. The parse error is
/// dropped because it may quote the value.
pub(crate) fn corrupt<E>(what: &'static str) -> impl FnOnce(E) -> StoreError {
    move |_| StoreError::Corrupt { what }
}

impl StoreError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }

    /// Turns a unique-constraint violation into [`StoreError::Duplicate`], anything else into
    /// [`StoreError::Database`]. The key named is chosen by the caller, never taken from the
    /// database's message, which on PostgreSQL repeats the offending values.
    pub(crate) fn from_insert(err: DbErr, entity: EntityKind, key: impl Into<String>) -> Self {
        match err.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => Self::Duplicate {
                entity,
                key: key.into(),
            },
            _ => Self::Database(err),
        }
    }
}
