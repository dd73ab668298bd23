//! An application's attachments: the applicant's side adds them to a draft or a returned
//! application, reviewers at any stage (a site inspection's record, a department's letter); the
//! file's type is read from its content and its size limited, as on the application page.

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use jiangxin_store::Digest;
use jiangxin_store::applications::ApplicationId;
use jiangxin_store::attachments::LinkedAttachment;
use jiangxin_workflow::Upload;
use serde::Serialize;
use utoipa::ToSchema;

use super::Documented;
use super::extract::PathParams;
use crate::auth::CaseReader;
use crate::error::{Result, WebError};
use crate::failure::Failure;
use crate::pages::applications::read_upload;
use crate::state::AppState;

pub(super) fn routes(api: Documented) -> Documented {
    api.tagged("attachments")
        .route::<__path_attach, _, _>(attach)
        .route::<__path_list, _, _>(list)
        .route::<__path_download, _, _>(download)
}

/// A file to attach, sent as `multipart/form-data`.
#[derive(ToSchema)]
pub struct AttachmentUpload {
    /// What the file is: 申报书, 身份证, 荣誉证书, 实地考察记录...
    pub purpose: String,
    /// A PDF, JPEG or PNG file.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// An attached file.
#[derive(Serialize, ToSchema)]
pub struct AttachmentView {
    /// The file's SHA-256, which names it for download.
    pub sha256: String,
    pub media_type: String,
    pub size: u64,
    /// The name it was uploaded under.
    pub name: String,
    pub purpose: String,
    pub added_at: DateTime<Utc>,
}

impl From<LinkedAttachment> for AttachmentView {
    fn from(linked: LinkedAttachment) -> Self {
        let attachment = linked.attachment;
        Self {
            sha256: attachment.sha256.to_hex(),
            media_type: attachment.media_type.as_str().to_owned(),
            size: attachment.size,
            name: attachment.original_name,
            purpose: linked.purpose,
            added_at: linked.added_at,
        }
    }
}

/// Attaches a file to the application.
#[utoipa::path(
    post, path = "/applications/{id}/attachments",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "申报编号")),
    request_body(content = AttachmentUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "已上传（the attachment）", body = AttachmentView),
        (status = 400, description = "未填写用途或未选择文件（no purpose or no file）", body = Failure),
        (status = 404, description = "没有该申报（no such application in scope）", body = Failure),
        (status = 413, description = "文件过大或类型不符（too large, or not PDF, JPEG or PNG）", body = Failure),
        (status = 422, description = "申报已提交（submitted: not open to attachments）", body = Failure),
    ),
)]
async fn attach(
    State(state): State<AppState>,
    CaseReader(user): CaseReader,
    PathParams(id): PathParams<i64>,
    multipart: std::result::Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<AttachmentView>)> {
    let multipart = multipart.map_err(|rejection| {
        WebError::invalid(format!(
            "附件须以 multipart/form-data 上传（send the file as multipart/form-data）：{}",
            rejection.body_text()
        ))
    })?;
    let upload = read_upload(multipart).await?;
    let file = upload.required_file()?;
    let workflow = state.workflow();
    let id = ApplicationId(id);
    let saved = workflow
        .attach(
            &user.caller,
            id,
            &state.blobs,
            Upload {
                bytes: &file.bytes,
                name: &file.name,
                purpose: upload.field("purpose"),
                max_size: state.settings.max_upload,
            },
        )
        .await?;
    // As linked to the application just now: the latest link of this file.
    let linked = workflow
        .attachments(&user.caller, id)
        .await?
        .into_iter()
        .rfind(|l| l.attachment.sha256 == saved.sha256)
        .ok_or_else(|| WebError::Internal("an attachment just linked is missing".to_owned()))?;
    Ok((StatusCode::CREATED, Json(linked.into())))
}

/// The application's attachments, in the order they were added.
#[utoipa::path(
    get, path = "/applications/{id}/attachments",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "申报编号")),
    responses(
        (status = 200, description = "附件（the attachments）", body = [AttachmentView]),
        (status = 404, description = "没有该申报（no such application in scope）", body = Failure),
    ),
)]
async fn list(
    State(state): State<AppState>,
    CaseReader(user): CaseReader,
    PathParams(id): PathParams<i64>,
) -> Result<Json<Vec<AttachmentView>>> {
    let linked = state
        .workflow()
        .attachments(&user.caller, ApplicationId(id))
        .await?;
    Ok(Json(linked.into_iter().map(AttachmentView::from).collect()))
}

/// The file itself.
#[utoipa::path(
    get, path = "/applications/{id}/attachments/{sha256}",
    security(("bearer" = [])),
    params(
        ("id" = i64, Path, description = "申报编号"),
        ("sha256" = String, Path, description = "附件的 SHA-256"),
    ),
    responses(
        (status = 200, description = "文件（the file）", content_type = "application/octet-stream"),
        (status = 404, description = "没有该附件（no such attachment in scope）", body = Failure),
    ),
)]
async fn download(
    State(state): State<AppState>,
    CaseReader(user): CaseReader,
    PathParams((id, sha256)): PathParams<(i64, String)>,
) -> Result<Response> {
    let digest: Digest = sha256.parse().map_err(|_| WebError::not_found())?;
    let (attachment, bytes) = state
        .workflow()
        .attachment(&user.caller, ApplicationId(id), &digest, &state.blobs)
        .await?;
    Ok((
        [
            (CONTENT_TYPE, attachment.media_type.as_str()),
            (CONTENT_DISPOSITION, "attachment"),
        ],
        bytes,
    )
        .into_response())
}
