//! The finance bureau's pages (待遇发放): the payments due, paid and to be recovered, with the
//! payee and the entitlement they belong to; recording a payment made (date and the bank's
//! reference), deciding not to pay (不予发放, with the reason), and recording a recovery. The
//! workflow refuses a payment not yet due, deferred while the unit's credit flag stands, or of a
//! revoked title, with the reason shown here. Each list downloads as a workbook (导出 Excel, see
//! [`crate::downloads`]).

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::NaiveDate;
use jiangxin_reports::payments;
use jiangxin_store::ledger::{PaymentId, PaymentStatus};
use maud::{Markup, html};
use serde::Deserialize;

use crate::auth::Finance;
use crate::error::{Result, WebError};
use crate::pages::applications::done;
use crate::pages::titles::{payment_badge, tax_zh};
use crate::state::AppState;
use crate::views::Ctx;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/finance", get(list))
        .route("/finance/payments/{id}/pay", post(pay))
        .route("/finance/payments/{id}/cancel", post(cancel))
        .route("/finance/payments/{id}/recover", post(recover))
}

/// The lists, one per status the finance bureau works on.
const TABS: [(PaymentStatus, &str); 4] = [
    (PaymentStatus::Scheduled, "待发放"),
    (PaymentStatus::RecoveryDue, "待追回"),
    (PaymentStatus::Paid, "已发放"),
    (PaymentStatus::Cancelled, "不予发放"),
];

#[derive(Deserialize)]
pub(crate) struct ListQuery {
    pub(crate) status: Option<String>,
}

/// The tab a query asks for: the payments due unless another status is named.
pub(crate) fn tab(status: Option<&str>) -> PaymentStatus {
    TABS.iter()
        .map(|(s, _)| *s)
        .find(|s| Some(s.as_str()) == status)
        .unwrap_or(PaymentStatus::Scheduled)
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Finance(user): Finance,
    Query(query): Query<ListQuery>,
) -> Result<Markup> {
    let status = tab(query.status.as_deref());
    let lines = state.workflow().payment_lines(&user.caller, status).await?;
    let rows = payments::entries(&state.store(), lines).await?;
    let body = html! {
        nav.tabs {
            @for (tab, name) in TABS {
                a class=[(tab == status).then_some("current")] href={ "/finance?status=" (tab.as_str()) } { (name) }
            }
        }
        @if rows.is_empty() { p.empty { "没有" (status.name_zh()) "的款项。" } }
        @else {
            p { a.button href={ "/finance/export.xlsx?status=" (status.as_str()) } { "导出 Excel" } }
            table {
                thead { tr { th { "申报" } th { "收款人" } th { "单位" } th { "待遇" } th { "期次" } th { "应发日期" } th { "金额" } th { "税" } th { "状态" } th { "办理" } } }
                tbody {
                    @for entry in &rows {
                        @let line = &entry.line;
                        @let p = &line.payment;
                        tr.overdue[p.status == PaymentStatus::Scheduled && p.due_on < ctx.today] {
                            td { a href={ "/applications/" (line.application) } { (line.application) } }
                            td { (entry.payee.name()) }
                            td { (entry.unit.as_deref().unwrap_or("—")) }
                            td { (line.entitlement.name) }
                            td { "第" (p.number) "期" }
                            td { (p.due_on) }
                            td { (p.amount) }
                            td { (tax_zh(&line.entitlement.tax)) }
                            td { (payment_badge(p.status))
                                @if let Some(paid) = &p.paid { div.hint { (paid.on) " " (paid.reference.as_deref().unwrap_or("")) } }
                                @if let Some(note) = &p.note { div.hint { (note) } } }
                            td { (forms(&ctx, p.id, p.status)) }
                        }
                    }
                }
            }
        }
    };
    Ok(ctx.page("待遇发放", body))
}

fn forms(ctx: &Ctx, id: PaymentId, status: PaymentStatus) -> Markup {
    html! {
        @match status {
            PaymentStatus::Scheduled => {
                form method="post" action={ "/finance/payments/" (id) "/pay" } hx-post={ "/finance/payments/" (id) "/pay" } hx-target={ "#pay-" (id) } {
                    (ctx.csrf())
                    input type="date" name="on" value=(ctx.today) required;
                    input name="reference" placeholder="支付凭证号" required;
                    button.primary type="submit" { "已发放" }
                    div.result id={ "pay-" (id) } {}
                }
                form method="post" action={ "/finance/payments/" (id) "/cancel" } hx-post={ "/finance/payments/" (id) "/cancel" } hx-target={ "#cancel-" (id) } {
                    (ctx.csrf())
                    input name="reason" placeholder="不予发放的理由" required;
                    button type="submit" { "不予发放" }
                    div.result id={ "cancel-" (id) } {}
                }
            }
            PaymentStatus::RecoveryDue => {
                form method="post" action={ "/finance/payments/" (id) "/recover" } hx-post={ "/finance/payments/" (id) "/recover" } hx-target={ "#recover-" (id) } {
                    (ctx.csrf())
                    input type="date" name="on" value=(ctx.today) required;
                    button.primary type="submit" { "已追回" }
                    div.result id={ "recover-" (id) } {}
                }
            }
            _ => {}
        }
    }
}

#[derive(Deserialize)]
struct PayForm {
    on: String,
    reference: String,
}

fn date(text: &str) -> Result<NaiveDate> {
    text.parse()
        .map_err(|_| WebError::Invalid(format!("日期格式应为 YYYY-MM-DD：{text}（bad date）")))
}

async fn pay(
    State(state): State<AppState>,
    headers: HeaderMap,
    Finance(user): Finance,
    Path(id): Path<i64>,
    Form(form): Form<PayForm>,
) -> Result<Response> {
    state
        .workflow()
        .record_payment(
            &user.caller,
            PaymentId(id),
            date(&form.on)?,
            &form.reference,
        )
        .await?;
    Ok(done(&headers, "/finance"))
}

#[derive(Deserialize)]
struct CancelForm {
    reason: String,
}

async fn cancel(
    State(state): State<AppState>,
    headers: HeaderMap,
    Finance(user): Finance,
    Path(id): Path<i64>,
    Form(form): Form<CancelForm>,
) -> Result<Response> {
    state
        .workflow()
        .cancel_payment(&user.caller, PaymentId(id), &form.reason)
        .await?;
    Ok(done(&headers, "/finance"))
}

#[derive(Deserialize)]
struct RecoverForm {
    on: String,
}

async fn recover(
    State(state): State<AppState>,
    headers: HeaderMap,
    Finance(user): Finance,
    Path(id): Path<i64>,
    Form(form): Form<RecoverForm>,
) -> Result<Response> {
    state
        .workflow()
        .record_recovery(&user.caller, PaymentId(id), date(&form.on)?)
        .await?;
    Ok(done(&headers, "/finance?status=recovery_due"))
}
