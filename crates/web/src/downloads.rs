//! Downloads: the documents of `jiangxin-reports` from the pages they belong to, each checked
//! with the roles of its page and built from what the account may see.
//!
//! * `/applications/{id}/form.pdf`: the application form (下载申报书), for whoever may read the
//!   application;
//! * `/applications/{id}/certificate.pdf`: the certificate or plaque of its title, likewise, with
//!   the QR code of this server's `/verify` page as the request reached it (its `Host`, and
//!   `https` when the server runs behind TLS);
//! * `/finance/export.xlsx`: the finance bureau's payment list of a status, as its tab shows it;
//! * `/programs/{id}/summary.xlsx`: the program's summary workbook over the applications the
//!   account may see (a unit's own, a district's, the city's);
//! * `/unit/export.xlsx`, `/me/export.xlsx`, `/work/export.xlsx`: each work list as it is shown;
//! * `/notices/{id}/notice.pdf`: a public notice to post, for anyone, as the notice itself is public.
//!
//! Each document is built by one `*_document` function, called both by the page's handler here
//! and by its JSON API counterpart ([`crate::api::documents`]) behind the same role extractor,
//! so that the two serve the same file to the same accounts.
//!
//! The fonts are read once, on the first PDF asked for, so that a server without them still
//! serves everything else; the error then names the script that installs them.

use std::sync::OnceLock;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, HOST};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use jiangxin_documents::sheets::{Cell, WorkList};
use jiangxin_pdf::Engine;
use jiangxin_reports::payments::{self, PaymentFilter};
use jiangxin_reports::{Document, ReportError, XLSX, certificate, forms, notice, summary};
use jiangxin_store::applications::ApplicationId;
use jiangxin_store::ledger::PaymentStatus;
use jiangxin_store::notices::NoticeId;

use crate::auth::{CaseReader, Decider, Finance, SignedInUser, UnitOfficer, User};
use crate::error::{Result, WebError};
use crate::pages::finance::{self, ListQuery};
use crate::state::AppState;
use crate::worklist::{self, Row};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/applications/{id}/form.pdf", get(application_form))
        .route("/applications/{id}/certificate.pdf", get(certificate_pdf))
        .route("/finance/export.xlsx", get(payment_list))
        .route("/programs/{id}/summary.xlsx", get(program_summary))
        .route("/unit/export.xlsx", get(unit_list))
        .route("/me/export.xlsx", get(my_list))
        .route("/work/export.xlsx", get(work_list))
        .route("/notices/{id}/notice.pdf", get(notice_pdf))
}

impl From<ReportError> for WebError {
    fn from(err: ReportError) -> Self {
        match err {
            ReportError::Workflow(e) => e.into(),
            ReportError::Store(e) => e.into(),
            ReportError::UnknownProgram(_) => WebError::NotFound(err.to_string()),
            ReportError::NoApplicationForm(_)
            | ReportError::NoSummary(_)
            | ReportError::NoTitle(_)
            | ReportError::Revoked { .. }
            | ReportError::Incomplete { .. }
            | ReportError::Refused { .. } => WebError::Refused(err.to_string()),
            ReportError::Document(_) | ReportError::Pdf(_) | ReportError::Facts { .. } => {
                WebError::Internal(err.to_string())
            }
        }
    }
}

/// The PDF engine, loaded on first use and kept for the life of the process.
fn engine() -> Result<&'static Engine> {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    if let Some(engine) = ENGINE.get() {
        return Ok(engine);
    }
    let engine = Engine::new().map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(ENGINE.get_or_init(|| engine))
}

/// A document as the answer to its download, offered under its file name. The JSON API
/// ([`crate::api::documents`]) sends the same.
pub(crate) fn send(document: Document) -> Response {
    (
        [
            (CONTENT_TYPE, document.media_type.to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", document.file_name),
            ),
        ],
        document.bytes,
    )
        .into_response()
}

/// The application form of an application the caller may read.
pub(crate) async fn form_document(
    state: &AppState,
    user: &User,
    id: ApplicationId,
) -> Result<Document> {
    let workflow = state.workflow();
    let application = workflow.application(&user.caller, id).await?;
    Ok(forms::application_form(&workflow, engine()?, application).await?)
}

/// The certificate or plaque of an application the caller may read, its QR code pointing at
/// `site`'s verification page.
pub(crate) async fn certificate_document(
    state: &AppState,
    user: &User,
    id: ApplicationId,
    site: &str,
) -> Result<Document> {
    let workflow = state.workflow();
    // Outside the caller's scope the application, and so its certificate, does not exist.
    workflow.application(&user.caller, id).await?;
    Ok(certificate::certificate_pdf(&workflow, engine()?, id, site).await?)
}

/// The payment list of a status the finance bureau sees, of one program or all.
pub(crate) async fn payments_document(
    state: &AppState,
    user: &User,
    status: PaymentStatus,
    program: Option<String>,
) -> Result<Document> {
    let workflow = state.workflow();
    let lines = workflow.payment_lines(&user.caller, status).await?;
    let entries = payments::entries(workflow.store(), lines).await?;
    let filter = PaymentFilter {
        statuses: vec![status],
        program,
    };
    Ok(payments::payment_list(
        &workflow,
        &entries,
        &filter,
        state.today(),
    )?)
}

/// A program's summary workbook over the applications the caller may see.
pub(crate) async fn summary_document(
    state: &AppState,
    user: &User,
    program_id: &str,
) -> Result<Document> {
    let workflow = state.workflow();
    let visible = workflow.visible_applications(&user.caller).await?;
    Ok(summary::summary(&workflow, program_id, visible, state.today()).await?)
}

/// A public notice as the PDF to post.
pub(crate) async fn notice_document(state: &AppState, id: NoticeId) -> Result<Document> {
    Ok(notice::notice_pdf(&state.workflow(), engine()?, id).await?)
}

/// The sheet titles of the work lists, as their pages are named.
pub(crate) const UNIT_LIST: &str = "本单位申报";
pub(crate) const MY_LIST: &str = "我的申报";
pub(crate) const WORK_LIST: &str = "待办";

/// A work list as the page shows it, one row per application the caller may see, under the
/// page's `title`.
pub(crate) async fn list_document(state: &AppState, user: &User, title: &str) -> Result<Document> {
    let rows = worklist::rows(state, &user.caller).await?;
    let list = WorkList {
        sheet: title.to_owned(),
        title: title.to_owned(),
        notes: vec![format!(
            "账户：{}（{}）　导出日期：{}",
            user.login,
            user.role().name_zh(),
            state.today()
        )],
        columns: [
            "编号",
            "项目",
            "类别",
            "申报人",
            "单位",
            "当前环节",
            "办理人",
            "办理时限",
            "是否逾期",
            "最近意见",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: rows.iter().map(cells).collect(),
    };
    let bytes = list
        .to_xlsx()
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(Document {
        file_name: "worklist.xlsx".to_owned(),
        media_type: XLSX,
        bytes,
    })
}

async fn application_form(
    State(state): State<AppState>,
    CaseReader(user): CaseReader,
    Path(id): Path<i64>,
) -> Result<Response> {
    form_document(&state, &user, ApplicationId(id))
        .await
        .map(send)
}

async fn certificate_pdf(
    State(state): State<AppState>,
    CaseReader(user): CaseReader,
    Path(id): Path<i64>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response> {
    let site = site(&state, &uri, &headers)?;
    certificate_document(&state, &user, ApplicationId(id), &site)
        .await
        .map(send)
}

/// This server as the request reached it, for the address a certificate's QR code carries:
/// `https` behind TLS (where cookies are marked Secure), and the request's host, which must be a
/// plain host name or address with an optional port.
pub(crate) fn site(state: &AppState, uri: &Uri, headers: &HeaderMap) -> Result<String> {
    let host = headers
        .get(HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| uri.authority().map(|a| a.as_str()))
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .ok_or_else(|| {
            WebError::Invalid("请求未给出有效的主机名（the request names no valid host）".into())
        })?;
    let scheme = if state.settings.secure_cookies {
        "https"
    } else {
        "http"
    };
    Ok(format!("{scheme}://{host}"))
}

/// The payment list of the finance page's tab, as a workbook.
async fn payment_list(
    State(state): State<AppState>,
    Finance(user): Finance,
    Query(query): Query<ListQuery>,
) -> Result<Response> {
    let status = finance::tab(query.status.as_deref());
    payments_document(&state, &user, status, None)
        .await
        .map(send)
}

async fn program_summary(
    State(state): State<AppState>,
    CaseReader(user): CaseReader,
    Path(id): Path<String>,
) -> Result<Response> {
    summary_document(&state, &user, &id).await.map(send)
}

async fn notice_pdf(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response> {
    notice_document(&state, NoticeId(id)).await.map(send)
}

async fn unit_list(
    State(state): State<AppState>,
    UnitOfficer(user): UnitOfficer,
) -> Result<Response> {
    list_document(&state, &user, UNIT_LIST).await.map(send)
}

async fn my_list(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
) -> Result<Response> {
    list_document(&state, &user, MY_LIST).await.map(send)
}

async fn work_list(State(state): State<AppState>, Decider(user): Decider) -> Result<Response> {
    list_document(&state, &user, WORK_LIST).await.map(send)
}

fn cells(row: &Row) -> Vec<Cell> {
    vec![
        Cell::Integer(row.id),
        Cell::from(row.program_title.as_str()),
        Cell::from(row.category_name.as_str()),
        Cell::from(row.applicant.as_str()),
        Cell::from(row.unit.clone()),
        Cell::from(row.stage_name.as_str()),
        Cell::from(row.next_actor.clone()),
        Cell::from(row.due),
        Cell::from(row.overdue.then_some("已逾期")),
        Cell::from(row.last_note.clone()),
    ]
}
