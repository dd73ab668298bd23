//! The documents of the pages' downloads, for the bureau's and the units' own systems: the
//! application form and the certificate as PDF, a program's summary and the payment list as
//! Excel, the public notice as PDF, and the list of applications as Excel. Each is built by the
//! same function as its page's download ([`crate::downloads`]), behind the same role extractor,
//! so that an account gets here exactly the files its pages give it; a refusal is the API's JSON
//! error (no title yet: 422 with the reason; another district's application: 404).

use axum::extract::{Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use jiangxin_store::accounts::Role;
use jiangxin_store::applications::ApplicationId;
use jiangxin_store::notices::NoticeId;
use serde::Deserialize;
use utoipa::IntoParams;

use super::Documented;
use super::extract::PathParams;
use super::ledger::status_named;
use crate::auth::{CaseReader, Finance};
use crate::downloads::{self, MY_LIST, UNIT_LIST, WORK_LIST, send};
use crate::error::Result;
use crate::failure::Failure;
use crate::state::AppState;

pub(super) fn routes(api: Documented) -> Documented {
    api.tagged("documents")
        .route::<__path_form, _, _>(form)
        .route::<__path_certificate, _, _>(certificate)
        .route::<__path_summary, _, _>(summary)
        .route::<__path_notice, _, _>(notice)
        .route::<__path_payments, _, _>(payments)
        .route::<__path_applications, _, _>(applications)
}

/// The application form its program's notice attaches (306号 申报书, 201号 申报表, the studio
/// 申报表), filled in from the stored records; what they do not hold stays an empty box.
#[utoipa::path(
    get, path = "/applications/{id}/form.pdf",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "申报编号")),
    responses(
        (status = 200, description = "申报书（the application form）", content_type = "application/pdf"),
        (status = 401, description = "未登录（not signed in）", body = Failure),
        (status = 403, description = "专家与系统管理员不经此查看申报（not for experts and administrators）", body = Failure),
        (status = 404, description = "没有该申报，或不在调用者的范围内（no such application in the caller's scope）", body = Failure),
        (status = 422, description = "该项目的通知未附申报表（the notice attaches no form）", body = Failure),
    ),
)]
async fn form(
    State(state): State<AppState>,
    CaseReader(user): CaseReader,
    PathParams(id): PathParams<i64>,
) -> Result<Response> {
    downloads::form_document(&state, &user, ApplicationId(id))
        .await
        .map(send)
}

/// The certificate (or a unit's plaque) of the application's title, with its number and the QR
/// code of this server's verification page as the request reached it (`Host`; `https` behind
/// TLS), as the page's download prints it.
#[utoipa::path(
    get, path = "/applications/{id}/certificate.pdf",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "申报编号")),
    responses(
        (status = 200, description = "证书或牌匾（the certificate or plaque）", content_type = "application/pdf"),
        (status = 400, description = "请求未给出有效的主机名（no valid host）", body = Failure),
        (status = 401, description = "未登录（not signed in）", body = Failure),
        (status = 404, description = "没有该申报，或不在调用者的范围内（no such application in the caller's scope）", body = Failure),
        (status = 422, description = "尚未审定发证，或证书已撤销（no title yet, or revoked）", body = Failure),
    ),
)]
async fn certificate(
    State(state): State<AppState>,
    CaseReader(user): CaseReader,
    PathParams(id): PathParams<i64>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response> {
    let site = downloads::site(&state, &uri, &headers)?;
    downloads::certificate_document(&state, &user, ApplicationId(id), &site)
        .await
        .map(send)
}

/// The program's summary workbook (306号 附件2, 201号 附件3, the candidate lists) over the
/// applications the caller may see: a unit's own, a district's, the city's.
#[utoipa::path(
    get, path = "/programs/{id}/summary.xlsx",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "项目编号，如 dalian-craftsman-2021")),
    responses(
        (status = 200, description = "汇总表（the summary workbook）", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, description = "未登录（not signed in）", body = Failure),
        (status = 403, description = "专家与系统管理员不经此查看申报（not for experts and administrators）", body = Failure),
        (status = 404, description = "没有该项目（no such program）", body = Failure),
        (status = 422, description = "该项目的通知未附汇总表（the notice attaches no summary sheet）", body = Failure),
    ),
)]
async fn summary(
    State(state): State<AppState>,
    CaseReader(user): CaseReader,
    PathParams(id): PathParams<String>,
) -> Result<Response> {
    downloads::summary_document(&state, &user, &id)
        .await
        .map(send)
}

/// A public notice to post, for anyone, as the notice itself is public: names, units and the ID
/// numbers as masked when it was published.
#[utoipa::path(
    get, path = "/notices/{id}/notice.pdf",
    params(("id" = i64, Path, description = "公示编号")),
    responses(
        (status = 200, description = "公示（the notice）", content_type = "application/pdf"),
        (status = 404, description = "没有该公示（no such notice）", body = Failure),
    ),
)]
async fn notice(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
) -> Result<Response> {
    downloads::notice_document(&state, NoticeId(id))
        .await
        .map(send)
}

/// Which payments the list holds.
#[derive(Deserialize, IntoParams)]
pub struct PaymentExport {
    /// `scheduled` (the default), `paid`, `cancelled`, `recovery_due` or `recovered`.
    pub status: Option<String>,
    /// Only the payments of this program, by id (e.g. `huiyang-chief-technician-2024`).
    pub program: Option<String>,
}

/// The finance bureau's payment list of a status (收款人及身份证号码或统一社会信用代码、金额、
/// 所属期、依据、状态), as its page exports it; the account and bank stay empty boxes, as the
/// records hold none.
#[utoipa::path(
    get, path = "/payments/export.xlsx",
    security(("bearer" = [])),
    params(PaymentExport),
    responses(
        (status = 200, description = "发放名单（the payment list）", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, description = "状态无效（unknown status）", body = Failure),
        (status = 401, description = "未登录（not signed in）", body = Failure),
        (status = 403, description = "仅限财政部门（finance only）", body = Failure),
        (status = 404, description = "没有该项目（no such program）", body = Failure),
    ),
)]
async fn payments(
    State(state): State<AppState>,
    Finance(user): Finance,
    Query(query): Query<PaymentExport>,
) -> Result<Response> {
    let status = status_named(query.status.as_deref())?;
    downloads::payments_document(&state, &user, status, query.program)
        .await
        .map(send)
}

/// The applications the caller may see, as `GET /applications` lists them, as the workbook of
/// the caller's work list page (本单位申报, 我的申报 or 待办).
#[utoipa::path(
    get, path = "/applications/export.xlsx",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "申报列表（the work list）", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, description = "未登录（not signed in）", body = Failure),
        (status = 403, description = "专家与系统管理员不经此查看申报（not for experts and administrators）", body = Failure),
    ),
)]
async fn applications(
    State(state): State<AppState>,
    CaseReader(user): CaseReader,
) -> Result<Response> {
    let title = match user.role() {
        Role::UnitOfficer => UNIT_LIST,
        Role::Individual => MY_LIST,
        // The reviewers and the finance bureau work from the work list; the extractor admits
        // no expert or administrator.
        Role::DistrictReviewer
        | Role::CityReviewer
        | Role::Finance
        | Role::Expert
        | Role::Admin => WORK_LIST,
    };
    downloads::list_document(&state, &user, title)
        .await
        .map(send)
}
