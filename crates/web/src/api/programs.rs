//! The programs as the public reads them, and the eligibility check: both open to anyone, like
//! the program pages, since they show only the notices' own rules.

use axum::Json;
use axum::extract::{Path, State};
use chrono::NaiveDate;
use jiangxin_policy::Program;
use jiangxin_workflow::Decision;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use super::Documented;
use super::extract::JsonBody;
use crate::catalog::{self, Intake};
use crate::error::{Result, WebError};
use crate::failure::Failure;
use crate::state::AppState;

pub(super) fn routes(api: Documented) -> Documented {
    api.tagged("programs")
        .route::<__path_list, _, _>(list)
        .route::<__path_show, _, _>(show)
        .route::<__path_check, _, _>(check)
}

/// A category of a program and whether it takes applications today.
#[derive(Serialize, ToSchema)]
pub struct CategorySummary {
    pub id: String,
    pub name: String,
    /// Whether the category takes new applications today.
    pub open: bool,
    /// Why not, when it does not.
    pub closed_reason: Option<String>,
    /// When its first stage runs, in the program file's words.
    pub timing: Option<String>,
}

/// A program as the list of programs shows it.
#[derive(Serialize, ToSchema)]
pub struct ProgramSummary {
    pub id: String,
    pub title: String,
    /// 文号
    pub document: String,
    pub issuer: String,
    pub issued_on: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    /// Whether any of its categories takes applications today.
    pub open: bool,
    pub categories: Vec<CategorySummary>,
}

/// A condition of a category, with the notice's words.
#[derive(Serialize, ToSchema)]
pub struct CriterionView {
    /// 条件、排除情形、加分项……, in Chinese.
    pub kind: String,
    pub label: String,
    pub citation: String,
    /// The notice's text.
    pub text: String,
    pub interpretation: Option<String>,
}

/// A category with its conditions.
#[derive(Serialize, ToSchema)]
pub struct CategoryDetail {
    #[serde(flatten)]
    pub summary: CategorySummary,
    pub citation: String,
    pub criteria: Vec<CriterionView>,
}

/// A quota, with its limit in force today.
#[derive(Serialize, ToSchema)]
pub struct QuotaView {
    pub text: String,
    pub citation: String,
}

/// A stage of the program's procedure.
#[derive(Serialize, ToSchema)]
pub struct StageView {
    pub id: String,
    pub name: String,
    /// Who acts, in Chinese.
    pub actor: String,
    pub alternative_actor: Option<String>,
    pub timing: String,
    pub citation: String,
}

/// A program with its categories, conditions, quotas and procedure.
#[derive(Serialize, ToSchema)]
pub struct ProgramDetail {
    pub id: String,
    pub title: String,
    pub document: String,
    pub document_title: String,
    pub issuer: String,
    pub issued_on: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    pub categories: Vec<CategoryDetail>,
    pub quotas: Vec<QuotaView>,
    pub stages: Vec<StageView>,
}

/// Facts to check against a category, in the shape of `jiangxin check --facts`.
#[derive(Deserialize, ToSchema)]
pub struct Check {
    pub program_id: String,
    pub category: String,
    /// `{"person": {...}, "unit": {...}, ...}` as `examples/facts/` shows.
    #[schema(value_type = Object)]
    pub facts: Value,
}

fn category_summary(program: &Program, id: &str, name: &str, today: NaiveDate) -> CategorySummary {
    let (stage, intake) = catalog::intake(program, id, today);
    let (open, closed_reason) = match intake {
        Intake::Open => (true, None),
        Intake::Closed(reason) => (false, Some(reason)),
    };
    CategorySummary {
        id: id.to_owned(),
        name: name.to_owned(),
        open,
        closed_reason,
        timing: stage.map(catalog::timing),
    }
}

/// Every program published, with what takes applications today.
#[utoipa::path(
    get, path = "/programs",
    responses((status = 200, description = "项目列表（the programs）", body = [ProgramSummary])),
)]
async fn list(State(state): State<AppState>) -> Json<Vec<ProgramSummary>> {
    let workflow = state.workflow();
    let today = state.today();
    Json(
        workflow
            .programs()
            .iter()
            .map(|program| ProgramSummary {
                id: program.id().to_owned(),
                title: program.meta.title.clone(),
                document: program.meta.document.clone(),
                issuer: program.meta.issuer.clone(),
                issued_on: program.meta.issued_on,
                valid_until: program.meta.valid_until,
                open: catalog::is_open(program, today),
                categories: program
                    .categories
                    .iter()
                    .map(|c| category_summary(program, &c.id, &c.name, today))
                    .collect(),
            })
            .collect(),
    )
}

/// A program: its categories with their conditions and the notice's words, its quotas with the
/// limits in force today, and its procedure.
#[utoipa::path(
    get, path = "/programs/{id}",
    params(("id" = String, Path, description = "项目编号，如 dalian-craftsman-2021")),
    responses(
        (status = 200, description = "项目（the program）", body = ProgramDetail),
        (status = 404, description = "没有该项目（no such program）", body = Failure),
    ),
)]
async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ProgramDetail>> {
    let workflow = state.workflow();
    let today = state.today();
    let program = workflow
        .programs()
        .get(&id)
        .ok_or_else(WebError::not_found)?;
    let values = workflow.parameter_values(&id).await?;
    let categories = program
        .categories
        .iter()
        .map(|category| CategoryDetail {
            summary: category_summary(program, &category.id, &category.name, today),
            citation: category.citation.clone(),
            criteria: category
                .criteria
                .iter()
                .map(|index| {
                    let criterion = &program.criteria[*index];
                    CriterionView {
                        kind: criterion.kind.name_zh().to_owned(),
                        label: criterion.label.clone(),
                        citation: criterion.cited.citation.clone(),
                        text: criterion.cited.text.clone(),
                        interpretation: criterion.cited.interpretation.clone(),
                    }
                })
                .collect(),
        })
        .collect();
    Ok(Json(ProgramDetail {
        id: program.id().to_owned(),
        title: program.meta.title.clone(),
        document: program.meta.document.clone(),
        document_title: program.meta.document_title.clone(),
        issuer: program.meta.issuer.clone(),
        issued_on: program.meta.issued_on,
        valid_until: program.meta.valid_until,
        categories,
        quotas: catalog::quotas(program, &values, today)
            .into_iter()
            .map(|quota| QuotaView {
                text: quota.text,
                citation: quota.citation,
            })
            .collect(),
        stages: program
            .stages
            .iter()
            .map(|stage| StageView {
                id: stage.id.clone(),
                name: stage.name.clone(),
                actor: stage.actor.name_zh().to_owned(),
                alternative_actor: stage.alternative_actor.map(|a| a.name_zh().to_owned()),
                timing: catalog::timing(stage),
                citation: stage.cited.citation.clone(),
            })
            .collect(),
    }))
}

/// What the eligibility check says of the facts, today and with the parameters the bureau has
/// set: the outcome, each criterion with its result, reason and citation, what would have to
/// change, what is missing, and the benefits. Nothing is stored.
#[utoipa::path(
    post, path = "/check",
    request_body = Check,
    responses(
        (status = 200, description = "条件核对结果，同 `jiangxin check --json`（the explained decision）", body = Object),
        (status = 400, description = "项目或事实无效（no such program, or facts that do not parse）", body = Failure),
        (status = 422, description = "无法按该类别核对（the category cannot be checked）", body = Failure),
    ),
)]
async fn check(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<Check>,
) -> Result<Json<Decision>> {
    let decision = state
        .workflow()
        .preview(&body.program_id, &body.category, &body.facts)
        .await?;
    Ok(Json(decision))
}
