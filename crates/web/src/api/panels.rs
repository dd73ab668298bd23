//! Expert panels: a member casts a real-name ballot, with a score for every criterion the panel
//! judges, or declares a conflict of interest; the bureau that runs the panel reads the ballots
//! once it is closed. Before that no one sees them, the expert who cast one included: the
//! workflow refuses, and no endpoint here lists them.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use jiangxin_store::applications::ApplicationId;
use jiangxin_store::panels::{Ballot, PanelId};
use jiangxin_workflow::BallotInput;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Documented;
use super::extract::{JsonBody, PathParams};
use crate::auth::{Expert, Reviewer};
use crate::error::Result;
use crate::failure::Failure;
use crate::state::AppState;

pub(super) fn routes(api: Documented) -> Documented {
    api.tagged("panels")
        .route::<__path_cast, _, _>(cast)
        .route::<__path_conflict, _, _>(conflict)
        .route::<__path_ballots, _, _>(ballots)
}

/// A member's real-name ballot on one application; final once cast.
#[derive(Deserialize, ToSchema)]
pub struct BallotBody {
    pub application: i64,
    /// 同意 (true) or 不同意 (false).
    pub approve: bool,
    /// A score from 0 to 100 for every criterion the panel judges, by criterion id.
    pub scores: BTreeMap<String, u32>,
}

/// A ballot as cast.
#[derive(Serialize, ToSchema)]
pub struct BallotView {
    pub panel: i64,
    /// The expert's account: the vote is in real name.
    pub account: i64,
    pub application: i64,
    pub approve: bool,
    pub scores: BTreeMap<String, u32>,
    pub cast_at: DateTime<Utc>,
}

impl From<Ballot> for BallotView {
    fn from(ballot: Ballot) -> Self {
        Self {
            panel: ballot.panel.0,
            account: ballot.account.0,
            application: ballot.application.0,
            approve: ballot.approve,
            scores: ballot.scores,
            cast_at: ballot.cast_at,
        }
    }
}

/// A member's declaration of a conflict of interest with an application (亲属、师徒……).
#[derive(Deserialize, ToSchema)]
pub struct ConflictBody {
    pub application: i64,
    pub reason: String,
}

/// A member casts a ballot on an application at the panel's stage.
#[utoipa::path(
    post, path = "/panels/{id}/ballots",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "评审组编号")),
    request_body = BallotBody,
    responses(
        (status = 201, description = "已表决（the ballot）", body = BallotView),
        (status = 400, description = "评分不全或超出范围（scores missing or out of range）", body = Failure),
        (status = 403, description = "非评审专家（for experts only）", body = Failure),
        (status = 404, description = "不是该评审组成员，或申报不在评审中（not a member, or not on the docket）", body = Failure),
        (status = 422, description = "已回避、已表决或不在评审期（recused, already voted, or outside the window）", body = Failure),
    ),
)]
async fn cast(
    State(state): State<AppState>,
    Expert(user): Expert,
    PathParams(id): PathParams<i64>,
    JsonBody(body): JsonBody<BallotBody>,
) -> Result<(StatusCode, Json<BallotView>)> {
    let ballot = state
        .workflow()
        .cast_ballot(
            &user.caller,
            PanelId(id),
            ApplicationId(body.application),
            &BallotInput {
                approve: body.approve,
                scores: body.scores,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(ballot.into())))
}

/// A member declares a conflict of interest and is recused from the application.
#[utoipa::path(
    post, path = "/panels/{id}/conflicts",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "评审组编号")),
    request_body = ConflictBody,
    responses(
        (status = 204, description = "已回避（recused）"),
        (status = 400, description = "未填写理由（no reason）", body = Failure),
        (status = 403, description = "非评审专家（for experts only）", body = Failure),
        (status = 404, description = "不是该评审组成员，或申报不在评审中（not a member, or not on the docket）", body = Failure),
        (status = 422, description = "已表决或已回避（already voted or recused）", body = Failure),
    ),
)]
async fn conflict(
    State(state): State<AppState>,
    Expert(user): Expert,
    PathParams(id): PathParams<i64>,
    JsonBody(body): JsonBody<ConflictBody>,
) -> Result<StatusCode> {
    state
        .workflow()
        .declare_conflict(
            &user.caller,
            PanelId(id),
            ApplicationId(body.application),
            &body.reason,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The ballots of a closed panel, for the bureau that runs it.
#[utoipa::path(
    get, path = "/panels/{id}/ballots",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "评审组编号")),
    responses(
        (status = 200, description = "实名表决票（the ballots）", body = [BallotView]),
        (status = 403, description = "非办理该项目的审核人（not the bureau that runs the panel）", body = Failure),
        (status = 404, description = "没有该评审组（no such panel）", body = Failure),
        (status = 422, description = "评审组尚未结束评审（the panel is still open）", body = Failure),
    ),
)]
async fn ballots(
    State(state): State<AppState>,
    Reviewer(user): Reviewer,
    PathParams(id): PathParams<i64>,
) -> Result<Json<Vec<BallotView>>> {
    let found = state
        .workflow()
        .panel_ballots(&user.caller, PanelId(id))
        .await?;
    Ok(Json(found.into_iter().map(BallotView::from).collect()))
}
