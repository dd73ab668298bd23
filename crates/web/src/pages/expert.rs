//! The expert's pages: only the panels the expert sits on and the applications before them.
//! For each application the expert reads the declared facts and the stored eligibility
//! explanation, declares a conflict of interest, or casts a real-name ballot with a score for
//! every criterion the panel judges. A ballot is final once cast and stays hidden, from its
//! caster too, until the panel closes: these pages say only whether the expert has voted.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use jiangxin_store::applications::ApplicationId;
use jiangxin_store::panels::PanelId;
use jiangxin_workflow::panel::{MAX_SCORE, panel_criteria};
use jiangxin_workflow::{BallotInput, DocketEntry, PanelBoard};
use maud::{Markup, html};
use serde::Deserialize;

use crate::auth::Expert;
use crate::catalog::{criterion_label, stage_title};
use crate::decision;
use crate::error::{Result, WebError};
use crate::pages::applications::done;
use crate::pages::panels::recusal_zh;
use crate::state::AppState;
use crate::views::Ctx;
use crate::worklist::names;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/expert", get(seats))
        .route("/expert/panels/{panel}", get(docket))
        .route("/expert/panels/{panel}/applications/{id}", get(application))
        .route(
            "/expert/panels/{panel}/applications/{id}/ballot",
            post(ballot),
        )
        .route(
            "/expert/panels/{panel}/applications/{id}/conflict",
            post(conflict),
        )
}

fn state_of(entry: &DocketEntry, expert: jiangxin_store::accounts::AccountId) -> Markup {
    match entry.recused.iter().find(|(account, _)| *account == expert) {
        Some((_, cause)) => html! { span.badge { (recusal_zh(*cause)) } },
        None if entry.voted_by_caller => html! { span.badge.ok { "已表决" } },
        None => html! { span.badge.warn { "待表决" } },
    }
}

async fn seats(State(state): State<AppState>, ctx: Ctx, Expert(user): Expert) -> Result<Markup> {
    let workflow = state.workflow();
    let mut rows = Vec::new();
    for (panel, version) in workflow.seats(&user.caller).await? {
        let board = workflow.panel_board(&user.caller, panel.id).await?;
        let pending = board
            .docket
            .iter()
            .filter(|e| {
                !e.voted_by_caller && e.recused.iter().all(|(a, _)| *a != user.caller.account)
            })
            .count();
        rows.push((
            stage_title(&workflow, &version, &panel.stage),
            board,
            pending,
        ));
    }
    let body = html! {
        p.hint { "只列出您受聘的评审组。表决为实名表决，提交后不能更改；评审组结束评审前，任何人都看不到表决票。" }
        @if rows.is_empty() { p.empty { "您目前没有受聘的评审组。" } }
        @else {
            table {
                thead { tr { th { "评审组" } th { "项目 · 阶段" } th { "状态" } th { "评审对象" } th { "待表决" } } }
                tbody {
                    @for ((program, stage), board, pending) in &rows {
                        tr {
                            td { a href={ "/expert/panels/" (board.panel.id) } { (board.panel.id) } }
                            td { (program) " · " (stage) }
                            td { @if board.panel.closed.is_some() { span.badge { "已结束评审" } } @else { span.badge.ok { "评审中" } } }
                            td { (board.docket.len()) }
                            td { (pending) }
                        }
                    }
                }
            }
        }
    };
    Ok(ctx.page("评审任务", body))
}

async fn docket(
    State(state): State<AppState>,
    ctx: Ctx,
    Expert(user): Expert,
    Path(panel): Path<i64>,
) -> Result<Markup> {
    let workflow = state.workflow();
    let board = workflow.panel_board(&user.caller, PanelId(panel)).await?;
    let (program, stage) = stage_title(&workflow, &board.version, &board.panel.stage);
    let category = |id: &str| {
        workflow
            .programs()
            .get(&board.version.program_id)
            .and_then(|p| p.category(id))
            .map_or_else(|| id.to_owned(), |(_, c)| c.name.clone())
    };
    let store = state.store();
    let mut rows = Vec::with_capacity(board.docket.len());
    for entry in &board.docket {
        rows.push((entry, names(&store, &entry.application).await?));
    }
    let body = html! {
        p { (program) " · " (stage)
            @if board.panel.closed.is_some() { " " span.badge { "已结束评审" } } }
        @if rows.is_empty() { p.empty { "没有待评审的申报。" } }
        @else {
            table {
                thead { tr { th { "申报" } th { "申报人" } th { "单位" } th { "类别" } th { "状态" } } }
                tbody {
                    @for (entry, (applicant, unit)) in &rows {
                        tr {
                            td { a href={ "/expert/panels/" (panel) "/applications/" (entry.application.id) } { (entry.application.id) } }
                            td { (applicant) }
                            td { (unit.as_deref().unwrap_or("—")) }
                            td { (category(&entry.application.category)) }
                            td { (state_of(entry, user.caller.account)) }
                        }
                    }
                }
            }
        }
    };
    Ok(ctx.page(&format!("评审组 {panel}"), body))
}

/// The board and the application on its docket; any other application does not exist here.
async fn docketed(
    state: &AppState,
    user: &crate::auth::User,
    panel: i64,
    id: i64,
) -> Result<(PanelBoard, DocketEntry)> {
    let board = state
        .workflow()
        .panel_board(&user.caller, PanelId(panel))
        .await?;
    let entry = board
        .docket
        .iter()
        .find(|e| e.application.id == ApplicationId(id))
        .cloned()
        .ok_or_else(WebError::not_found)?;
    Ok((board, entry))
}

async fn application(
    State(state): State<AppState>,
    ctx: Ctx,
    Expert(user): Expert,
    Path((panel, id)): Path<(i64, i64)>,
) -> Result<Markup> {
    let (board, entry) = docketed(&state, &user, panel, id).await?;
    let workflow = state.workflow();
    let program = workflow
        .programs()
        .get(&board.version.program_id)
        .ok_or_else(WebError::not_found)?;
    let criteria = panel_criteria(program, &entry.application.category);
    let (applicant, unit) = names(&state.store(), &entry.application).await?;
    let recused = entry
        .recused
        .iter()
        .find(|(account, _)| *account == user.caller.account);
    let open = board.panel.closed.is_none() && recused.is_none() && !entry.voted_by_caller;
    let base = format!("/expert/panels/{panel}/applications/{id}");
    let body = html! {
        dl.facts {
            dt { "项目" } dd { (program.meta.title) }
            dt { "申报人" } dd { (applicant) }
            dt { "单位" } dd { (unit.as_deref().unwrap_or("—")) }
            dt { "状态" } dd { (state_of(&entry, user.caller.account)) }
        }
        @if open {
            div.columns {
                form.card method="post" action={ (base) "/ballot" } data-confirm="实名表决提交后不能更改，确定提交吗？" {
                    (ctx.csrf())
                    h3 { "实名表决" }
                    div.grid {
                        @for criterion in &criteria {
                            label { (criterion_label(Some(program), criterion)) "（0–" (MAX_SCORE) " 分）"
                                input type="number" name={ "score." (criterion) } min="0" max=(MAX_SCORE) required; }
                        }
                    }
                    div.actions {
                        label { input type="radio" name="vote" value="approve" required; "同意" }
                        label { input type="radio" name="vote" value="reject"; "不同意" }
                    }
                    button.primary type="submit" { "提交表决" }
                }
                form.card method="post" action={ (base) "/conflict" } data-confirm="申报回避后不再对该申报表决，确定吗？" {
                    (ctx.csrf())
                    h3 { "申报利益冲突并回避" }
                    p.hint { "与申报人有亲属、师徒、同一项目等关系的，应当回避。与申报人同单位的已自动回避。" }
                    label { "回避理由" textarea name="reason" rows="2" required {} }
                    button.danger type="submit" { "申请回避" }
                }
            }
        }
        h2 { "条件核对" }
        @match &entry.application.decision {
            Some(stored) => (decision::render(stored)),
            None => p.hint { "没有保存的条件核对结果。" },
        }
        h2 { "申报信息" }
        pre.facts { (serde_json::to_string_pretty(&entry.application.facts).unwrap_or_default()) }
    };
    Ok(ctx.page(&format!("评审：申报 {id}"), body))
}

/// The ballot as the form gives it: `vote` and a `score.<criterion>` per criterion.
fn ballot_input(form: &[(String, String)]) -> Result<BallotInput> {
    let approve = match form
        .iter()
        .find(|(k, _)| k == "vote")
        .map(|(_, v)| v.as_str())
    {
        Some("approve") => true,
        Some("reject") => false,
        _ => return Err(WebError::invalid("请选择同意或不同意")),
    };
    let scores = form
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("score.").map(|c| (c, v)))
        .map(|(criterion, value)| {
            value
                .trim()
                .parse::<u32>()
                .map(|score| (criterion.to_owned(), score))
                .map_err(|_| {
                    WebError::invalid(format!("评分须为 0–{MAX_SCORE} 的整数：{criterion}"))
                })
        })
        .collect::<Result<_>>()?;
    Ok(BallotInput { approve, scores })
}

async fn ballot(
    State(state): State<AppState>,
    headers: HeaderMap,
    Expert(user): Expert,
    Path((panel, id)): Path<(i64, i64)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response> {
    state
        .workflow()
        .cast_ballot(
            &user.caller,
            PanelId(panel),
            ApplicationId(id),
            &ballot_input(&form)?,
        )
        .await?;
    Ok(done(&headers, &format!("/expert/panels/{panel}")))
}

#[derive(Deserialize)]
struct ConflictForm {
    reason: String,
}

async fn conflict(
    State(state): State<AppState>,
    headers: HeaderMap,
    Expert(user): Expert,
    Path((panel, id)): Path<(i64, i64)>,
    Form(form): Form<ConflictForm>,
) -> Result<Response> {
    state
        .workflow()
        .declare_conflict(
            &user.caller,
            PanelId(panel),
            ApplicationId(id),
            &form.reason,
        )
        .await?;
    Ok(done(&headers, &format!("/expert/panels/{panel}")))
}
