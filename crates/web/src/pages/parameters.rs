//! The parameters each notice leaves to the bureau (`set_by = "officer"`: 306号's city average
//! wage and salary subsidies, the panels' quorum and pass threshold...), with the value in
//! force and the source it was set from. The reviewers of the bureau that runs a program set
//! them; the administrator reads them.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use jiangxin_policy::model::SetBy;
use jiangxin_workflow::parameters::runs_program;
use maud::{Markup, html};
use serde::Deserialize;

use crate::auth::{Reviewer, Staff};
use crate::error::Result;
use crate::pages::applications::done;
use crate::state::AppState;
use crate::views::Ctx;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/parameters", get(list))
        .route("/parameters/{program}/{parameter}", post(set))
}

async fn list(State(state): State<AppState>, ctx: Ctx, Staff(user): Staff) -> Result<Markup> {
    let workflow = state.workflow();
    let mut programs = Vec::new();
    for program in workflow.programs().iter() {
        let values = workflow.parameter_values(program.id()).await?;
        programs.push((program, values, runs_program(&user.caller, program)));
    }
    let body = html! {
        p.hint { "通知未写明、由经办人员按出处录入的参数。缺少时，相关条件的结论为“需人工审核”并写明缺少哪个参数。只有承办该项目的人社部门可以设定。" }
        @for (program, values, settable) in &programs {
            @let officer: Vec<_> = program.parameters.iter().filter(|p| p.set_by == SetBy::Officer).collect();
            @if !officer.is_empty() {
                section.card {
                    h2 { (program.meta.title) span.hint { "　" (program.meta.document) "，版本 " (program.meta.version) } }
                    table {
                        thead { tr { th { "参数" } th { "通知原文与出处" } th { "现行取值" } th { "取值来源" }
                            @if *settable { th { "设定" } } } }
                        tbody {
                            @for parameter in &officer {
                                @let value = values.iter().find(|v| v.parameter == parameter.id);
                                tr {
                                    td { code { (parameter.id) } }
                                    td { (parameter.cited.text) div.cite { (parameter.cited.citation) } div.hint { (parameter.source) } }
                                    td { @match value {
                                        Some(v) => { strong { (v.value) (parameter.unit.suffix_zh()) } div.hint { (v.set_at.date_naive()) " 设定" } },
                                        None => span.badge.warn { "未设定" },
                                    } }
                                    td { (value.map_or("—", |v| v.source.as_str())) }
                                    @if *settable {
                                        td {
                                            form method="post" action={ "/parameters/" (program.id()) "/" (parameter.id) } {
                                                (ctx.csrf())
                                                input name="value" required placeholder=(parameter.unit.name()) size="10";
                                                input name="source" required placeholder="来源（会议纪要、文件）";
                                                " " button type="submit" { "设定" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(ctx.page("参数", body))
}

#[derive(Deserialize)]
struct ParameterForm {
    value: String,
    source: String,
}

async fn set(
    State(state): State<AppState>,
    headers: HeaderMap,
    Reviewer(user): Reviewer,
    Path((program, parameter)): Path<(String, String)>,
    Form(form): Form<ParameterForm>,
) -> Result<Response> {
    state
        .workflow()
        .set_parameter(
            &user.caller,
            &program,
            &parameter,
            &form.value,
            &form.source,
        )
        .await?;
    Ok(done(&headers, "/parameters"))
}
