//! Approval and what follows it: the approving body's decision (审定) with its document, the
//! title or plaque with its certificate number and verification code, the benefits ledger of an
//! application, revocation, stopping benefits, the holder's term plan and the end-of-term
//! assessment; and the public certificate check (证书查验), which anyone may use without an
//! account. The certificate itself downloads from the title section
//! (`/applications/{id}/certificate.pdf`, see [`crate::downloads`]).

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use jiangxin_store::accounts::Role;
use jiangxin_store::applications::ApplicationId;
use jiangxin_store::ledger::{EntitlementStatus, PaymentStatus};
use jiangxin_store::titles::TitleId;
use jiangxin_workflow::{Caller, TermAssessment, Workflow, approval};
use maud::{Markup, html};
use serde::Deserialize;

use crate::auth::{Applicant, Reviewer, User};
use crate::error::{Result, WebError};
use crate::pages::applications::done;
use crate::state::AppState;
use crate::views::{Ctx, flash};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/applications/{id}/approve", post(approve))
        .route("/applications/{id}/stop", post(stop))
        .route("/applications/{id}/term-plan", post(term_plan))
        .route("/applications/{id}/term-assessment", post(assess))
        .route("/titles/{id}/revoke", post(revoke))
        .route("/verify", get(verify))
}

#[derive(Deserialize)]
struct ApproveForm {
    row_version: i64,
    document: String,
}

async fn approve(
    State(state): State<AppState>,
    headers: HeaderMap,
    Reviewer(user): Reviewer,
    Path(id): Path<i64>,
    Form(form): Form<ApproveForm>,
) -> Result<Response> {
    state
        .workflow()
        .approve(
            &user.caller,
            ApplicationId(id),
            form.row_version,
            &form.document,
        )
        .await?;
    Ok(done(&headers, &format!("/applications/{id}")))
}

#[derive(Deserialize)]
struct ReasonForm {
    reason: String,
}

async fn stop(
    State(state): State<AppState>,
    headers: HeaderMap,
    Reviewer(user): Reviewer,
    Path(id): Path<i64>,
    Form(form): Form<ReasonForm>,
) -> Result<Response> {
    state
        .workflow()
        .stop_entitlements(&user.caller, ApplicationId(id), &form.reason)
        .await?;
    Ok(done(&headers, &format!("/applications/{id}")))
}

async fn revoke(
    State(state): State<AppState>,
    headers: HeaderMap,
    Reviewer(user): Reviewer,
    Path(id): Path<i64>,
    Form(form): Form<ReasonForm>,
) -> Result<Response> {
    let title = state
        .workflow()
        .revoke_title(&user.caller, TitleId(id), &form.reason)
        .await?;
    Ok(done(
        &headers,
        &format!("/applications/{}", title.application),
    ))
}

#[derive(Deserialize)]
struct PlanForm {
    plan: String,
}

async fn term_plan(
    State(state): State<AppState>,
    headers: HeaderMap,
    Applicant(user): Applicant,
    Path(id): Path<i64>,
    Form(form): Form<PlanForm>,
) -> Result<Response> {
    state
        .workflow()
        .record_term_plan(&user.caller, ApplicationId(id), &form.plan)
        .await?;
    Ok(done(&headers, &format!("/applications/{id}")))
}

#[derive(Deserialize)]
struct AssessForm {
    result: String,
    finding: String,
}

async fn assess(
    State(state): State<AppState>,
    headers: HeaderMap,
    Reviewer(user): Reviewer,
    Path(id): Path<i64>,
    Form(form): Form<AssessForm>,
) -> Result<Response> {
    let result = match form.result.as_str() {
        "passed" => TermAssessment::Passed,
        "failed" => TermAssessment::Failed,
        _ => {
            return Err(WebError::Invalid(
                "请选择考核结果（choose a result）".into(),
            ));
        }
    };
    state
        .workflow()
        .assess_term(&user.caller, ApplicationId(id), result, &form.finding)
        .await?;
    Ok(done(&headers, &format!("/applications/{id}")))
}

#[derive(Deserialize)]
struct VerifyQuery {
    code: Option<String>,
}

/// 证书查验: the certificate behind a verification code, as far as the public may know it.
async fn verify(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<VerifyQuery>,
) -> Result<maud::Markup> {
    let code = query.code.unwrap_or_default();
    let result = if code.trim().is_empty() {
        html! {}
    } else {
        match state.workflow().verify_certificate(&code).await {
            Ok(found) => html! {
                section.card {
                    @match found.revoked_on {
                        Some(on) => p { span.badge.err { "已撤销" } " 该证书已于 " (on) " 撤销，不再有效。" },
                        None => p { span.badge.ok { "有效" } " 证书真实有效。" },
                    }
                    dl.facts {
                        dt { "证书编号" } dd { (found.certificate_no) }
                        dt { "称号" } dd { (found.title) }
                        dt { "持证人" } dd { (found.holder_masked) }
                        dt { "发证日期" } dd { (found.granted_on) }
                        @if let Some(until) = found.valid_until { dt { "有效期至" } dd { (until) } }
                    }
                }
            },
            Err(jiangxin_workflow::WorkflowError::NotFound { .. }) => flash(
                "warn",
                "未找到该验证码对应的证书，请核对后重试（no certificate has this code）。",
            ),
            Err(other) => return Err(other.into()),
        }
    };
    let body = html! {
        p { "输入证书上的 16 位验证码，查验证书真伪与是否有效。" }
        form method="get" action="/verify" {
            label { "验证码" input name="code" value=(code) maxlength="32" autocomplete="off" required; }
            button.primary type="submit" { "查验" }
        }
        (result)
    };
    Ok(ctx.page("证书查验", body))
}

/// The title and benefits section of an application's page, with the forms of the acts the
/// caller may do on them.
pub async fn section(
    workflow: &Workflow,
    ctx: &Ctx,
    user: &User,
    id: ApplicationId,
    row_version: i64,
    stage: Option<&jiangxin_policy::stages::Stage>,
) -> Result<Markup> {
    let caller = &user.caller;
    let title = workflow.title_of(caller, id).await?;
    let ledger = workflow.ledger_of(caller, id).await?;
    let reviewer = matches!(caller.role, Role::DistrictReviewer | Role::CityReviewer);
    let approving = stage.filter(|s| approval::is_approval(s) && acts(caller, s));
    Ok(html! {
        @if let Some(stage) = approving {
            section.card {
                h3 { "审定：" (stage.name) }
                p.hint { (stage.cited.citation) "：" (stage.cited.text) }
                @if stage.awards.is_some() {
                    p.hint { "审定后按项目文件核定待遇并排定发放；颁发证书的，生成证书编号与验证码。" }
                }
                form hx-post={ "/applications/" (id) "/approve" } hx-target="#approve-result" method="post" action={ "/applications/" (id) "/approve" } {
                    (ctx.csrf())
                    input type="hidden" name="row_version" value=(row_version);
                    label { "审定文件（文号）" input name="document" required; }
                    button.primary type="submit" { "审定通过" }
                    div.result id="approve-result" {}
                }
            }
        }
        @if let Some(title) = &title {
            h2 { "称号与证书" }
            dl.facts {
                dt { "称号" } dd { (title.name) }
                dt { "证书编号" } dd { (title.certificate_no) }
                dt { "验证码" } dd { code { (title.verification_code) } " " a href={ "/verify?code=" (title.verification_code) } { "查验" } }
                dt { "发证日期" } dd { (title.granted_on) }
                @if let Some(until) = title.valid_until { dt { "任期至" } dd { (until) } }
                @if let Some(r) = &title.revocation {
                    dt { "撤销" } dd { span.badge.err { "已撤销" } " " (r.on) "：" (r.reason) span.hint { "（" (r.citation) "）" } }
                }
            }
            // A revoked certificate is not printed (see `jiangxin_reports::certificate`).
            @if title.revocation.is_none() {
                p { a.button href={ "/applications/" (id) "/certificate.pdf" } { "下载证书 PDF" } }
            }
        }
        @if !ledger.is_empty() {
            h2 { "待遇" }
            table {
                thead { tr { th { "待遇" } th { "金额（每期）" } th { "税" } th { "发放" } th { "状态" } th { "各期" } } }
                tbody {
                    @for (entitlement, payments) in &ledger {
                        tr {
                            td { (entitlement.name) }
                            td { @match entitlement.amount { Some(m) => (m), None => "—" } }
                            td { (tax_zh(&entitlement.tax)) }
                            td { (schedule_zh(&entitlement.schedule)) }
                            td {
                                (entitlement.status.name_zh())
                                @match &entitlement.status {
                                    EntitlementStatus::Excluded { reason, citation } | EntitlementStatus::Stopped { reason, citation } => {
                                        div.hint { (reason) "（" (citation) "）" }
                                    }
                                    EntitlementStatus::Active => {}
                                }
                            }
                            td {
                                @for p in payments {
                                    div { "第" (p.number) "期 " (p.due_on) " " (p.amount) " " (payment_badge(p.status)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if let Some(title) = title.as_ref().filter(|t| t.revocation.is_none()) {
            @if reviewer {
                section.card {
                    h3 { "称号管理" }
                    form hx-post={ "/applications/" (id) "/stop" } hx-target="#stop-result" method="post" action={ "/applications/" (id) "/stop" } {
                        (ctx.csrf())
                        label { "停止享受待遇的事由（如调离、不再从事技能岗位、获评更高称号）" input name="reason" required; }
                        button type="submit" { "停止享受" }
                        div.result id="stop-result" {}
                    }
                    form hx-post={ "/titles/" (title.id) "/revoke" } hx-target="#revoke-result" method="post" action={ "/titles/" (title.id) "/revoke" } {
                        (ctx.csrf())
                        label { "撤销称号的事由" input name="reason" required; }
                        button.danger type="submit" { "撤销称号" }
                        div.result id="revoke-result" {}
                    }
                    @if title.valid_until.is_some() {
                        form hx-post={ "/applications/" (id) "/term-assessment" } hx-target="#assess-result" method="post" action={ "/applications/" (id) "/term-assessment" } {
                            (ctx.csrf())
                            div.actions {
                                label { input type="radio" name="result" value="passed" required; "考核合格" }
                                label { input type="radio" name="result" value="failed"; "考核不合格" }
                            }
                            label { "考核意见" input name="finding" required; }
                            button type="submit" { "记录任期考核" }
                            div.result id="assess-result" {}
                        }
                    }
                }
            }
            @if matches!(caller.role, Role::UnitOfficer | Role::Individual) && title.valid_until.is_some() {
                section.card {
                    h3 { "任期计划与目标" }
                    form hx-post={ "/applications/" (id) "/term-plan" } hx-target="#plan-result" method="post" action={ "/applications/" (id) "/term-plan" } {
                        (ctx.csrf())
                        label { "专业学习、技能提升、技术创新、培养人才等方面的计划与目标" textarea name="plan" rows="3" required {} }
                        button type="submit" { "提交计划" }
                        div.result id="plan-result" {}
                    }
                }
            }
        }
    })
}

fn acts(caller: &Caller, stage: &jiangxin_policy::stages::Stage) -> bool {
    crate::worklist::acts_for(caller, stage)
}

pub fn payment_badge(status: PaymentStatus) -> Markup {
    let class = match status {
        PaymentStatus::Paid | PaymentStatus::Recovered => "ok",
        PaymentStatus::Scheduled => "warn",
        PaymentStatus::Cancelled | PaymentStatus::RecoveryDue => "err",
    };
    html! { span class={ "badge " (class) } { (status.name_zh()) } }
}

pub fn tax_zh(tax: &str) -> &'static str {
    match tax {
        "after_tax" => "税后",
        "pre_tax" => "税前",
        "not_applicable" => "—",
        _ => "未规定",
    }
}

pub fn schedule_zh(schedule: &str) -> &'static str {
    match schedule {
        "once" => "一次性",
        "annual" => "每年",
        "yearly" => "按年（任期内）",
        _ => "—",
    }
}
