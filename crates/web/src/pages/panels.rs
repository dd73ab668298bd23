//! Expert panels as the bureau that runs a program convenes them: form the panel of a panel
//! stage, appoint experts from the pool (with the unit each works at, for automatic recusal),
//! follow how many have voted (never how), close the panel, then rank the passed candidates and
//! select them within the quotas, with the tie-break rule shown. Ballots are shown only once
//! the panel has closed; the workflow refuses them before.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use jiangxin_policy::stages::Role as StageActor;
use jiangxin_store::accounts::{Account, AccountId};
use jiangxin_store::applications::ApplicationId;
use jiangxin_store::panels::{PanelId, RecusalCause};
use jiangxin_store::units;
use jiangxin_workflow::parameters::runs_program;
use jiangxin_workflow::{PanelBoard, Workflow};
use maud::{Markup, html};
use serde::Deserialize;

use crate::auth::{Reviewer, User};
use crate::catalog::{criterion_label, stage_title};
use crate::error::{Result, WebError};
use crate::pages::applications::{done, unit_field};
use crate::state::AppState;
use crate::views::Ctx;
use crate::worklist::names;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/panels", get(list).post(create))
        .route("/panels/{id}", get(board))
        .route("/panels/{id}/experts", post(appoint))
        .route("/panels/{id}/close", post(close))
        .route("/panels/{id}/select", post(select))
}

pub fn recusal_zh(cause: RecusalCause) -> &'static str {
    match cause {
        RecusalCause::SameUnit => "同单位回避",
        RecusalCause::Declared => "申报利益冲突回避",
    }
}

fn login_of(pool: &[Account], account: AccountId) -> String {
    pool.iter()
        .find(|a| a.id == account)
        .map_or_else(|| format!("账户 {account}"), |a| a.login.clone())
}

/// The panel stages of the programs the caller's bureau runs, as form choices.
fn panel_stages(workflow: &Workflow, user: &User) -> Vec<(String, String)> {
    workflow
        .programs()
        .iter()
        .filter(|p| runs_program(&user.caller, p))
        .flat_map(|p| {
            p.stages
                .iter()
                .filter(|s| s.actor == StageActor::ExpertPanel)
                .map(move |s| {
                    (
                        format!("{}/{}", p.id(), s.id),
                        format!("{} · {}", p.meta.title, s.name),
                    )
                })
        })
        .collect()
}

async fn list(State(state): State<AppState>, ctx: Ctx, Reviewer(user): Reviewer) -> Result<Markup> {
    let workflow = state.workflow();
    let panels = workflow.managed_panels(&user.caller).await?;
    let stages = panel_stages(&workflow, &user);
    let body = html! {
        @if !stages.is_empty() {
            form.card method="post" action="/panels" {
                (ctx.csrf())
                h2 { "组建评审组" }
                p.hint { "每个项目版本的每个专家评审阶段组建一个评审组；组建后从专家库选聘专家。" }
                label { "项目与评审阶段" select name="stage" required {
                    @for (value, label) in &stages { option value=(value) { (label) } } } }
                button.primary type="submit" { "组建" }
            }
        }
        h2 { "评审组" }
        @if panels.is_empty() { p.empty { "没有评审组。" } }
        @else {
            table {
                thead { tr { th { "编号" } th { "项目 · 阶段" } th { "组建日期" } th { "状态" } } }
                tbody {
                    @for (panel, version) in &panels {
                        @let (program, stage) = stage_title(&workflow, version, &panel.stage);
                        tr {
                            td { a href={ "/panels/" (panel.id) } { (panel.id) } }
                            td { (program) " · " (stage) }
                            td { (panel.created_at.date_naive()) }
                            td { @if panel.closed.is_some() { span.badge { "已结束评审" } } @else { span.badge.ok { "评审中" } } }
                        }
                    }
                }
            }
        }
    };
    Ok(ctx.page("专家评审", body))
}

#[derive(Deserialize)]
struct CreateForm {
    stage: String,
}

async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    Reviewer(user): Reviewer,
    Form(form): Form<CreateForm>,
) -> Result<Response> {
    let (program, stage) = form
        .stage
        .split_once('/')
        .ok_or_else(|| WebError::invalid("请选择项目与评审阶段"))?;
    let panel = state
        .workflow()
        .create_panel(&user.caller, program, stage)
        .await?;
    Ok(done(&headers, &format!("/panels/{}", panel.id)))
}

async fn board(
    State(state): State<AppState>,
    ctx: Ctx,
    Reviewer(user): Reviewer,
    Path(id): Path<i64>,
) -> Result<Markup> {
    let workflow = state.workflow();
    let PanelBoard {
        panel,
        version,
        members,
        docket,
    } = workflow
        .panel_board(&user.caller, PanelId(id))
        .await
        .map_err(WebError::hidden)?;
    let pool = workflow.expert_pool(&user.caller).await?;
    let store = state.store();
    let mut member_units = Vec::with_capacity(members.len());
    for member in &members {
        member_units.push(match member.unit {
            Some(unit) => Some(units::get(&store, unit).await?.name),
            None => None,
        });
    }
    let mut rows = Vec::with_capacity(docket.len());
    for entry in &docket {
        rows.push((entry, names(&store, &entry.application).await?));
    }
    let (title, stage) = stage_title(&workflow, &version, &panel.stage);
    let program = workflow.programs().get(&version.program_id);
    let closed = panel.closed.is_some();
    let (ranking, selected, ballots) = if closed {
        (
            workflow.panel_ranking(&user.caller, panel.id).await?,
            workflow.selected_candidates(&user.caller, panel.id).await?,
            workflow.panel_ballots(&user.caller, panel.id).await?,
        )
    } else {
        Default::default()
    };
    let mut ranked = Vec::with_capacity(ranking.len());
    for candidate in &ranking {
        let application = workflow
            .application(&user.caller, candidate.application)
            .await?;
        ranked.push((candidate, names(&store, &application).await?));
    }
    let body = html! {
        dl.facts {
            dt { "项目" } dd { (title) "（版本 " (version.version) "）" }
            dt { "评审阶段" } dd { (stage) }
            dt { "状态" } dd { @if closed { span.badge { "已结束评审" } } @else { span.badge.ok { "评审中" } " " span.hint { "结束评审前，任何人都看不到表决票。" } } }
        }
        h2 { "评审专家（" (members.len()) "）" }
        @if members.is_empty() { p.empty { "尚未选聘专家。" } }
        @else {
            table {
                thead { tr { th { "专家" } th { "工作单位（用于回避）" } th { "选聘时间" } } }
                tbody {
                    @for (member, unit) in members.iter().zip(&member_units) {
                        tr { td { (login_of(&pool, member.account)) } td { (unit.as_deref().unwrap_or("—")) } td { (member.appointed_at.date_naive()) } }
                    }
                }
            }
        }
        @if !closed {
            form.card method="post" action={ "/panels/" (panel.id) "/experts" } {
                (ctx.csrf())
                h3 { "从专家库选聘" }
                div.grid {
                    label { "专家" select name="expert" required {
                        @for expert in pool.iter().filter(|a| members.iter().all(|m| m.account != a.id)) {
                            option value=(expert.id) { (expert.login) }
                        } } }
                    label { "工作单位的统一社会信用代码（与申报人同单位的自动回避；可不填）" input name="unit_credit_code" autocomplete="off"; }
                }
                button type="submit" { "选聘" }
            }
        }
        h2 { "评审对象" }
        @if rows.is_empty() { p.empty { @if closed { "评审组已结束评审，评审对象已进入下一环节。" } @else { "没有处于本评审阶段的申报。" } } }
        @else {
            table {
                thead { tr { th { "申报" } th { "申报人" } th { "单位" } th { "已表决" } th { "回避" } } }
                tbody {
                    @for (entry, (applicant, unit)) in &rows {
                        tr {
                            td { a href={ "/applications/" (entry.application.id) } { (entry.application.id) } }
                            td { (applicant) }
                            td { (unit.as_deref().unwrap_or("—")) }
                            td { (entry.votes_cast) " / " (members.len() - entry.recused.len()) }
                            td { @if entry.recused.is_empty() { "—" }
                                @for (account, cause) in &entry.recused { div { (login_of(&pool, *account)) "：" (recusal_zh(*cause)) } } }
                        }
                    }
                }
            }
        }
        @if !closed {
            form.card method="post" action={ "/panels/" (panel.id) "/close" } data-confirm="结束评审后按到会与通过比例计票，评审对象进入下一环节或未通过，不能撤回。确定结束吗？" {
                (ctx.csrf())
                h3 { "结束评审并计票" }
                p.hint { "按项目文件规定的到会比例和通过比例（参数）计票；缺少参数的不能结束。" }
                button.primary type="submit" { "结束评审" }
            }
        } @else {
            h2 { "排序与择优确定" }
            p.hint { "按同意票数、各项平均分之和排序；票数与分数相同的，按项目文件规定的同等条件优先规则排序，并注明所依据的规则。" }
            @if ranked.is_empty() { p.empty { "没有通过评审的申报。" } }
            @else {
                table {
                    thead { tr { th { "名次" } th { "申报" } th { "申报人" } th { "单位" } th { "同意票" } th { "平均分之和" } th { "同等条件优先" } th { "择优确定" } } }
                    tbody {
                        @for (candidate, (applicant, unit)) in &ranked {
                            tr {
                                td { (candidate.rank) }
                                td { a href={ "/applications/" (candidate.application) } { (candidate.application) } }
                                td { (applicant) }
                                td { (unit.as_deref().unwrap_or("—")) }
                                td { (candidate.votes_for) }
                                td { (candidate.score) }
                                td { (candidate.tie_break.as_deref().map_or_else(|| "—".to_owned(), |rule| format!("按“{rule}”优先于下一名"))) }
                                td {
                                    @if selected.contains(&candidate.application) { span.badge.ok { "已入选" } }
                                    @else {
                                        form method="post" action={ "/panels/" (panel.id) "/select" } {
                                            (ctx.csrf())
                                            input type="hidden" name="application" value=(candidate.application);
                                            input name="over_quota_reason" placeholder="超出名额时填写理由";
                                            " " button type="submit" { "确定入选" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h2 { "实名表决票" }
            @if ballots.is_empty() { p.empty { "没有表决票。" } }
            @else {
                table {
                    thead { tr { th { "申报" } th { "专家" } th { "表决" } th { "评分" } } }
                    tbody {
                        @for ballot in &ballots {
                            tr {
                                td { (ballot.application) }
                                td { (login_of(&pool, ballot.account)) }
                                td { @if ballot.approve { span.badge.ok { "同意" } } @else { span.badge.err { "不同意" } } }
                                td { @for (i, (criterion, score)) in ballot.scores.iter().enumerate() {
                                    @if i > 0 { "；" } (criterion_label(program, criterion)) " " strong { (score) } } }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(ctx.page(&format!("评审组 {id}"), body))
}

#[derive(Deserialize)]
struct AppointForm {
    expert: i64,
    unit_credit_code: Option<String>,
}

async fn appoint(
    State(state): State<AppState>,
    headers: HeaderMap,
    Reviewer(user): Reviewer,
    Path(id): Path<i64>,
    Form(form): Form<AppointForm>,
) -> Result<Response> {
    let unit = unit_field(&state, form.unit_credit_code.as_deref()).await?;
    state
        .workflow()
        .appoint_expert(&user.caller, PanelId(id), AccountId(form.expert), unit)
        .await
        .map_err(WebError::hidden)?;
    Ok(done(&headers, &format!("/panels/{id}")))
}

async fn close(
    State(state): State<AppState>,
    headers: HeaderMap,
    Reviewer(user): Reviewer,
    Path(id): Path<i64>,
) -> Result<Response> {
    state
        .workflow()
        .close_panel(&user.caller, PanelId(id))
        .await
        .map_err(WebError::hidden)?;
    Ok(done(&headers, &format!("/panels/{id}")))
}

#[derive(Deserialize)]
struct SelectForm {
    application: i64,
    over_quota_reason: Option<String>,
}

async fn select(
    State(state): State<AppState>,
    headers: HeaderMap,
    Reviewer(user): Reviewer,
    Path(id): Path<i64>,
    Form(form): Form<SelectForm>,
) -> Result<Response> {
    let reason = form
        .over_quota_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    state
        .workflow()
        .select_candidate(
            &user.caller,
            PanelId(id),
            ApplicationId(form.application),
            reason,
        )
        .await
        .map_err(WebError::hidden)?;
    Ok(done(&headers, &format!("/panels/{id}")))
}
