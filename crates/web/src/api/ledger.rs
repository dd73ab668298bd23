//! Approval and the benefits ledger: the approving body's decision with its document, an
//! application's title and entitlements with their payments, revocation and stopping benefits
//! by the bureau that runs the program, the finance bureau's payment lists and acts, and the
//! public certificate check. The same workflow calls and role extractors as the pages.

use axum::Json;
use axum::extract::{Query, State};
use chrono::NaiveDate;
use jiangxin_store::applications::ApplicationId;
use jiangxin_store::ledger::{Entitlement, EntitlementStatus, Payment, PaymentId, PaymentStatus};
use jiangxin_store::titles::{Title, TitleId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::Documented;
use super::extract::{JsonBody, PathParams};
use crate::auth::{CaseReader, Finance, Reviewer};
use crate::error::{Result, WebError};
use crate::failure::Failure;
use crate::state::AppState;

pub(super) fn routes(api: Documented) -> Documented {
    api.tagged("ledger")
        .route::<__path_approve, _, _>(approve)
        .route::<__path_ledger, _, _>(ledger)
        .route::<__path_stop, _, _>(stop)
        .route::<__path_revoke, _, _>(revoke)
        .route::<__path_verify, _, _>(verify)
        .route::<__path_payments, _, _>(payments)
        .route::<__path_pay, _, _>(pay)
        .route::<__path_cancel, _, _>(cancel)
        .route::<__path_recover, _, _>(recover)
}

/// The approving body's decision.
#[derive(Deserialize, ToSchema)]
pub struct Approval {
    /// The version of the application read, as every change of it asks.
    pub row_version: i64,
    /// 审定文件（文号）
    pub document: String,
}

/// A title or plaque with its certificate.
#[derive(Serialize, ToSchema)]
pub struct TitleView {
    pub id: i64,
    pub application: i64,
    pub name: String,
    pub certificate_no: String,
    /// 16 characters; the public checks a certificate with it.
    pub verification_code: String,
    pub granted_on: NaiveDate,
    /// The last day of the term, for a title held for a term.
    pub valid_until: Option<NaiveDate>,
    pub revoked_on: Option<NaiveDate>,
    pub revocation_reason: Option<String>,
    pub revocation_citation: Option<String>,
}

impl From<Title> for TitleView {
    fn from(t: Title) -> Self {
        Self {
            id: t.id.0,
            application: t.application.0,
            name: t.name,
            certificate_no: t.certificate_no,
            verification_code: t.verification_code,
            granted_on: t.granted_on,
            valid_until: t.valid_until,
            revoked_on: t.revocation.as_ref().map(|r| r.on),
            revocation_reason: t.revocation.as_ref().map(|r| r.reason.clone()),
            revocation_citation: t.revocation.map(|r| r.citation),
        }
    }
}

/// One payment of an entitlement.
#[derive(Serialize, ToSchema)]
pub struct PaymentView {
    pub id: i64,
    pub entitlement: i64,
    /// 1 for the first payment.
    pub number: u32,
    pub due_on: NaiveDate,
    /// Yuan, with two decimals.
    pub amount: String,
    /// `scheduled`, `paid`, `cancelled`, `recovery_due` or `recovered`.
    pub status: String,
    pub paid_on: Option<NaiveDate>,
    pub reference: Option<String>,
    pub note: Option<String>,
    pub recovered_on: Option<NaiveDate>,
}

impl From<Payment> for PaymentView {
    fn from(p: Payment) -> Self {
        Self {
            id: p.id.0,
            entitlement: p.entitlement.0,
            number: p.number,
            due_on: p.due_on,
            amount: p.amount.to_yuan_string(),
            status: p.status.as_str().to_owned(),
            paid_on: p.paid.as_ref().map(|r| r.on),
            reference: p.paid.and_then(|r| r.reference),
            note: p.note,
            recovered_on: p.recovered_on,
        }
    }
}

/// One benefit of an approved application.
#[derive(Serialize, ToSchema)]
pub struct EntitlementView {
    pub id: i64,
    pub application: i64,
    /// The benefit's id in the program file.
    pub benefit: String,
    pub name: String,
    pub payee: String,
    /// `after_tax`, `pre_tax`, `unspecified` or `not_applicable`.
    pub tax: String,
    /// `once`, `annual` or `yearly`.
    pub schedule: String,
    /// One payment, in yuan; none for a benefit that is not money.
    pub amount: Option<String>,
    /// `active`, `excluded` (就高不重复) or `stopped`.
    pub status: String,
    pub status_reason: Option<String>,
    pub status_citation: Option<String>,
    pub payments: Vec<PaymentView>,
}

fn entitlement_view(e: Entitlement, payments: Vec<Payment>) -> EntitlementView {
    let (status, reason, citation) = match e.status {
        EntitlementStatus::Active => ("active", None, None),
        EntitlementStatus::Excluded { reason, citation } => {
            ("excluded", Some(reason), Some(citation))
        }
        EntitlementStatus::Stopped { reason, citation } => {
            ("stopped", Some(reason), Some(citation))
        }
    };
    EntitlementView {
        id: e.id.0,
        application: e.application.0,
        benefit: e.benefit,
        name: e.name,
        payee: e.payee,
        tax: e.tax,
        schedule: e.schedule,
        amount: e.amount.map(|m| m.to_yuan_string()),
        status: status.to_owned(),
        status_reason: reason,
        status_citation: citation,
        payments: payments.into_iter().map(PaymentView::from).collect(),
    }
}

/// An application's title and benefits.
#[derive(Serialize, ToSchema)]
pub struct LedgerView {
    pub title: Option<TitleView>,
    pub entitlements: Vec<EntitlementView>,
}

/// Passes the approval stage the application waits at; where it awards, grants the title and
/// records the entitlements with their payments.
#[utoipa::path(
    post, path = "/applications/{id}/approve",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "申报编号")),
    request_body = Approval,
    responses(
        (status = 200, description = "已审定（the title and benefits）", body = LedgerView),
        (status = 400, description = "未填写审定文件（no document）", body = Failure),
        (status = 403, description = "非本环节的审定机关（not this stage's approver）", body = Failure),
        (status = 404, description = "没有该申报（no such application in scope）", body = Failure),
        (status = 409, description = "申报已被他人修改（changed meanwhile）", body = Failure),
        (status = 422, description = "不是审定环节，或待遇金额尚缺参数（refused, with the reason）", body = Failure),
    ),
)]
async fn approve(
    State(state): State<AppState>,
    Reviewer(user): Reviewer,
    PathParams(id): PathParams<i64>,
    JsonBody(body): JsonBody<Approval>,
) -> Result<Json<LedgerView>> {
    let workflow = state.workflow();
    workflow
        .approve(
            &user.caller,
            ApplicationId(id),
            body.row_version,
            &body.document,
        )
        .await?;
    ledger_of(&workflow, &user.caller, ApplicationId(id))
        .await
        .map(Json)
}

async fn ledger_of(
    workflow: &jiangxin_workflow::Workflow,
    caller: &jiangxin_workflow::Caller,
    id: ApplicationId,
) -> Result<LedgerView> {
    let title = workflow.title_of(caller, id).await?;
    let entitlements = workflow
        .ledger_of(caller, id)
        .await?
        .into_iter()
        .map(|(e, p)| entitlement_view(e, p))
        .collect();
    Ok(LedgerView {
        title: title.map(TitleView::from),
        entitlements,
    })
}

/// An application's title and benefits, for whoever may read the application.
#[utoipa::path(
    get, path = "/applications/{id}/ledger",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "申报编号")),
    responses(
        (status = 200, description = "称号与待遇（title and benefits）", body = LedgerView),
        (status = 404, description = "没有该申报（no such application in scope）", body = Failure),
    ),
)]
async fn ledger(
    State(state): State<AppState>,
    CaseReader(user): CaseReader,
    PathParams(id): PathParams<i64>,
) -> Result<Json<LedgerView>> {
    ledger_of(&state.workflow(), &user.caller, ApplicationId(id))
        .await
        .map(Json)
}

/// Why a benefit stops or a title is revoked.
#[derive(Deserialize, ToSchema)]
pub struct Reason {
    pub reason: String,
}

/// Stops the benefits whose rules say so after an event (004 第十七条).
#[utoipa::path(
    post, path = "/applications/{id}/stop",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "申报编号")),
    request_body = Reason,
    responses(
        (status = 200, description = "已停止（title and benefits）", body = LedgerView),
        (status = 403, description = "非运行该项目的人社部门（not the program's bureau）", body = Failure),
        (status = 404, description = "没有该申报（no such application in scope）", body = Failure),
        (status = 422, description = "没有可停止的待遇（nothing to stop）", body = Failure),
    ),
)]
async fn stop(
    State(state): State<AppState>,
    Reviewer(user): Reviewer,
    PathParams(id): PathParams<i64>,
    JsonBody(body): JsonBody<Reason>,
) -> Result<Json<LedgerView>> {
    let workflow = state.workflow();
    workflow
        .stop_entitlements(&user.caller, ApplicationId(id), &body.reason)
        .await?;
    ledger_of(&workflow, &user.caller, ApplicationId(id))
        .await
        .map(Json)
}

/// Revokes a title: unpaid payments cancelled, paid ones clawed back and a ban recorded where
/// the program says so.
#[utoipa::path(
    post, path = "/titles/{id}/revocation",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "称号编号")),
    request_body = Reason,
    responses(
        (status = 200, description = "已撤销（the title）", body = TitleView),
        (status = 403, description = "非运行该项目的人社部门（not the program's bureau）", body = Failure),
        (status = 404, description = "没有该称号（no such title in scope）", body = Failure),
        (status = 409, description = "已撤销（already revoked）", body = Failure),
    ),
)]
async fn revoke(
    State(state): State<AppState>,
    Reviewer(user): Reviewer,
    PathParams(id): PathParams<i64>,
    JsonBody(body): JsonBody<Reason>,
) -> Result<Json<TitleView>> {
    let title = state
        .workflow()
        .revoke_title(&user.caller, TitleId(id), &body.reason)
        .await?;
    Ok(Json(title.into()))
}

/// A certificate as the public may check it.
#[derive(Serialize, ToSchema)]
pub struct CertificateCheck {
    pub certificate_no: String,
    pub title: String,
    /// The holder's name with all but its first character hidden.
    pub holder: String,
    pub granted_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    /// Revoked on this day: the certificate no longer stands.
    pub revoked_on: Option<NaiveDate>,
}

/// 证书查验, for anyone: the certificate behind a verification code.
#[utoipa::path(
    get, path = "/certificates/{code}",
    params(("code" = String, Path, description = "证书验证码（16 位）")),
    responses(
        (status = 200, description = "证书（the certificate）", body = CertificateCheck),
        (status = 404, description = "没有该验证码的证书（no certificate has this code）", body = Failure),
    ),
)]
async fn verify(
    State(state): State<AppState>,
    PathParams(code): PathParams<String>,
) -> Result<Json<CertificateCheck>> {
    let found = state.workflow().verify_certificate(&code).await?;
    Ok(Json(CertificateCheck {
        certificate_no: found.certificate_no,
        title: found.title,
        holder: found.holder_masked,
        granted_on: found.granted_on,
        valid_until: found.valid_until,
        revoked_on: found.revoked_on,
    }))
}

/// Which payments to list.
#[derive(Deserialize, IntoParams)]
pub struct PaymentFilter {
    /// `scheduled` (the default), `paid`, `cancelled`, `recovery_due` or `recovered`.
    pub status: Option<String>,
}

/// The status a query names: the payments due unless another is named; a name that is no
/// status is refused rather than read as the default, so that a client's typo does not list the
/// wrong payments.
pub(super) fn status_named(name: Option<&str>) -> Result<PaymentStatus> {
    match name {
        None => Ok(PaymentStatus::Scheduled),
        Some(text) => PaymentStatus::from_name(text).ok_or_else(|| {
            WebError::Invalid(format!("没有这种款项状态：{text}（unknown status）"))
        }),
    }
}

/// A payment with the entitlement and application it belongs to.
#[derive(Serialize, ToSchema)]
pub struct PaymentLineView {
    pub application: i64,
    pub benefit: String,
    pub benefit_name: String,
    pub payee: String,
    pub tax: String,
    pub payment: PaymentView,
}

/// The finance bureau's list of payments in a status, by due date.
#[utoipa::path(
    get, path = "/payments",
    security(("bearer" = [])),
    params(PaymentFilter),
    responses(
        (status = 200, description = "款项（payments）", body = Vec<PaymentLineView>),
        (status = 400, description = "状态无效（unknown status）", body = Failure),
        (status = 403, description = "仅限财政部门（finance only）", body = Failure),
    ),
)]
async fn payments(
    State(state): State<AppState>,
    Finance(user): Finance,
    Query(filter): Query<PaymentFilter>,
) -> Result<Json<Vec<PaymentLineView>>> {
    let status = status_named(filter.status.as_deref())?;
    let lines = state.workflow().payment_lines(&user.caller, status).await?;
    Ok(Json(
        lines
            .into_iter()
            .map(|line| PaymentLineView {
                application: line.application.0,
                benefit: line.entitlement.benefit,
                benefit_name: line.entitlement.name,
                payee: line.entitlement.payee,
                tax: line.entitlement.tax,
                payment: line.payment.into(),
            })
            .collect(),
    ))
}

/// A payment made.
#[derive(Deserialize, ToSchema)]
pub struct Paid {
    pub on: NaiveDate,
    /// The bank's or treasury's reference.
    pub reference: String,
}

/// Records a payment made (finance only); refused before it is due, while the unit's credit
/// flag defers it, or for a revoked title.
#[utoipa::path(
    post, path = "/payments/{id}/paid",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "款项编号")),
    request_body = Paid,
    responses(
        (status = 200, description = "已发放（the payment）", body = PaymentView),
        (status = 403, description = "仅限财政部门（finance only）", body = Failure),
        (status = 404, description = "没有该款项（no such payment）", body = Failure),
        (status = 409, description = "已被他人办理（changed meanwhile）", body = Failure),
        (status = 422, description = "未到期、暂缓发放或称号已撤销（refused, with the reason）", body = Failure),
    ),
)]
async fn pay(
    State(state): State<AppState>,
    Finance(user): Finance,
    PathParams(id): PathParams<i64>,
    JsonBody(body): JsonBody<Paid>,
) -> Result<Json<PaymentView>> {
    let paid = state
        .workflow()
        .record_payment(&user.caller, PaymentId(id), body.on, &body.reference)
        .await?;
    Ok(Json(paid.into()))
}

/// Decides not to make a payment (不予发放), with the reason (finance only).
#[utoipa::path(
    post, path = "/payments/{id}/cancellation",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "款项编号")),
    request_body = Reason,
    responses(
        (status = 200, description = "不予发放（the payment）", body = PaymentView),
        (status = 403, description = "仅限财政部门（finance only）", body = Failure),
        (status = 404, description = "没有该款项（no such payment）", body = Failure),
        (status = 409, description = "已被他人办理（changed meanwhile）", body = Failure),
    ),
)]
async fn cancel(
    State(state): State<AppState>,
    Finance(user): Finance,
    PathParams(id): PathParams<i64>,
    JsonBody(body): JsonBody<Reason>,
) -> Result<Json<PaymentView>> {
    let cancelled = state
        .workflow()
        .cancel_payment(&user.caller, PaymentId(id), &body.reason)
        .await?;
    Ok(Json(cancelled.into()))
}

/// The day a clawed-back payment was paid back.
#[derive(Deserialize, ToSchema)]
pub struct Recovered {
    pub on: NaiveDate,
}

/// Records that a clawed-back payment was paid back (finance only).
#[utoipa::path(
    post, path = "/payments/{id}/recovery",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "款项编号")),
    request_body = Recovered,
    responses(
        (status = 200, description = "已追回（the payment）", body = PaymentView),
        (status = 403, description = "仅限财政部门（finance only）", body = Failure),
        (status = 404, description = "没有该款项（no such payment）", body = Failure),
        (status = 409, description = "不是待追回的款项（not due for recovery）", body = Failure),
    ),
)]
async fn recover(
    State(state): State<AppState>,
    Finance(user): Finance,
    PathParams(id): PathParams<i64>,
    JsonBody(body): JsonBody<Recovered>,
) -> Result<Json<PaymentView>> {
    let recovered = state
        .workflow()
        .record_recovery(&user.caller, PaymentId(id), body.on)
        .await?;
    Ok(Json(recovered.into()))
}
