//! Each role's list of applications: the unit's, the individual's own, and the reviewers' work
//! list with what waits for them first, deadlines and overdue marks.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use jiangxin_policy::model::QuotaScope;
use jiangxin_store::{programs, recommendations, units};
use maud::{Markup, html};

use crate::auth::{Decider, SignedInUser, UnitOfficer};
use crate::catalog;
use crate::error::{Result, WebError};
use crate::state::AppState;
use crate::views::Ctx;
use crate::worklist::{self, Row};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/unit", get(unit))
        .route("/me", get(me))
        .route("/work", get(work))
}

async fn unit(
    State(state): State<AppState>,
    ctx: Ctx,
    UnitOfficer(user): UnitOfficer,
) -> Result<Markup> {
    let store = state.store();
    let unit_id = user.caller.unit.ok_or_else(WebError::not_found)?;
    let unit = units::get(&store, unit_id).await?;
    let rows = worklist::rows(&state, &user.caller).await?;
    let workflow = state.workflow();
    let mut caps = Vec::new();
    for version in programs::list(&store).await? {
        let Some(program) = workflow.programs().get(&version.program_id) else {
            continue;
        };
        if !program
            .quotas
            .iter()
            .any(|q| q.scope == QuotaScope::PerUnit)
        {
            continue;
        }
        let recommended = recommendations::for_unit(&store, version.id, unit_id).await?;
        let values = workflow.parameter_values(program.id()).await?;
        let quotas = catalog::quotas(program, &values, ctx.today)
            .into_iter()
            .zip(&program.quotas)
            .filter(|(_, q)| q.scope == QuotaScope::PerUnit)
            .map(|(line, _)| line.text)
            .collect::<Vec<_>>()
            .join("；");
        caps.push((program.meta.title.clone(), quotas, recommended));
    }
    let body = html! {
        dl.facts {
            dt { "单位名称" } dd { (unit.name) }
            dt { "统一社会信用代码" } dd { (unit.credit_code.as_str()) }
            dt { "单位类型" } dd { (unit.unit_type.name_zh()) }
            dt { "所在地区" } dd { (unit.district.as_str()) }
        }
        p { a.button.primary href="/apply" { "新建申报" } }
        @if !caps.is_empty() {
            h2 { "推荐名额与排序" }
            table {
                thead { tr { th { "项目" } th { "每单位名额" } th { "已推荐（按排序）" } } }
                tbody {
                    @for (title, quota, recommended) in &caps {
                        tr {
                            td { (title) } td { (quota) }
                            td { @if recommended.is_empty() { "—" }
                                @for r in recommended { div { "第 " (r.rank) " 名：" a href={ "/applications/" (r.application) } { "申报 " (r.application) } } } }
                        }
                    }
                }
            }
        }
        h2 { "本单位的申报" }
        p { a.button href="/unit/export.xlsx" { "导出 Excel" } }
        (worklist::table(&rows))
    };
    Ok(ctx.page("本单位申报", body))
}

async fn me(
    State(state): State<AppState>,
    ctx: Ctx,
    SignedInUser(user): SignedInUser,
) -> Result<Markup> {
    let rows = worklist::rows(&state, &user.caller).await?;
    Ok(ctx.page(
        "我的申报",
        html! {
            p { a.button.primary href="/apply" { "个人申报" } " " a.button href="/me/export.xlsx" { "导出 Excel" } }
            (worklist::table(&rows))
        },
    ))
}

async fn work(State(state): State<AppState>, ctx: Ctx, Decider(user): Decider) -> Result<Markup> {
    let rows = worklist::rows(&state, &user.caller).await?;
    let (mut mine, others): (Vec<Row>, Vec<Row>) = rows.into_iter().partition(|r| r.mine);
    mine.sort_by_key(|r| (!r.overdue, r.due));
    let scope = match &user.caller.district {
        Some(district) => format!("本区（{}）的申报", district.as_str()),
        None => "全市的申报".to_owned(),
    };
    let workflow = state.workflow();
    let mut objections = Vec::new();
    let mut ended = Vec::new();
    for (notice, _) in workflow.managed_notices(&user.caller).await? {
        if notice.closed.is_some() {
            continue;
        }
        if ctx.today > notice.last_day {
            ended.push(notice.id);
        }
        objections.extend(
            workflow
                .notice_objections(&user.caller, notice.id)
                .await?
                .into_iter()
                .filter(|o| o.outcome.is_none()),
        );
    }
    objections.sort_by_key(|o| o.investigation_due);
    let panels: Vec<_> = workflow
        .managed_panels(&user.caller)
        .await?
        .into_iter()
        .filter(|(p, _)| p.closed.is_none())
        .map(|(p, v)| (p.id, catalog::stage_title(&workflow, &v, &p.stage)))
        .collect();
    Ok(ctx.page(
        "待办",
        html! {
            p.hint { "范围：" (scope) "。逾期的排在最前并标红。" }
            @if !objections.is_empty() || !ended.is_empty() || !panels.is_empty() {
                h2 { "公示与评审" }
                ul {
                    @for o in &objections {
                        li.overdue[o.investigation_due.is_some_and(|d| ctx.today > d)] {
                            "异议 " a href={ "/manage/notices/" (o.notice) } { (o.receipt()) } " 待调查核实"
                            @if let Some(due) = o.investigation_due { "，" (due) " 前办结"
                                @if ctx.today > due { " " span.badge.err { "已逾期" } } }
                        }
                    }
                    @for id in &ended { li { "公示 " a href={ "/manage/notices/" (id) } { (id) } " 已期满，待结束" } }
                    @for (id, (program, stage)) in &panels {
                        li { "评审组 " a href={ "/panels/" (id) } { (id) } "（" (program) " · " (stage) "）评审中" }
                    }
                }
            }
            p { a.button href="/work/export.xlsx" { "导出 Excel" } }
            h2 { "待我办理（" (mine.len()) "）" }
            (worklist::table(&mine))
            h2 { "其他申报" }
            (worklist::table(&others))
        },
    ))
}
