//! Public notices (公示), open to anyone: the notices running, each one's list (name, unit,
//! masked ID number) and window, and objections, which the bureau's intake desk records with a
//! receipt number, as with the public form.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use jiangxin_store::applications::ApplicationId;
use jiangxin_store::notices::{Notice, NoticeId};
use jiangxin_store::programs;
use jiangxin_workflow::{ObjectionInput, Workflow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Documented;
use super::extract::{JsonBody, PathParams};
use crate::error::Result;
use crate::failure::Failure;
use crate::state::AppState;

pub(super) fn routes(api: Documented) -> Documented {
    api.tagged("notices")
        .route::<__path_list, _, _>(list)
        .route::<__path_show, _, _>(show)
        .route::<__path_object, _, _>(object)
}

/// A notice and its window.
#[derive(Serialize, ToSchema)]
pub struct NoticeSummary {
    pub id: i64,
    pub program_id: String,
    pub program_title: String,
    pub stage: String,
    pub stage_name: String,
    pub published_on: NaiveDate,
    /// The window's last day, included.
    pub last_day: NaiveDate,
    /// Whether objections are received today.
    pub open_for_objections: bool,
}

/// One line of a notice's list, as published.
#[derive(Serialize, ToSchema)]
pub struct EntryView {
    /// The application's number, which an objection names.
    pub application: i64,
    pub name: String,
    pub unit_name: Option<String>,
    /// The ID number with its middle eight digits hidden.
    pub masked_id: Option<String>,
}

/// A notice with its list.
#[derive(Serialize, ToSchema)]
pub struct NoticeView {
    #[serde(flatten)]
    pub summary: NoticeSummary,
    pub closed: bool,
    pub entries: Vec<EntryView>,
}

/// An objection, in the objector's real name (实名).
#[derive(Deserialize, ToSchema)]
pub struct ObjectionBody {
    /// The listed application objected to.
    pub application: i64,
    /// 异议人姓名
    pub name: String,
    /// How to reach the objector with the result (telephone or address).
    pub contact: String,
    pub reason: String,
}

/// What the objector keeps.
#[derive(Serialize, ToSchema)]
pub struct Receipt {
    /// 回执编号, e.g. `GS-0001-000001`.
    pub receipt: String,
    pub received_on: NaiveDate,
    /// When the investigation is due, where the program gives a period for it.
    pub investigation_due: Option<NaiveDate>,
}

async fn summary(workflow: &Workflow, notice: &Notice, today: NaiveDate) -> Result<NoticeSummary> {
    let version = programs::get(workflow.store(), notice.program_version).await?;
    let program = workflow.programs().get(&version.program_id);
    let stage_name = program
        .and_then(|p| p.stages.iter().find(|s| s.id == notice.stage))
        .map_or_else(|| notice.stage.clone(), |s| s.name.clone());
    Ok(NoticeSummary {
        id: notice.id.0,
        program_title: program.map_or_else(|| version.program_id.clone(), |p| p.meta.title.clone()),
        program_id: version.program_id,
        stage: notice.stage.clone(),
        stage_name,
        published_on: notice.published_on,
        last_day: notice.last_day,
        open_for_objections: notice.closed.is_none()
            && (notice.published_on..=notice.last_day).contains(&today),
    })
}

/// The notices running now, oldest first.
#[utoipa::path(
    get, path = "/notices",
    responses((status = 200, description = "正在公示的名单（the notices running）", body = [NoticeSummary])),
)]
async fn list(State(state): State<AppState>) -> Result<Json<Vec<NoticeSummary>>> {
    let workflow = state.workflow();
    let today = state.today();
    let mut found = Vec::new();
    for notice in workflow.running_notices().await? {
        found.push(summary(&workflow, &notice, today).await?);
    }
    Ok(Json(found))
}

/// A notice with its list: names, units and masked ID numbers.
#[utoipa::path(
    get, path = "/notices/{id}",
    params(("id" = i64, Path, description = "公示编号")),
    responses(
        (status = 200, description = "公示名单（the notice）", body = NoticeView),
        (status = 404, description = "没有该公示（no such notice）", body = Failure),
    ),
)]
async fn show(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
) -> Result<Json<NoticeView>> {
    let workflow = state.workflow();
    let (notice, entries) = workflow.public_notice(NoticeId(id)).await?;
    Ok(Json(NoticeView {
        summary: summary(&workflow, &notice, state.today()).await?,
        closed: notice.closed.is_some(),
        entries: entries
            .into_iter()
            .map(|e| EntryView {
                application: e.application.0,
                name: e.name,
                unit_name: e.unit_name,
                masked_id: e.masked_id,
            })
            .collect(),
    }))
}

/// Lodges an objection to a listed application within the notice's window; the answer is the
/// receipt the objector keeps.
#[utoipa::path(
    post, path = "/notices/{id}/objections",
    params(("id" = i64, Path, description = "公示编号")),
    request_body = ObjectionBody,
    responses(
        (status = 201, description = "已受理（the receipt）", body = Receipt),
        (status = 400, description = "未填姓名、联系方式或理由，或申报不在名单中（missing fields, or not listed）", body = Failure),
        (status = 404, description = "没有该公示（no such notice）", body = Failure),
        (status = 422, description = "不在公示期内（outside the window）", body = Failure),
    ),
)]
async fn object(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
    JsonBody(body): JsonBody<ObjectionBody>,
) -> Result<(StatusCode, Json<Receipt>)> {
    let workflow = state.workflow();
    let intake = workflow.caller(state.intake).await?;
    let objection = workflow
        .receive_objection(
            &intake,
            NoticeId(id),
            ApplicationId(body.application),
            &ObjectionInput {
                name: body.name,
                contact: body.contact,
                reason: body.reason,
            },
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(Receipt {
            receipt: objection.receipt(),
            received_on: objection.received_on,
            investigation_due: objection.investigation_due,
        }),
    ))
}
