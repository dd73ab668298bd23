//! Applications: the applicant's side creates a draft, edits its facts and submits with the
//! commitment; the unit recommends; reviewers record consultations and decide each stage with a
//! reason. Every act is one workflow call made as the signed-in caller, behind the same role
//! extractor as its page; an application outside the caller's scope is 404.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use jiangxin_domain::id_number::ResidentId;
use jiangxin_domain::phone::Phone;
use jiangxin_policy::Program;
use jiangxin_store::applications::{Application, ApplicationId};
use jiangxin_store::consultations::{Consultation, ConsultationResult};
use jiangxin_store::programs;
use jiangxin_workflow::{
    ConsultationInput, NewDraft, NoticeRecord, Position, RecommendationInput, ReviewVerdict,
    Workflow,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use super::Documented;
use super::extract::{JsonBody, PathParams};
use crate::applicants::{self, NamedPerson};
use crate::auth::{Applicant, CaseReader, Reviewer, SignedInUser, UnitOfficer, User};
use crate::error::{Result, WebError};
use crate::facts_form;
use crate::failure::Failure;
use crate::state::AppState;
use crate::worklist::{self, Row};

pub(super) fn routes(api: Documented) -> Documented {
    api.tagged("applications")
        .route::<__path_create, _, _>(create)
        .route::<__path_list, _, _>(list)
        .route::<__path_show, _, _>(show)
        .route::<__path_edit, _, _>(edit)
        .route::<__path_submit, _, _>(submit)
        .route::<__path_recommend, _, _>(recommend)
        .route::<__path_self_recommend, _, _>(self_recommend)
        .route::<__path_review, _, _>(review)
        .route::<__path_consult, _, _>(consult)
        .route::<__path_consultations, _, _>(consultations)
        .route::<__path_history, _, _>(history)
}

/// The person a unit officer applies for. Left out by an individual, who applies as themself,
/// and for a unit's own application where the category names no person.
#[derive(Deserialize, ToSchema)]
pub struct ApplicantBody {
    /// 身份证号码 (18 digits, or the legacy 15), checked when read.
    #[schema(value_type = String, example = "210202197503011233")]
    pub id_number: ResidentId,
    /// 姓名: needed the first time the person is named.
    pub name: Option<String>,
    /// 联系电话
    #[schema(value_type = Option<String>)]
    pub phone: Option<Phone>,
}

/// A new draft.
#[derive(Deserialize, ToSchema)]
pub struct NewApplication {
    pub program_id: String,
    pub category: String,
    pub applicant: Option<ApplicantBody>,
    /// The declared facts, in the shape of `jiangxin check --facts`. The birth date and gender
    /// are taken from the applicant's ID number and the unit's name, type and credit code from
    /// its record.
    #[schema(value_type = Object)]
    pub facts: Value,
}

/// An application as its parties see it.
#[derive(Serialize, ToSchema)]
pub struct ApplicationView {
    #[serde(flatten)]
    pub summary: Row,
    /// The applicant's ID number with its middle digits hidden.
    pub masked_id: Option<String>,
    /// Pass it back with the next change, so that a change made meanwhile is not overwritten.
    pub row_version: i64,
    #[schema(value_type = Object)]
    pub facts: Value,
    /// The eligibility decision stored when it was submitted.
    #[schema(value_type = Option<Object>)]
    pub decision: Option<Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// New facts for a draft, or for an application returned for correction.
#[derive(Deserialize, ToSchema)]
pub struct FactsEdit {
    pub row_version: i64,
    #[schema(value_type = Object)]
    pub facts: Value,
}

/// Submission with the applicant's commitment (承诺).
#[derive(Deserialize, ToSchema)]
pub struct Submission {
    pub row_version: i64,
    /// The commitment's text, as signed.
    pub commitment: String,
}

/// The unit-internal notice the stage requires (201号): the day it was posted and how many
/// staff representatives signed its result.
#[derive(Deserialize, ToSchema)]
pub struct UnitNotice {
    pub published_on: NaiveDate,
    pub staff_representatives: u32,
}

/// A unit's recommendation.
#[derive(Deserialize, ToSchema)]
pub struct Recommendation {
    pub row_version: i64,
    /// The candidate's place in the unit's list, 1 first.
    pub rank: u32,
    pub unit_notice: Option<UnitNotice>,
    /// Why the unit recommends more than a soft cap allows.
    pub over_cap_reason: Option<String>,
}

/// Only the version: for acts that carry nothing else.
#[derive(Deserialize, ToSchema)]
pub struct Version {
    pub row_version: i64,
}

/// A reviewer's decision on the stage.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// 通过
    Pass,
    /// 退回修改
    Return,
    /// 不通过
    Reject,
}

/// A review with its reason, which the applicant reads.
#[derive(Deserialize, ToSchema)]
pub struct Review {
    pub row_version: i64,
    pub verdict: Verdict,
    pub reason: String,
}

/// What a consulted body or list answered.
#[derive(Deserialize, Serialize, ToSchema)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Answer {
    /// Nothing on record.
    Clear,
    /// Something on record; `finding` names the marking it establishes (e.g. `失信被执行人`).
    Adverse {
        detail: String,
        finding: Option<String>,
    },
}

/// A consulted body's answer, as the officer who received it records it.
#[derive(Deserialize, ToSchema)]
pub struct ConsultationBody {
    /// The body or list, as the stage names it (e.g. `同级工会`).
    pub source: String,
    pub queried_on: NaiveDate,
    #[serde(flatten)]
    pub answer: Answer,
}

/// A recorded consultation.
#[derive(Serialize, ToSchema)]
pub struct ConsultationView {
    pub source: String,
    pub stage: String,
    pub queried_on: NaiveDate,
    #[serde(flatten)]
    pub answer: Answer,
}

/// One entry of an application's history.
#[derive(Serialize, ToSchema)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    /// `create`, `submit`, `review.pass`, `notice.objection`...
    pub action: String,
    pub from_stage: String,
    pub to_stage: String,
    /// Where it went, in Chinese.
    pub to_stage_name: String,
    /// The reason or commitment recorded.
    pub note: Option<String>,
}

/// The published program an application was made under.
async fn program_of<'w>(workflow: &'w Workflow, application: &Application) -> Result<&'w Program> {
    let version = programs::get(workflow.store(), application.program_version).await?;
    workflow
        .programs()
        .get(&version.program_id)
        .ok_or_else(WebError::not_found)
}

async fn view(state: &AppState, user: &User, application: Application) -> Result<ApplicationView> {
    let workflow = state.workflow();
    let program = program_of(&workflow, &application).await?;
    let summary = worklist::row(state, &user.caller, program, &application, state.today()).await?;
    let (person, _) = applicants::parties(state, &application).await?;
    Ok(ApplicationView {
        summary,
        masked_id: person.map(|p| p.id_number.masked()),
        row_version: application.row_version,
        facts: application.facts,
        decision: application.decision,
        created_at: application.created_at,
        updated_at: application.updated_at,
    })
}

/// Facts must be a JSON object of sections, which the server completes with what it knows.
fn facts_object(facts: Value) -> Result<Value> {
    if facts.is_object() {
        Ok(facts)
    } else {
        Err(WebError::invalid(
            "facts 须为 JSON 对象，如 {\"person\": {...}}（facts must be a JSON object）",
        ))
    }
}

/// Creates a draft for the caller's unit or the caller themself.
#[utoipa::path(
    post, path = "/applications",
    security(("bearer" = [])),
    request_body = NewApplication,
    responses(
        (status = 201, description = "已创建草稿（the draft）", body = ApplicationView),
        (status = 400, description = "请求无效（invalid request）", body = Failure),
        (status = 401, description = "未登录（not signed in）", body = Failure),
        (status = 403, description = "该角色不能申报此类别（the role does not apply in the category）", body = Failure),
    ),
)]
async fn create(
    State(state): State<AppState>,
    Applicant(user): Applicant,
    JsonBody(body): JsonBody<NewApplication>,
) -> Result<(StatusCode, Json<ApplicationView>)> {
    let facts = facts_object(body.facts)?;
    let named = body.applicant.map(|a| NamedPerson {
        id_number: a.id_number,
        name: a.name,
        phone: a.phone,
    });
    let person = applicants::applicant(&state, &user, named).await?;
    let unit = applicants::caller_unit(&state, &user).await?;
    let draft = NewDraft {
        program_id: body.program_id,
        category: body.category,
        applicant: person.as_ref().map(|p| p.id),
        unit: unit.as_ref().map(|u| u.id),
        facts: facts_form::with_known(facts, person.as_ref(), unit.as_ref()),
    };
    let application = state.workflow().create_draft(&user.caller, &draft).await?;
    Ok((
        StatusCode::CREATED,
        Json(view(&state, &user, application).await?),
    ))
}

/// The applications the caller may see, newest first, with where each stands and by when.
#[utoipa::path(
    get, path = "/applications",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "申报列表（the applications）", body = [Row]),
        (status = 401, description = "未登录（not signed in）", body = Failure),
        (status = 403, description = "专家与系统管理员不经此查看申报（not for experts and administrators）", body = Failure),
    ),
)]
async fn list(
    State(state): State<AppState>,
    CaseReader(user): CaseReader,
) -> Result<Json<Vec<Row>>> {
    Ok(Json(worklist::rows(&state, &user.caller).await?))
}

/// An application.
#[utoipa::path(
    get, path = "/applications/{id}",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "申报编号")),
    responses(
        (status = 200, description = "申报（the application）", body = ApplicationView),
        (status = 401, description = "未登录（not signed in）", body = Failure),
        (status = 404, description = "没有该申报，或不在调用者的范围内（no such application in the caller's scope）", body = Failure),
    ),
)]
async fn show(
    State(state): State<AppState>,
    CaseReader(user): CaseReader,
    PathParams(id): PathParams<i64>,
) -> Result<Json<ApplicationView>> {
    let application = state
        .workflow()
        .application(&user.caller, ApplicationId(id))
        .await?;
    Ok(Json(view(&state, &user, application).await?))
}

/// Replaces the facts of a draft or of an application returned for correction.
#[utoipa::path(
    patch, path = "/applications/{id}",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "申报编号")),
    request_body = FactsEdit,
    responses(
        (status = 200, description = "已修改（the application）", body = ApplicationView),
        (status = 404, description = "没有该申报（no such application in scope）", body = Failure),
        (status = 409, description = "申报已被他人修改（changed meanwhile）", body = Failure),
        (status = 422, description = "该环节不能修改（not editable at its stage）", body = Failure),
    ),
)]
async fn edit(
    State(state): State<AppState>,
    Applicant(user): Applicant,
    PathParams(id): PathParams<i64>,
    JsonBody(body): JsonBody<FactsEdit>,
) -> Result<Json<ApplicationView>> {
    let workflow = state.workflow();
    let id = ApplicationId(id);
    let current = workflow.application(&user.caller, id).await?;
    let (person, unit) = applicants::parties(&state, &current).await?;
    let facts = facts_form::with_known(facts_object(body.facts)?, person.as_ref(), unit.as_ref());
    let updated = workflow
        .edit_facts(&user.caller, id, body.row_version, facts)
        .await?;
    Ok(Json(view(&state, &user, updated).await?))
}

/// Submits a draft, or resubmits a returned application, with the applicant's commitment. The
/// eligibility check runs now; an ineligible application is refused with what would have to
/// change.
#[utoipa::path(
    post, path = "/applications/{id}/submit",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "申报编号")),
    request_body = Submission,
    responses(
        (status = 200, description = "已提交（the application）", body = ApplicationView),
        (status = 400, description = "未填写承诺（no commitment）", body = Failure),
        (status = 404, description = "没有该申报（no such application in scope）", body = Failure),
        (status = 409, description = "申报已被他人修改（changed meanwhile）", body = Failure),
        (status = 422, description = "不在受理期或不符合条件（closed, or not eligible）", body = Failure),
    ),
)]
async fn submit(
    State(state): State<AppState>,
    Applicant(user): Applicant,
    PathParams(id): PathParams<i64>,
    JsonBody(body): JsonBody<Submission>,
) -> Result<Json<ApplicationView>> {
    let updated = state
        .workflow()
        .submit(
            &user.caller,
            ApplicationId(id),
            body.row_version,
            &body.commitment,
        )
        .await?;
    Ok(Json(view(&state, &user, updated).await?))
}

/// The unit recommends its candidate, with its rank and, where the stage requires one, the
/// unit-internal notice.
#[utoipa::path(
    post, path = "/applications/{id}/recommend",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "申报编号")),
    request_body = Recommendation,
    responses(
        (status = 200, description = "已推荐（the application）", body = ApplicationView),
        (status = 403, description = "非单位经办人（for unit officers）", body = Failure),
        (status = 404, description = "没有该申报（no such application in scope）", body = Failure),
        (status = 422, description = "公示未满、名额已满或意见未回（refused by the program's rules）", body = Failure),
    ),
)]
async fn recommend(
    State(state): State<AppState>,
    UnitOfficer(user): UnitOfficer,
    PathParams(id): PathParams<i64>,
    JsonBody(body): JsonBody<Recommendation>,
) -> Result<Json<ApplicationView>> {
    let input = RecommendationInput {
        rank: body.rank,
        notice: body.unit_notice.map(|n| NoticeRecord {
            published_on: n.published_on,
            staff_representatives: n.staff_representatives,
        }),
        over_cap_reason: body.over_cap_reason.filter(|r| !r.trim().is_empty()),
    };
    let updated = state
        .workflow()
        .recommend(&user.caller, ApplicationId(id), body.row_version, &input)
        .await?;
    Ok(Json(view(&state, &user, updated).await?))
}

/// An individual recommends themself where the program allows self-application.
#[utoipa::path(
    post, path = "/applications/{id}/self-recommend",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "申报编号")),
    request_body = Version,
    responses(
        (status = 200, description = "已自荐（the application）", body = ApplicationView),
        (status = 403, description = "该环节不由个人办理（not the individual's stage）", body = Failure),
        (status = 404, description = "没有该申报（no such application in scope）", body = Failure),
    ),
)]
async fn self_recommend(
    State(state): State<AppState>,
    Applicant(user): Applicant,
    PathParams(id): PathParams<i64>,
    JsonBody(body): JsonBody<Version>,
) -> Result<Json<ApplicationView>> {
    let updated = state
        .workflow()
        .self_recommend(&user.caller, ApplicationId(id), body.row_version)
        .await?;
    Ok(Json(view(&state, &user, updated).await?))
}

/// A reviewer passes, returns or rejects the stage, with the reason the applicant reads.
#[utoipa::path(
    post, path = "/applications/{id}/review",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "申报编号")),
    request_body = Review,
    responses(
        (status = 200, description = "已审核（the application）", body = ApplicationView),
        (status = 400, description = "未填写理由（no reason）", body = Failure),
        (status = 403, description = "非审核人或非本环节的审核人（not this stage's reviewer）", body = Failure),
        (status = 404, description = "没有该申报，或不在本区（no such application in scope）", body = Failure),
        (status = 409, description = "申报已被他人修改（changed meanwhile）", body = Failure),
        (status = 422, description = "不在办理期或意见未回（refused by the program's rules）", body = Failure),
    ),
)]
async fn review(
    State(state): State<AppState>,
    Reviewer(user): Reviewer,
    PathParams(id): PathParams<i64>,
    JsonBody(body): JsonBody<Review>,
) -> Result<Json<ApplicationView>> {
    let verdict = match body.verdict {
        Verdict::Pass => ReviewVerdict::Pass,
        Verdict::Return => ReviewVerdict::Return,
        Verdict::Reject => ReviewVerdict::Reject,
    };
    let updated = state
        .workflow()
        .review(
            &user.caller,
            ApplicationId(id),
            body.row_version,
            verdict,
            &body.reason,
        )
        .await?;
    Ok(Json(view(&state, &user, updated).await?))
}

/// Records a consulted body's answer (a department's opinion, a credit check, the trade
/// union's opinion) for the stage the application is at.
#[utoipa::path(
    post, path = "/applications/{id}/consultations",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "申报编号")),
    request_body = ConsultationBody,
    responses(
        (status = 201, description = "已记录（the consultation）", body = ConsultationView),
        (status = 400, description = "来源、日期或认定情形无效（invalid source, date or finding）", body = Failure),
        (status = 403, description = "非本环节的办理人（not this stage's actor）", body = Failure),
        (status = 404, description = "没有该申报（no such application in scope）", body = Failure),
    ),
)]
async fn consult(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
    PathParams(id): PathParams<i64>,
    JsonBody(body): JsonBody<ConsultationBody>,
) -> Result<(StatusCode, Json<ConsultationView>)> {
    let input = ConsultationInput {
        source: body.source,
        queried_on: body.queried_on,
        result: match body.answer {
            Answer::Clear => ConsultationResult::Clear,
            Answer::Adverse { detail, finding } => ConsultationResult::Adverse { detail, finding },
        },
        attachment: None,
    };
    let recorded = state
        .workflow()
        .record_consultation(&user.caller, ApplicationId(id), &input)
        .await?;
    Ok((StatusCode::CREATED, Json(consultation_view(recorded))))
}

fn consultation_view(consultation: Consultation) -> ConsultationView {
    ConsultationView {
        source: consultation.source,
        stage: consultation.stage,
        queried_on: consultation.queried_on,
        answer: match consultation.result {
            ConsultationResult::Clear => Answer::Clear,
            ConsultationResult::Adverse { detail, finding } => Answer::Adverse { detail, finding },
        },
    }
}

/// The consulted bodies' answers recorded for the application.
#[utoipa::path(
    get, path = "/applications/{id}/consultations",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "申报编号")),
    responses(
        (status = 200, description = "部门意见与信用核查（the consultations）", body = [ConsultationView]),
        (status = 404, description = "没有该申报（no such application in scope）", body = Failure),
    ),
)]
async fn consultations(
    State(state): State<AppState>,
    CaseReader(user): CaseReader,
    PathParams(id): PathParams<i64>,
) -> Result<Json<Vec<ConsultationView>>> {
    let found = state
        .workflow()
        .consultations(&user.caller, ApplicationId(id))
        .await?;
    Ok(Json(found.into_iter().map(consultation_view).collect()))
}

/// The application's history, oldest first, with the reasons and commitments recorded.
#[utoipa::path(
    get, path = "/applications/{id}/history",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "申报编号")),
    responses(
        (status = 200, description = "办理记录（the history）", body = [HistoryEntry]),
        (status = 404, description = "没有该申报（no such application in scope）", body = Failure),
    ),
)]
async fn history(
    State(state): State<AppState>,
    CaseReader(user): CaseReader,
    PathParams(id): PathParams<i64>,
) -> Result<Json<Vec<HistoryEntry>>> {
    let workflow = state.workflow();
    let id = ApplicationId(id);
    let application = workflow.application(&user.caller, id).await?;
    let program = program_of(&workflow, &application).await?;
    let events = workflow.history(&user.caller, id).await?;
    Ok(Json(
        events
            .into_iter()
            .map(|event| HistoryEntry {
                to_stage_name: Position::parse(&event.to_stage)
                    .map(|p| p.name_zh(program))
                    .unwrap_or_else(|_| event.to_stage.clone()),
                at: event.at,
                action: event.action,
                from_stage: event.from_stage,
                to_stage: event.to_stage,
                note: event.note,
            })
            .collect(),
    ))
}
