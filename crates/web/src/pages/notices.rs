//! Public notices (公示). The public reads the lists running now (name, unit, masked ID number,
//! the window's dates) and objects with a form that gives a receipt number; the objection is
//! recorded by the bureau's intake desk ([`crate::INTAKE_LOGIN`]) as the workflow requires. The
//! bureau that runs the program publishes a notice for a stage, follows the objections with their
//! investigation due dates, decides them (dismissed, or upheld back to a stage) and closes the
//! notice once its window has ended.

use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::NaiveDate;
use jiangxin_policy::Program;
use jiangxin_policy::stages::{PeriodBound, Role as StageActor};
use jiangxin_store::applications::ApplicationId;
use jiangxin_store::attachments;
use jiangxin_store::notices::{
    Notice, NoticeEntry, NoticeId, Objection, ObjectionId, ObjectionOutcome,
};
use jiangxin_workflow::parameters::runs_program;
use jiangxin_workflow::{ObjectionDecision, ObjectionInput, Upload, Workflow};
use maud::{Markup, html};
use serde::Deserialize;

use crate::auth::Reviewer;
use crate::catalog::stage_title;
use crate::error::{Result, WebError};
use crate::pages::applications::{date_field, done, read_upload};
use crate::state::AppState;
use crate::views::{Ctx, message_page, multiline};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/notices", get(running))
        .route("/notices/{id}", get(public_notice))
        .route("/notices/{id}/objections", post(object))
        .route("/manage/notices", get(managed).post(publish))
        .route("/manage/notices/{id}", get(manage))
        .route("/manage/notices/{id}/close", post(close))
        .route("/manage/objections/{id}/decide", post(decide))
}

/// Whether objections are received today: the notice is open and today is inside its window.
fn receiving(notice: &Notice, today: NaiveDate) -> bool {
    notice.closed.is_none() && notice.published_on <= today && today <= notice.last_day
}

fn window(notice: &Notice) -> Markup {
    html! { (notice.published_on) " 至 " (notice.last_day) }
}

fn status(notice: &Notice, today: NaiveDate) -> Markup {
    html! {
        @if notice.closed.is_some() { span.badge { "已结束" } }
        @else if receiving(notice, today) { span.badge.ok { "公示中" } }
        @else if today > notice.last_day { span.badge.warn { "公示期已满，待结束" } }
        @else { span.badge { "尚未开始" } }
    }
}

fn entries_table(entries: &[NoticeEntry]) -> Markup {
    html! {
        table {
            thead { tr { th { "序号" } th { "姓名" } th { "单位" } th { "身份证号码" } } }
            tbody {
                @for (n, entry) in entries.iter().enumerate() {
                    tr {
                        td { (n + 1) }
                        td { (entry.name) }
                        td { (entry.unit_name.as_deref().unwrap_or("—")) }
                        td { (entry.masked_id.as_deref().unwrap_or("—")) }
                    }
                }
            }
        }
    }
}

async fn running(State(state): State<AppState>, ctx: Ctx) -> Result<Markup> {
    let workflow = state.workflow();
    let mut open = Vec::new();
    for (notice, version) in workflow.notices().await? {
        if notice.closed.is_none() {
            let (_, entries) = workflow.public_notice(notice.id).await?;
            open.push((notice, version, entries));
        }
    }
    let body = html! {
        p.hint { "公示期内，对公示对象有异议的，可实名提出，并提供联系方式和有关证据材料。" }
        @if open.is_empty() { p.empty { "目前没有正在进行的公示。" } }
        @for (notice, version, entries) in &open {
            @let (program, stage) = stage_title(&workflow, version, &notice.stage);
            section.card {
                h2 { (program) " · " (stage) }
                p { "公示期：" (window(notice)) " " (status(notice, ctx.today)) }
                (entries_table(entries))
                p { a.button href={ "/notices/" (notice.id) } {
                    @if receiving(notice, ctx.today) { "查看并提出异议" } @else { "查看" } } }
            }
        }
    };
    Ok(ctx.page("社会公示", body))
}

async fn public_notice(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Markup> {
    let workflow = state.workflow();
    let (notice, entries) = workflow.public_notice(NoticeId(id)).await?;
    let version = jiangxin_store::programs::get(workflow.store(), notice.program_version).await?;
    let (program, stage) = stage_title(&workflow, &version, &notice.stage);
    let action = ctx.with_csrf(&format!("/notices/{id}/objections"));
    let body = html! {
        p { "公示期：" (window(&notice)) " " (status(&notice, ctx.today)) }
        (entries_table(&entries))
        @if receiving(&notice, ctx.today) {
            form.card method="post" enctype="multipart/form-data" action=(action) {
                h2 { "提出异议" }
                p.hint { "请实名提出异议并留下联系方式，以便告知调查核实结果。受理后给出回执编号。" }
                div.grid {
                    label { "对哪一位公示对象" select name="application" required {
                        @for entry in &entries {
                            option value=(entry.application) { (entry.name) "（" (entry.unit_name.as_deref().unwrap_or("—")) "）" }
                        } } }
                    label { "您的姓名" input name="name" required autocomplete="name"; }
                    label { "联系方式（电话或地址）" input name="contact" required; }
                }
                label { "异议理由" textarea name="reason" rows="4" required {} }
                label { "证据材料（可不附；PDF、JPEG 或 PNG）" input type="file" name="file" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"; }
                button.primary type="submit" { "提交异议" }
            }
        } @else {
            p.notice.info { "不在公示期内，不受理异议。" }
        }
    };
    Ok(ctx.page(&format!("{program} · {stage}"), body))
}

/// The objection form: recorded by the intake desk, with the evidence (checked before anything
/// is recorded, so that a bad file does not leave an objection without its evidence).
async fn object(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Markup> {
    let upload = read_upload(multipart).await?;
    let application: i64 = upload
        .field("application")
        .parse()
        .map_err(|_| WebError::invalid("请选择对哪一位公示对象提出异议"))?;
    if let Some(file) = &upload.file {
        attachments::check(&file.bytes, state.settings.max_upload)?;
    }
    let workflow = state.workflow();
    let intake = workflow.caller(state.intake).await?;
    let objection = workflow
        .receive_objection(
            &intake,
            NoticeId(id),
            ApplicationId(application),
            &ObjectionInput {
                name: upload.field("name").to_owned(),
                contact: upload.field("contact").to_owned(),
                reason: upload.field("reason").to_owned(),
            },
        )
        .await?;
    if let Some(file) = &upload.file {
        workflow
            .attach_objection_evidence(
                &intake,
                objection.id,
                &state.blobs,
                Upload {
                    bytes: &file.bytes,
                    name: &file.name,
                    purpose: "证据",
                    max_size: state.settings.max_upload,
                },
            )
            .await?;
    }
    let due = objection.investigation_due.map_or_else(
        || "调查核实后将告知结果。".to_owned(),
        |due| format!("调查核实将于 {due} 前完成并告知结果。"),
    );
    Ok(message_page(
        &ctx,
        "异议已受理",
        "ok",
        &format!(
            "回执编号：{}。{due}请保存回执编号以便查询。",
            objection.receipt()
        ),
        Some(("/notices", "返回公示列表")),
    ))
}

/// The notice stages of the programs the caller's bureau runs, as `(program, stage)` choices.
fn notice_stages<'w>(
    workflow: &'w Workflow,
    user: &crate::auth::User,
) -> Vec<(&'w Program, &'w jiangxin_policy::stages::Stage)> {
    workflow
        .programs()
        .iter()
        .filter(|p| runs_program(&user.caller, p))
        .flat_map(|p| {
            p.stages
                .iter()
                .filter(|s| s.actor == StageActor::Public)
                .map(move |s| (p, s))
        })
        .collect()
}

async fn managed(
    State(state): State<AppState>,
    ctx: Ctx,
    Reviewer(user): Reviewer,
) -> Result<Markup> {
    let workflow = state.workflow();
    let mut rows = Vec::new();
    for (notice, version) in workflow.managed_notices(&user.caller).await? {
        let objections = workflow.notice_objections(&user.caller, notice.id).await?;
        rows.push((notice, version, objections));
    }
    let stages = notice_stages(&workflow, &user);
    let body = html! {
        @if !stages.is_empty() {
            form.card method="post" action="/manage/notices" {
                (ctx.csrf())
                h2 { "发布公示" }
                p.hint { "公示名单为处于该公示阶段的全部申报；公示期按项目文件规定的期限用官方工作日历计算。" }
                div.grid {
                    label { "项目与公示阶段" select name="stage" required {
                        @for (program, stage) in &stages {
                            option value={ (program.id()) "/" (stage.id) } {
                                (program.meta.title) " · " (stage.name) "（" (crate::catalog::timing(stage)) "）" }
                        } } }
                    label { "公示截止日（“不少于”的可延长；不填则按规定期限）" input type="date" name="last_day"; }
                }
                button.primary type="submit" { "发布" }
            }
        }
        h2 { "本单位发布的公示" }
        @if rows.is_empty() { p.empty { "没有公示。" } }
        @else {
            table {
                thead { tr { th { "编号" } th { "项目 · 阶段" } th { "公示期" } th { "状态" } th { "异议（待调查）" } } }
                tbody {
                    @for (notice, version, objections) in &rows {
                        @let (program, stage) = stage_title(&workflow, version, &notice.stage);
                        @let open = objections.iter().filter(|o| o.outcome.is_none()).count();
                        tr {
                            td { a href={ "/manage/notices/" (notice.id) } { (notice.id) } }
                            td { (program) " · " (stage) }
                            td { (window(notice)) }
                            td { (status(notice, ctx.today)) }
                            td { (objections.len()) "（" (open) "）"
                                @if objections.iter().any(|o| o.outcome.is_none() && o.investigation_due.is_some_and(|d| ctx.today > d)) {
                                    " " span.badge.err { "调查逾期" } } }
                        }
                    }
                }
            }
        }
    };
    Ok(ctx.page("公示管理", body))
}

#[derive(Deserialize)]
struct PublishForm {
    stage: String,
    last_day: Option<String>,
}

async fn publish(
    State(state): State<AppState>,
    headers: HeaderMap,
    Reviewer(user): Reviewer,
    Form(form): Form<PublishForm>,
) -> Result<Response> {
    let (program, stage) = form
        .stage
        .split_once('/')
        .ok_or_else(|| WebError::invalid("请选择项目与公示阶段"))?;
    let last_day = form
        .last_day
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| date_field(d, "公示截止日"))
        .transpose()?;
    let (notice, _) = state
        .workflow()
        .publish_notice(&user.caller, program, stage, last_day)
        .await?;
    Ok(done(&headers, &format!("/manage/notices/{}", notice.id)))
}

fn outcome(objection: &Objection, program: Option<&Program>) -> Markup {
    let stage_name = |id: &str| {
        program
            .and_then(|p| p.stages.iter().find(|s| s.id == id))
            .map_or_else(|| id.to_owned(), |s| s.name.clone())
    };
    html! {
        @match &objection.outcome {
            None => span.badge.warn { "调查核实中" },
            Some(ObjectionOutcome::Dismissed { finding }) => { span.badge { "不成立" } " " (finding) },
            Some(ObjectionOutcome::Upheld { finding, redo_stage }) => {
                span.badge.err { "成立，退回" (stage_name(redo_stage)) } " " (finding)
            },
        }
    }
}

async fn manage(
    State(state): State<AppState>,
    ctx: Ctx,
    Reviewer(user): Reviewer,
    Path(id): Path<i64>,
) -> Result<Markup> {
    let workflow = state.workflow();
    let objections = workflow
        .notice_objections(&user.caller, NoticeId(id))
        .await
        .map_err(WebError::hidden)?;
    let (notice, entries) = workflow.public_notice(NoticeId(id)).await?;
    let version = jiangxin_store::programs::get(workflow.store(), notice.program_version).await?;
    let (program_title, stage) = stage_title(&workflow, &version, &notice.stage);
    let program = workflow.programs().get(&version.program_id);
    // An upheld objection sends the application back to a stage before the notice.
    let redo_stages: Vec<(String, String)> = program
        .map(|p| {
            p.stages
                .iter()
                .take_while(|s| s.id != notice.stage)
                .filter(|s| {
                    !matches!(
                        s.actor,
                        StageActor::Unit | StageActor::Individual | StageActor::Public
                    )
                })
                .map(|s| (s.id.clone(), s.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    let extendable = program
        .and_then(|p| p.stages.iter().find(|s| s.id == notice.stage))
        .and_then(|s| s.duration)
        .is_some_and(|d| d.bound == PeriodBound::AtLeast);
    let name_of = |application: ApplicationId| {
        entries
            .iter()
            .find(|e| e.application == application)
            .map_or_else(|| application.to_string(), |e| e.name.clone())
    };
    let body = html! {
        dl.facts {
            dt { "项目" } dd { (program_title) }
            dt { "公示期" } dd { (window(&notice)) " " (status(&notice, ctx.today))
                @if extendable { span.hint { "　（项目文件规定“不少于”，发布时可延长）" } } }
        }
        h2 { "公示名单" }
        table {
            thead { tr { th { "申报" } th { "姓名" } th { "单位" } th { "身份证号码" } } }
            tbody {
                @for entry in &entries {
                    tr {
                        td { a href={ "/applications/" (entry.application) } { (entry.application) } }
                        td { (entry.name) }
                        td { (entry.unit_name.as_deref().unwrap_or("—")) }
                        td { (entry.masked_id.as_deref().unwrap_or("—")) }
                    }
                }
            }
        }
        h2 { "异议" }
        @if objections.is_empty() { p.empty { "没有收到异议。" } }
        @for objection in &objections {
            section.card {
                h3 { "回执 " (objection.receipt()) "：对 " (name_of(objection.application)) }
                dl.facts {
                    dt { "异议人" } dd { (objection.objector_name) "，" (objection.contact) }
                    dt { "收到日期" } dd { (objection.received_on) }
                    dt { "调查核实截止" } dd {
                        @match objection.investigation_due {
                            Some(due) => { (due) @if objection.outcome.is_none() && ctx.today > due { " " span.badge.err { "已逾期" } } },
                            None => "项目文件未规定",
                        } }
                    dt { "理由" } dd { (multiline(&objection.reason)) }
                    dt { "证据与材料" } dd { a href={ "/applications/" (objection.application) } { "见申报 " (objection.application) " 的附件" } }
                    dt { "结论" } dd { (outcome(objection, program)) }
                }
                @if objection.outcome.is_none() {
                    form method="post" action={ "/manage/objections/" (objection.id) "/decide" } data-confirm="调查结论提交后不能更改，确定提交吗？" {
                        (ctx.csrf())
                        div.grid {
                            label { "调查核实结论" select name="decision" required {
                                option value="dismiss" { "异议不成立，保留公示" }
                                @for (id, name) in &redo_stages { option value={ "uphold:" (id) } { "异议成立，退回“" (name) "”重新办理" } }
                            } }
                            label { "调查核实情况（记入申报办理记录）" textarea name="finding" rows="2" required {} }
                        }
                        button.primary type="submit" { "提交结论" }
                    }
                }
            }
        }
        @if notice.closed.is_none() {
            form.card method="post" action={ "/manage/notices/" (notice.id) "/close" } data-confirm="结束公示后，名单中的申报进入下一环节。确定结束吗？" {
                (ctx.csrf())
                h3 { "结束公示" }
                p.hint { "公示期满（" (notice.last_day) " 之后）且没有正在调查的异议时，方可结束；名单中仍在公示阶段的申报进入下一环节。" }
                button.primary type="submit" { "结束公示" }
            }
        }
    };
    Ok(ctx.page(&format!("公示 {id}：{stage}"), body))
}

async fn close(
    State(state): State<AppState>,
    headers: HeaderMap,
    Reviewer(user): Reviewer,
    Path(id): Path<i64>,
) -> Result<Response> {
    state
        .workflow()
        .close_notice(&user.caller, NoticeId(id))
        .await
        .map_err(WebError::hidden)?;
    Ok(done(&headers, &format!("/manage/notices/{id}")))
}

#[derive(Deserialize)]
struct DecideForm {
    decision: String,
    finding: String,
}

fn decision(text: &str) -> Result<ObjectionDecision> {
    match text.split_once(':') {
        None if text == "dismiss" => Ok(ObjectionDecision::Dismiss),
        Some(("uphold", stage)) if !stage.is_empty() => Ok(ObjectionDecision::Uphold {
            redo_stage: stage.to_owned(),
        }),
        _ => Err(WebError::invalid(format!(
            "调查结论应为 dismiss 或 uphold:阶段，不是“{text}”"
        ))),
    }
}

async fn decide(
    State(state): State<AppState>,
    headers: HeaderMap,
    Reviewer(user): Reviewer,
    Path(id): Path<i64>,
    Form(form): Form<DecideForm>,
) -> Result<Response> {
    let decided = state
        .workflow()
        .decide_objection(
            &user.caller,
            ObjectionId(id),
            &decision(&form.decision)?,
            &form.finding,
        )
        .await
        .map_err(WebError::hidden)?;
    Ok(done(
        &headers,
        &format!("/manage/notices/{}", decided.notice),
    ))
}
