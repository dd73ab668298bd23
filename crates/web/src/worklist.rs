//! Applications as lists show them: where each stands, who acts next, by when, and the last
//! reason given. Shared by the unit's, the individual's and the reviewers' lists and the API.

use chrono::NaiveDate;
use jiangxin_policy::Program;
use jiangxin_policy::stages::Stage;
use jiangxin_store::applications::Application;
use jiangxin_store::{Store, persons, programs, units};
use jiangxin_workflow::position::last_day;
use jiangxin_workflow::{Caller, Position, may_act};
use maud::{Markup, html};
use serde::Serialize;

use crate::error::Result;
use crate::state::AppState;

/// One application with what a list says of it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Row {
    pub id: i64,
    pub program_id: String,
    pub program_title: String,
    pub category: String,
    pub category_name: String,
    /// The applicant's name, or the unit's for a unit's own application.
    pub applicant: String,
    pub unit: Option<String>,
    /// `draft`, `at:<stage>`, `returned:<stage>`, `rejected:<stage>` or `completed`.
    pub stage: String,
    /// Where it stands, in Chinese.
    pub stage_name: String,
    /// Who acts next, in Chinese.
    pub next_actor: Option<String>,
    /// The last day of the current stage's window or its deadline.
    pub due: Option<NaiveDate>,
    pub overdue: bool,
    /// Whether the caller's role acts for the current stage.
    pub mine: bool,
    /// The last reason or note recorded in its history.
    pub last_note: Option<String>,
}

/// The stage an application waits at, if it waits at one.
pub fn current_stage<'p>(program: &'p Program, position: &Position) -> Option<&'p Stage> {
    match position {
        Position::At(id) => program.stages.iter().find(|s| &s.id == id),
        _ => None,
    }
}

/// Whether `caller`'s role acts for `stage`.
pub fn acts_for(caller: &Caller, stage: &Stage) -> bool {
    may_act(caller.role, stage.actor)
        || stage
            .alternative_actor
            .is_some_and(|alt| may_act(caller.role, alt))
}

/// The rows of the applications the caller may see.
pub async fn rows(state: &AppState, caller: &Caller) -> Result<Vec<Row>> {
    let workflow = state.workflow();
    let applications = workflow.visible_applications(caller).await?;
    let versions = programs::list(workflow.store()).await?;
    let today = state.today();
    let mut rows = Vec::with_capacity(applications.len());
    for application in applications {
        let Some(program) = versions
            .iter()
            .find(|v| v.id == application.program_version)
            .and_then(|v| workflow.programs().get(&v.program_id))
        else {
            continue;
        };
        rows.push(row(state, caller, program, &application, today).await?);
    }
    Ok(rows)
}

/// The row of one application the caller may see, under its published program.
pub async fn row(
    state: &AppState,
    caller: &Caller,
    program: &Program,
    application: &Application,
    today: NaiveDate,
) -> Result<Row> {
    let (applicant, unit) = names(&state.store(), application).await?;
    let position = Position::parse(&application.stage)?;
    let stage = current_stage(program, &position);
    let due = stage.and_then(last_day);
    let history = state.workflow().history(caller, application.id).await?;
    Ok(Row {
        id: application.id.0,
        program_id: program.id().to_owned(),
        program_title: program.meta.title.clone(),
        category: application.category.clone(),
        category_name: program
            .category(&application.category)
            .map_or_else(|| application.category.clone(), |(_, c)| c.name.clone()),
        applicant,
        unit,
        stage: application.stage.clone(),
        stage_name: position.name_zh(program),
        next_actor: stage.map(|s| s.actor.name_zh().to_owned()),
        due,
        overdue: due.is_some_and(|d| today > d),
        mine: stage.is_some_and(|s| acts_for(caller, s)),
        last_note: history.iter().rev().find_map(|e| e.note.clone()),
    })
}

/// The applicant's name (the unit's for a unit's own application) and the unit's name.
pub async fn names(store: &Store, application: &Application) -> Result<(String, Option<String>)> {
    let unit = match application.unit {
        Some(unit) => Some(units::get(store, unit).await?.name),
        None => None,
    };
    let applicant = match application.applicant {
        Some(person) => persons::get(store, person).await?.name,
        None => unit.clone().unwrap_or_default(),
    };
    Ok((applicant, unit))
}

/// The table of rows.
pub fn table(rows: &[Row]) -> Markup {
    html! {
        @if rows.is_empty() {
            p.empty { "没有申报。" }
        } @else {
            table {
                thead { tr { th { "编号" } th { "项目 / 类别" } th { "申报人" } th { "单位" } th { "当前环节" } th { "办理时限" } th { "最近意见" } } }
                tbody {
                    @for row in rows {
                        tr.overdue[row.overdue] {
                            td { a href={ "/applications/" (row.id) } { (row.id) } }
                            td { (row.program_title) div.hint { (row.category_name) } }
                            td { (row.applicant) }
                            td { (row.unit.as_deref().unwrap_or("—")) }
                            td { (row.stage_name)
                                @if let Some(actor) = &row.next_actor { div.hint { "由" (actor) "办理" } } }
                            td { @match row.due {
                                    Some(due) => { (due) @if row.overdue { " " span.badge.err { "已逾期" } } },
                                    None => "—",
                                } }
                            td { (row.last_note.as_deref().unwrap_or("—")) }
                        }
                    }
                }
            }
        }
    }
}
