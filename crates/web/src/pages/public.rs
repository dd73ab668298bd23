//! Pages for everyone, signed in or not: the programs taking applications now, each program's
//! notice, conditions, quotas and stages.

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use jiangxin_policy::Program;
use maud::{Markup, html};

use crate::catalog::{self, Intake};
use crate::error::{Result, WebError};
use crate::state::AppState;
use crate::views::{Ctx, date_or_dash, multiline};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/programs/{id}", get(program_page))
}

async fn home(State(state): State<AppState>, ctx: Ctx) -> Markup {
    let workflow = state.workflow();
    let (open, other): (Vec<&Program>, Vec<&Program>) = workflow
        .programs()
        .iter()
        .partition(|p| catalog::is_open(p, ctx.today));
    let body = html! {
        section {
            h2 { "正在受理申报的项目" }
            @if open.is_empty() {
                p.empty { "今天没有正在受理申报的项目。" }
            } @else {
                (program_table(&open, &ctx))
            }
        }
        section {
            h2 { "其他项目" }
            (program_table(&other, &ctx))
        }
    };
    ctx.page("技能人才项目", body)
}

fn program_table(programs: &[&Program], ctx: &Ctx) -> Markup {
    html! {
        table {
            thead { tr { th { "项目" } th { "文号" } th { "申报类别" } th { "申报时间" } th { "有效期至" } } }
            tbody {
                @for program in programs {
                    tr {
                        td { a href={ "/programs/" (program.id()) } { (program.meta.title) } }
                        td { (program.meta.document) }
                        td {
                            @for category in &program.categories {
                                div { (category.name) }
                            }
                        }
                        td {
                            @for category in &program.categories {
                                @let (stage, intake) = catalog::intake(program, &category.id, ctx.today);
                                div {
                                    @if let Some(stage) = stage { (catalog::timing(stage)) " " }
                                    @match intake {
                                        Intake::Open => span.badge.ok { "受理中" },
                                        Intake::Closed(_) => span.badge { "未在受理" },
                                    }
                                }
                            }
                        }
                        td { (date_or_dash(program.meta.valid_until)) }
                    }
                }
            }
        }
    }
}

async fn program_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Markup> {
    let workflow = state.workflow();
    let program = workflow
        .programs()
        .get(&id)
        .ok_or_else(WebError::not_found)?;
    let values = workflow.parameter_values(&id).await?;
    let body = html! {
        dl.facts {
            dt { "文号" } dd { (program.meta.document) }
            dt { "文件" } dd { (program.meta.document_title) }
            dt { "发文单位" } dd { (program.meta.issuer) }
            dt { "发文日期" } dd { (date_or_dash(program.meta.issued_on)) }
            dt { "有效期至" } dd { (date_or_dash(program.meta.valid_until)) }
        }
        @if ctx.role().is_some() && program.documents.as_ref().is_some_and(|d| d.summary.is_some()) { p { a.button href={ "/programs/" (program.id()) "/summary.xlsx" } { "导出 Excel（汇总表）" } } }
        h2 { "申报类别与条件" }
        @for category in &program.categories {
            @let (_, intake) = catalog::intake(program, &category.id, ctx.today);
            section.card {
                h3 { (category.name) " "
                    @match &intake {
                        Intake::Open => span.badge.ok { "受理中" },
                        Intake::Closed(_) => span.badge { "未在受理" },
                    }
                }
                @if let Intake::Closed(reason) = &intake { p.hint { (reason) } }
                @if matches!(intake, Intake::Open) && ctx.role().is_some() {
                    p { a.button.primary href={ "/apply/" (program.id()) "/" (category.id) } { "填写申报" } }
                }
                p.cite { "依据：" (category.citation) }
                ul.criteria {
                    @for index in &category.criteria {
                        @let criterion = &program.criteria[*index];
                        li {
                            span.kind { (criterion.kind.name_zh()) } " " (criterion.label)
                            details {
                                summary { (criterion.cited.citation) }
                                p.quote { (multiline(&criterion.cited.text)) }
                                @if let Some(note) = &criterion.cited.interpretation { p.hint { "解释：" (note) } }
                            }
                        }
                    }
                }
            }
        }
        h2 { "名额" }
        @let quotas = catalog::quotas(program, &values, ctx.today);
        @if quotas.is_empty() { p.empty { "通知未规定名额。" } }
        ul {
            @for quota in &quotas {
                li { (quota.text) span.cite { "　依据：" (quota.citation) } }
            }
        }
        h2 { "办理程序" }
        table {
            thead { tr { th { "阶段" } th { "办理" } th { "时间" } th { "依据" } } }
            tbody {
                @for stage in &program.stages {
                    tr {
                        td { (stage.name) }
                        td { (stage.actor.name_zh())
                            @if let Some(alt) = stage.alternative_actor { "或" (alt.name_zh()) } }
                        td { (catalog::timing(stage)) }
                        td.cite { (stage.cited.citation)
                            details { summary { "原文" } p.quote { (multiline(&stage.cited.text)) } } }
                    }
                }
            }
        }
    };
    Ok(ctx.page(&program.meta.title, body))
}
