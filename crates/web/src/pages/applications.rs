//! An application from its form to its last stage: the applicant's side fills in the form of the
//! program's category (with the eligibility explanation updating as fields change), attaches
//! files, submits with the commitment, corrects and resubmits when returned; the unit recommends
//! within its cap; reviewers record opinions and credit checks and decide each stage with a
//! reason. Every act is one workflow call; this module only reads forms and renders.

use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::NaiveDate;
use jiangxin_domain::credit_code::CreditCode;
use jiangxin_domain::id_number::ResidentId;
use jiangxin_policy::Program;
use jiangxin_policy::facts::Flag;
use jiangxin_policy::model::Subject;
use jiangxin_policy::stages::Role as StageActor;
use jiangxin_store::accounts::Role;
use jiangxin_store::applications::{Application, ApplicationId};
use jiangxin_store::consultations::ConsultationResult;
use jiangxin_store::persons::{self, NewPerson, Person};
use jiangxin_store::staff::StaffId;
use jiangxin_store::units::{self, Unit, UnitId};
use jiangxin_store::{Actor, Digest, programs};
use jiangxin_workflow::inspection::INSPECTION;
use jiangxin_workflow::parameters::runs_program;
use jiangxin_workflow::{
    ConsultationInput, NewDraft, NoticeRecord, Position, RecommendationInput, ReviewVerdict, Upload,
};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::{Applicant, CaseReader, Decider, SignedInUser, UnitOfficer, User};
use crate::catalog::{self, Intake};
use crate::decision;
use crate::error::{Result, WebError};
use crate::facts_form::{self, Field};
use crate::pages::register::{id_number_field, phone_field};
use crate::pages::titles;
use crate::state::AppState;
use crate::views::{Ctx, flash, multiline};
use crate::worklist::{acts_for, current_stage};
use jiangxin_workflow::position::last_day;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/apply", get(programs_to_apply))
        .route("/apply/{program}/{category}", get(new_form).post(create))
        .route("/apply/{program}/{category}/check", post(check_new))
        .route("/applications/{id}", get(show))
        .route("/applications/{id}/edit", get(edit_form).post(edit))
        .route("/applications/{id}/check", post(check_existing))
        .route("/applications/{id}/submit", post(submit))
        .route("/applications/{id}/recommend", post(recommend))
        .route("/applications/{id}/self-recommend", post(self_recommend))
        .route("/applications/{id}/review", post(review))
        .route("/applications/{id}/consultations", post(consult))
        .route("/applications/{id}/attachments", post(attach))
        .route("/applications/{id}/attachments/{sha256}", get(download))
}

/// The answer to a form that worked: htmx follows `HX-Redirect`, a plain form the 303.
pub fn done(headers: &HeaderMap, location: &str) -> Response {
    let value = HeaderValue::from_str(location).expect("a local path");
    if headers.contains_key("hx-request") {
        let mut response = StatusCode::OK.into_response();
        response.headers_mut().insert("hx-redirect", value);
        response
    } else {
        let mut response = StatusCode::SEE_OTHER.into_response();
        response.headers_mut().insert(LOCATION, value);
        response
    }
}

fn program<'w>(workflow: &'w jiangxin_workflow::Workflow, id: &str) -> Result<&'w Program> {
    workflow.programs().get(id).ok_or_else(WebError::not_found)
}

/// Whether the caller's role applies in the category at all: it is the actor (or the
/// alternative actor) of the category's first stage.
fn applies_in(user: &User, program: &Program, category: &str) -> bool {
    jiangxin_workflow::position::path(program, category)
        .is_ok_and(|path| acts_for(&user.caller, path[0]))
}

async fn programs_to_apply(
    State(state): State<AppState>,
    ctx: Ctx,
    Applicant(user): Applicant,
) -> Markup {
    let workflow = state.workflow();
    let body = html! {
        p.hint { "下列为" (user.caller.role.name_zh()) "可以申报的项目类别；未在受理期的类别注明原因。" }
        table {
            thead { tr { th { "项目" } th { "类别" } th { "申报时间" } th { "" } } }
            tbody {
                @for program in workflow.programs().iter() {
                    @for category in program.categories.iter().filter(|c| applies_in(&user, program, &c.id)) {
                        @let (stage, intake) = catalog::intake(program, &category.id, ctx.today);
                        tr {
                            td { a href={ "/programs/" (program.id()) } { (program.meta.title) } }
                            td { (category.name) }
                            td { @if let Some(stage) = stage { (catalog::timing(stage)) } }
                            td { @match &intake {
                                Intake::Open => a.button.primary href={ "/apply/" (program.id()) "/" (category.id) } { "填写申报" },
                                Intake::Closed(reason) => span.hint { (reason) },
                            } }
                        }
                    }
                }
            }
        }
    };
    ctx.page("新建申报", body)
}

/// Who the form asks about: a person for a person's category, the leader or the employee
/// (optional) for a unit's.
fn person_required(program: &Program, category: &str) -> Result<bool> {
    let (_, category) = program.category(category).ok_or_else(WebError::not_found)?;
    Ok(matches!(
        category.subject,
        Subject::Person | Subject::Student
    ))
}

fn check_box(url: &str) -> Markup {
    html! {
        div #check hx-post=(url) hx-trigger="load, change from:#application-form delay:300ms"
            hx-include="#application-form" hx-target="#check" hx-swap="innerHTML" {
            p.hint { "填写后此处显示是否符合条件及理由。" }
        }
    }
}

/// An application's form beside its live check, for a page's body.
fn form_body(
    ctx: &Ctx,
    action: &str,
    check_url: &str,
    head: Markup,
    fields: &[Field],
    facts: &Value,
) -> Markup {
    html! {
        div.columns {
            form.card #application-form method="post" action=(action) {
                (ctx.csrf())
                (head)
                h3 { "申报条件相关信息" }
                p.hint { "以下栏目按项目文件的条件生成；出生日期与性别取自身份证号码，单位类型取自单位登记信息。" }
                (facts_form::render(fields, facts))
                button.primary type="submit" { "保存草稿" }
            }
            section.card {
                h3 { "条件核对（随填写即时更新）" }
                (check_box(check_url))
            }
        }
    }
}

/// `?staff=<id>`: a member of the unit's roster to fill the applicant's fields with.
#[derive(Deserialize)]
struct FromStaff {
    staff: Option<String>,
}

async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Applicant(user): Applicant,
    Path((program_id, category)): Path<(String, String)>,
    Query(from): Query<FromStaff>,
) -> Result<Markup> {
    let workflow = state.workflow();
    let program = program(&workflow, &program_id)?;
    let (_, category_def) = program
        .category(&category)
        .ok_or_else(WebError::not_found)?;
    if !applies_in(&user, program, &category) {
        return Err(WebError::Forbidden(format!(
            "“{}”不由{}申报",
            category_def.name,
            user.caller.role.name_zh()
        )));
    }
    let required = person_required(program, &category)?;
    let path = format!("/apply/{program_id}/{category}");
    let mut facts = Value::Object(Default::default());
    let (above, head) = match (user.caller.role, user.caller.unit) {
        (Role::UnitOfficer, Some(unit)) => {
            let chosen = match from
                .staff
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                Some(id) => {
                    let id = id.parse().map_err(|_| WebError::not_found())?;
                    Some(workflow.staff_member(&user.caller, StaffId(id)).await?)
                }
                None => None,
            };
            if let Some(level) = chosen.as_ref().and_then(|m| m.skill_level) {
                facts = json!({ "person": { "skill_level": level.name_zh() } });
            }
            let roster = workflow.staff(&user.caller, unit).await?;
            let person = chosen.as_ref().map(|m| &m.person);
            let above = html! {
                form.card.inline #staff-picker method="get" action=(path) {
                    label { "从本单位职工中选择"
                        select name="staff" {
                            option value="" { "—" }
                            @for member in roster.iter().filter(|m| m.left_on.is_none()) {
                                option value=(member.id) selected[chosen.as_ref().is_some_and(|c| c.id == member.id)] {
                                    (member.person.name) "（" (member.post) "）"
                                }
                            }
                        }
                    }
                    button type="submit" { "填入" }
                    a href="/unit/staff" { "维护职工名册" }
                }
            };
            let head = html! {
                fieldset {
                    legend { @if required { "申报人" } @else { "领办人或有关职工（可不填）" } }
                    div.grid {
                        label { "身份证号码" input name="id_number" required[required] autocomplete="off" value=[person.map(|p| p.id_number.as_str())]; }
                        label { "姓名" input name="name" required[required] value=[person.map(|p| p.name.as_str())]; }
                        label { "联系电话" input name="phone" type="tel" value=[person.and_then(|p| p.phone.as_ref()).map(ToString::to_string)]; }
                    }
                }
            };
            (above, head)
        }
        _ => (html! {}, html! { p.hint { "以本人名义申报。" } }),
    };
    // The picker is a form of its own, so it stands above the application's form.
    let body = html! {
        (above)
        (form_body(&ctx, &path, &format!("{path}/check"), head, &facts_form::fields(program, &category), &facts))
    };
    Ok(ctx.page(
        &format!("{} · {}", program.meta.title, category_def.name),
        body,
    ))
}

/// The person an application is about, as the form names them: found by ID number, or recorded.
async fn person_from_form(
    state: &AppState,
    user: &User,
    form: &[(String, String)],
    required: bool,
) -> Result<Option<Person>> {
    let store = state.store();
    if user.caller.role == Role::Individual {
        let person = user.caller.person.ok_or_else(|| {
            WebError::Refused("账户尚未关联本人信息，请联系系统管理员".to_owned())
        })?;
        return Ok(Some(persons::get(&store, person).await?));
    }
    let value = |key: &str| {
        form.iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    };
    let Some(id_number) = value("id_number") else {
        return if required {
            Err(WebError::invalid("须填写申报人的身份证号码"))
        } else {
            Ok(None)
        };
    };
    let id_number = id_number_field(id_number)?;
    if let Some(person) = persons::find_by_id_number(&store, &id_number).await? {
        return Ok(Some(person));
    }
    let name = value("name").ok_or_else(|| WebError::invalid("须填写申报人姓名"))?;
    let phone = phone_field(value("phone"), "联系电话")?;
    let tx = store
        .begin(Actor::account(user.caller.account, user.caller.role))
        .await?;
    let person = persons::insert(
        &tx,
        &NewPerson {
            id_number,
            name: name.to_owned(),
            phone,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Some(person))
}

async fn caller_unit(state: &AppState, user: &User) -> Result<Option<Unit>> {
    match user.caller.unit {
        Some(unit) => Ok(Some(units::get(&state.store(), unit).await?)),
        None => Ok(None),
    }
}

async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    Applicant(user): Applicant,
    Path((program_id, category)): Path<(String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let workflow = state.workflow();
    let program = program(&workflow, &program_id)?;
    let required = person_required(program, &category)?;
    let person = person_from_form(&state, &user, &form, required).await?;
    let unit = caller_unit(&state, &user).await?;
    let facts = facts_form::read(&facts_form::fields(program, &category), &form)?;
    let draft = NewDraft {
        program_id: program_id.clone(),
        category,
        applicant: person.as_ref().map(|p| p.id),
        unit: unit.as_ref().map(|u| u.id),
        facts: facts_form::with_known(facts, person.as_ref(), unit.as_ref()),
    };
    let application = workflow.create_draft(&user.caller, &draft).await?;
    Ok(done(&headers, &format!("/applications/{}", application.id)))
}

async fn check_new(
    State(state): State<AppState>,
    Applicant(user): Applicant,
    Path((program_id, category)): Path<(String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Markup> {
    let workflow = state.workflow();
    let program = program(&workflow, &program_id)?;
    let facts = facts_form::read(&facts_form::fields(program, &category), &form)?;
    // The person is looked up, not recorded, while the form is being filled in.
    let person = match user.caller.person {
        Some(person) => Some(persons::get(&state.store(), person).await?),
        None => match form.iter().find(|(k, _)| k == "id_number") {
            Some((_, number)) => match ResidentId::parse(number.trim()) {
                Ok(id) => persons::find_by_id_number(&state.store(), &id).await?,
                Err(_) => None,
            },
            None => None,
        },
    };
    let mut facts = facts_form::with_known(
        facts,
        person.as_ref(),
        caller_unit(&state, &user).await?.as_ref(),
    );
    if person.is_none() {
        // Not yet recorded: the ID number the form gives still tells the age.
        if let Some(id) = form
            .iter()
            .find(|(k, _)| k == "id_number")
            .and_then(|(_, v)| ResidentId::parse(v.trim()).ok())
        {
            facts["person"]["birth_date"] = json!(id.birth_date());
            facts["person"]["gender"] = serde_json::json!(id.gender().name_zh());
        }
    }
    preview(&state, &program_id, &category, &facts).await
}

async fn preview(
    state: &AppState,
    program_id: &str,
    category: &str,
    facts: &Value,
) -> Result<Markup> {
    match state.workflow().preview(program_id, category, facts).await {
        Ok(found) => Ok(decision::render(
            &serde_json::to_value(&found).expect("a decision serialises"),
        )),
        Err(err) => Ok(flash("warn", &WebError::from(err).to_string())),
    }
}

/// An application with its program, for the pages.
struct Case {
    application: Application,
    program: Program,
    position: Position,
}

async fn case(state: &AppState, user: &User, id: i64) -> Result<Case> {
    let workflow = state.workflow();
    let application = workflow
        .application(&user.caller, ApplicationId(id))
        .await?;
    let version = programs::get(workflow.store(), application.program_version).await?;
    let program = program(&workflow, &version.program_id)?.clone();
    let position = Position::parse(&application.stage)?;
    Ok(Case {
        application,
        program,
        position,
    })
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    CaseReader(user): CaseReader,
    Path(id): Path<i64>,
) -> Result<Markup> {
    let case = case(&state, &user, id).await?;
    let workflow = state.workflow();
    let store = state.store();
    let application = &case.application;
    let program = &case.program;
    let applicant = match application.applicant {
        Some(p) => Some(persons::get(&store, p).await?),
        None => None,
    };
    let unit = match application.unit {
        Some(u) => Some(units::get(&store, u).await?),
        None => None,
    };
    let history = workflow.history(&user.caller, application.id).await?;
    let consultations = workflow.consultations(&user.caller, application.id).await?;
    let attachments = workflow.attachments(&user.caller, application.id).await?;
    let stage = current_stage(program, &case.position);
    let category_name = program
        .category(&application.category)
        .map_or_else(|| application.category.clone(), |(_, c)| c.name.clone());
    let body = html! {
        dl.facts {
            dt { "项目" } dd { a href={ "/programs/" (program.id()) } { (program.meta.title) } "（" (program.meta.document) "）" }
            dt { "类别" } dd { (category_name) }
            dt { "申报人" } dd { (applicant.as_ref().map_or("—", |p| p.name.as_str()))
                @if let Some(p) = &applicant { span.hint { "　" (p.id_number.masked()) } } }
            dt { "单位" } dd { (unit.as_ref().map_or("—", |u| u.name.as_str()))
                @if let Some(u) = &unit && matches!(user.caller.role, Role::DistrictReviewer | Role::CityReviewer) {
                    "　" a href={ "/units/" (u.id) "/staff" } { "职工名册" } } }
            dt { "当前环节" } dd { strong { (case.position.name_zh(program)) }
                @if let Some(stage) = stage {
                    span.hint { "　由" (stage.actor.name_zh()) "办理；时间：" (catalog::timing(stage)) }
                    @if let Some(due) = last_day(stage) { @if ctx.today > due { " " span.badge.err { "已逾期" } } }
                } }
        }
        (actions(&ctx, &user, &case))
        (titles::section(&workflow, &ctx, &user, application.id, application.row_version, stage).await?)
        @if program.documents.as_ref().is_some_and(|d| d.application_form.is_some()) { p { a.button href={ "/applications/" (application.id) "/form.pdf" } { "下载申报书 PDF" } } }
        h2 { "条件核对" }
        @match &application.decision {
            Some(stored) => (decision::render(stored)),
            None => p.hint { "提交时按申报信息核对条件，结果随申报保存。" },
        }
        h2 { "办理记录" }
        ol.timeline {
            @for event in &history {
                li {
                    span.when { (event.at.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8")).format("%Y-%m-%d %H:%M")) }
                    " " strong { (event_name(&event.action)) }
                    @if event.from_stage != event.to_stage {
                        " → " (Position::parse(&event.to_stage).map(|p| p.name_zh(program)).unwrap_or_default())
                    }
                    @if let Some(note) = &event.note { div { (multiline(note)) } }
                }
            }
        }
        @if !consultations.is_empty() {
            h2 { "部门意见与信用核查" }
            table {
                thead { tr { th { "来源" } th { "环节" } th { "查询日期" } th { "结果" } } }
                tbody {
                    @for c in &consultations {
                        tr {
                            td { (c.source) } td { (c.stage) } td { (c.queried_on) }
                            td { @match &c.result {
                                ConsultationResult::Clear => span.badge.ok { "无不良记录" },
                                ConsultationResult::Adverse { detail, finding } => {
                                    span.badge.err { "有不良记录" } " " (detail)
                                    @if let Some(f) = finding { span.hint { "（" (f) "）" } }
                                },
                            } }
                        }
                    }
                }
            }
        }
        h2 { "附件" }
        @if attachments.is_empty() { p.empty { "暂无附件。" } }
        ul {
            @for a in &attachments {
                li {
                    a href={ "/applications/" (application.id) "/attachments/" (a.attachment.sha256.to_hex()) } { (a.attachment.original_name) }
                    span.hint { "　" (a.purpose) "，" (a.attachment.size / 1024 + 1) " KB" }
                }
            }
        }
        (upload_form(&ctx, &user, &case))
        h2 { "申报信息" }
        pre.facts { (serde_json::to_string_pretty(&application.facts).unwrap_or_default()) }
    };
    Ok(ctx.page(&format!("申报 {}", application.id), body))
}

fn event_name(action: &str) -> &str {
    match action {
        "create" => "创建草稿",
        "edit_facts" => "修改申报信息",
        "submit" => "提交申报（已承诺）",
        "resubmit" => "修改后重新提交",
        "recommend" => "单位推荐",
        "self_recommend" => "个人自荐",
        "review.pass" => "审核通过",
        "review.return" => "退回修改",
        "review.reject" => "审核不通过",
        "consultation.record" => "记录部门意见或信用核查",
        INSPECTION => "记录实地考察",
        "panel.pass" => "专家评审通过",
        "panel.reject" => "专家评审未通过",
        "panel.select" => "择优确定入选",
        "notice.publish" => "发布公示",
        "notice.objection" => "收到公示异议",
        "notice.objection_dismissed" => "异议不成立",
        "notice.objection_upheld" => "异议成立，退回重办",
        "notice.close" => "公示期满",
        "approve" => "审定通过",
        "payment.pay" => "待遇已发放",
        "payment.cancel" => "待遇不予发放",
        "payment.recover" => "已追回款项",
        "payment.complete" => "待遇发放完毕",
        "entitlement.stop" => "停止享受待遇",
        "title.revoke" => "撤销称号",
        "term.plan" => "提交任期计划",
        "term.assess" => "任期考核",
        "team.levels" => "核定团队成员新等级",
        "stage.overdue" => "超过办理期限",
        other => other,
    }
}

fn result_box(name: &str) -> Markup {
    html! { div.result id=(name) {} }
}

/// The forms of the acts the caller may do now; the workflow still decides each.
fn actions(ctx: &Ctx, user: &User, case: &Case) -> Markup {
    let id = case.application.id;
    let version = case.application.row_version;
    let path = jiangxin_workflow::position::path(&case.program, &case.application.category).ok();
    let first = path.as_ref().map(|p| p[0]);
    let applicant_side = first.is_some_and(|s| acts_for(&user.caller, s));
    let stage = current_stage(&case.program, &case.position);
    let editable = matches!(case.position, Position::Draft | Position::Returned(_));
    html! {
        @if applicant_side && editable {
            section.card {
                h3 { @if matches!(case.position, Position::Returned(_)) { "修改后重新提交" } @else { "提交申报" } }
                p { a.button href={ "/applications/" (id) "/edit" } { "修改申报信息" } }
                form hx-post={ "/applications/" (id) "/submit" } hx-target="#submit-result" method="post" action={ "/applications/" (id) "/submit" } {
                    (ctx.csrf())
                    input type="hidden" name="row_version" value=(version);
                    label { "申报人承诺" textarea name="commitment" rows="2" required {
                        "本人（本单位）承诺所填信息和所附材料真实有效，如有虚假，自愿承担相应责任。" } }
                    label { input type="checkbox" name="agree" value="yes" required; "我已阅读并作出上述承诺" }
                    button.primary type="submit" { "提交" }
                    (result_box("submit-result"))
                }
            }
        }
        @if let Some(stage) = stage {
            @if Some(stage) == first && acts_for(&user.caller, stage) {
                @if user.caller.role == Role::UnitOfficer && stage.actor == StageActor::Unit {
                    section.card {
                        h3 { "单位推荐" }
                        form hx-post={ "/applications/" (id) "/recommend" } hx-target="#recommend-result" method="post" action={ "/applications/" (id) "/recommend" } {
                            (ctx.csrf())
                            input type="hidden" name="row_version" value=(version);
                            div.grid {
                                label { "本单位推荐排序（1 为第一）" input type="number" name="rank" min="1" value="1" required; }
                                @if let Some(rule) = stage.unit_internal_notice {
                                    label { "单位内部公示开始日期（须公示 " (rule.length) " 日）" input type="date" name="notice_published_on" required; }
                                    label { "签字的职工代表人数（不少于 " (rule.min_staff_representatives) " 名）" input type="number" name="staff_representatives" min="0" required; }
                                }
                                label { "超出每单位名额的理由（未超出不填）" input name="over_cap_reason"; }
                            }
                            button.primary type="submit" { "推荐" }
                            (result_box("recommend-result"))
                        }
                    }
                }
                @if user.caller.role == Role::Individual {
                    section.card {
                        h3 { "个人自荐" }
                        form hx-post={ "/applications/" (id) "/self-recommend" } hx-target="#self-result" method="post" action={ "/applications/" (id) "/self-recommend" } {
                            (ctx.csrf())
                            input type="hidden" name="row_version" value=(version);
                            button.primary type="submit" { "确认自荐" }
                            (result_box("self-result"))
                        }
                    }
                }
            }
            @if !stage.consults.is_empty() && acts_for(&user.caller, stage) {
                section.card {
                    h3 { "记录部门意见或信用核查" }
                    form hx-post={ "/applications/" (id) "/consultations" } hx-target="#consult-result" method="post" action={ "/applications/" (id) "/consultations" } {
                        (ctx.csrf())
                        div.grid {
                            label { "征求意见的部门或名单" select name="source" { @for source in &stage.consults { option value=(source) { (source) } } } }
                            label { "答复或查询日期" input type="date" name="queried_on" value=(ctx.today) required; }
                            label { "结果" select name="result" { option value="clear" { "无不良记录" } option value="adverse" { "有不良记录" } } }
                            label { "不良记录的具体情况" input name="detail"; }
                            label { "认定的情形" select name="finding" { option value="" { "—" } @for flag in Flag::ALL { option value=(flag.name_zh()) { (flag.name_zh()) } } } }
                        }
                        button type="submit" { "记录" }
                        (result_box("consult-result"))
                    }
                }
            }
            @if matches!(user.caller.role, Role::DistrictReviewer | Role::CityReviewer)
                && (acts_for(&user.caller, stage)
                    || (stage.actor == StageActor::ExpertPanel && runs_program(&user.caller, &case.program))) {
                (crate::pages::inspections::form(ctx, id))
            }
            @if reviews(case, stage) && acts_for(&user.caller, stage) {
                section.card {
                    h3 { "审核：" (stage.name) }
                    @if stage.reasons_on_rejection { p.hint { "不通过的，须告知申请人并说明理由（" (stage.cited.citation) "）。" } }
                    form hx-post={ "/applications/" (id) "/review" } hx-target="#review-result" method="post" action={ "/applications/" (id) "/review" } {
                        (ctx.csrf())
                        input type="hidden" name="row_version" value=(version);
                        div.actions {
                            label { input type="radio" name="verdict" value="pass" required; "通过" }
                            label { input type="radio" name="verdict" value="return"; "退回修改" }
                            label { input type="radio" name="verdict" value="reject"; "不通过" }
                        }
                        label { "意见与理由（申报人可见）" textarea name="reason" rows="2" required {} }
                        button.primary type="submit" { "提交审核意见" }
                        (result_box("review-result"))
                    }
                }
            }
        }
    }
}

/// Whether the stage is decided by a review (pass, return, reject): the reviewers' stages and a
/// finance opinion before the approval; approvals and the payment stage have their own acts.
fn reviews(case: &Case, stage: &jiangxin_policy::stages::Stage) -> bool {
    let Ok(path) = jiangxin_workflow::position::path(&case.program, &case.application.category)
    else {
        return false;
    };
    let decided_here = match stage.actor {
        StageActor::DistrictReviewer
        | StageActor::CityReviewer
        | StageActor::DepartmentOpinions => true,
        StageActor::Finance => !jiangxin_workflow::ledger::is_payment_stage(&path, stage),
        _ => false,
    };
    decided_here && !jiangxin_workflow::approval::is_approval(stage)
}

fn upload_form(ctx: &Ctx, user: &User, case: &Case) -> Markup {
    let reviewer = matches!(
        user.caller.role,
        Role::DistrictReviewer | Role::CityReviewer
    );
    let applicant_side = matches!(user.caller.role, Role::UnitOfficer | Role::Individual)
        && matches!(case.position, Position::Draft | Position::Returned(_));
    if !(reviewer || applicant_side) {
        return html! {};
    }
    let action = ctx.with_csrf(&format!(
        "/applications/{}/attachments",
        case.application.id
    ));
    html! {
        form.card method="post" enctype="multipart/form-data" action=(action) {
            h3 { "上传附件" }
            p.hint { "PDF、JPEG 或 PNG，单个不超过 20 MB；按文件内容识别类型。" }
            div.grid {
                label { "用途" input name="purpose" list="purposes" required placeholder="申报书"; }
                datalist #purposes {
                    @for p in ["申报书", "申报表", "身份证", "技能等级证书", "荣誉证书", "劳动合同", "社保缴费证明", "单位内部公示结果", "实地考察记录", "部门意见函"] { option value=(p); }
                }
                label { "文件" input type="file" name="file" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" required; }
            }
            button type="submit" { "上传" }
        }
    }
}

async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Applicant(user): Applicant,
    Path(id): Path<i64>,
) -> Result<Markup> {
    let case = case(&state, &user, id).await?;
    let category = &case.application.category;
    let head = html! {
        input type="hidden" name="row_version" value=(case.application.row_version);
        p.hint { "修改后保存，再回到申报页提交。" }
    };
    Ok(ctx.page(
        &format!("修改申报 {id}"),
        form_body(
            &ctx,
            &format!("/applications/{id}/edit"),
            &format!("/applications/{id}/check"),
            head,
            &facts_form::fields(&case.program, category),
            &case.application.facts,
        ),
    ))
}

fn row_version(form: &[(String, String)]) -> Result<i64> {
    form.iter()
        .find(|(k, _)| k == "row_version")
        .and_then(|(_, v)| v.parse().ok())
        .ok_or_else(|| WebError::invalid("表单缺少版本号，请刷新页面后重试"))
}

/// The facts a form gives for an application, with what the server knows of it.
async fn facts_of(state: &AppState, case: &Case, form: &[(String, String)]) -> Result<Value> {
    let store = state.store();
    let facts = facts_form::read(
        &facts_form::fields(&case.program, &case.application.category),
        form,
    )?;
    let person = match case.application.applicant {
        Some(p) => Some(persons::get(&store, p).await?),
        None => None,
    };
    let unit = match case.application.unit {
        Some(u) => Some(units::get(&store, u).await?),
        None => None,
    };
    Ok(facts_form::with_known(
        facts,
        person.as_ref(),
        unit.as_ref(),
    ))
}

async fn edit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Applicant(user): Applicant,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let case = case(&state, &user, id).await?;
    let facts = facts_of(&state, &case, &form).await?;
    state
        .workflow()
        .edit_facts(&user.caller, ApplicationId(id), row_version(&form)?, facts)
        .await?;
    Ok(done(&headers, &format!("/applications/{id}")))
}

async fn check_existing(
    State(state): State<AppState>,
    Applicant(user): Applicant,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Markup> {
    let case = case(&state, &user, id).await?;
    let facts = facts_of(&state, &case, &form).await?;
    preview(
        &state,
        case.program.id(),
        &case.application.category,
        &facts,
    )
    .await
}

#[derive(Deserialize)]
struct SubmitForm {
    row_version: i64,
    commitment: String,
    agree: Option<String>,
}

async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Applicant(user): Applicant,
    Path(id): Path<i64>,
    Form(form): Form<SubmitForm>,
) -> Result<Response> {
    if form.agree.as_deref() != Some("yes") {
        return Err(WebError::invalid("须勾选确认承诺后方可提交"));
    }
    state
        .workflow()
        .submit(
            &user.caller,
            ApplicationId(id),
            form.row_version,
            &form.commitment,
        )
        .await?;
    Ok(done(&headers, &format!("/applications/{id}")))
}

#[derive(Deserialize)]
struct RecommendForm {
    row_version: i64,
    rank: u32,
    notice_published_on: Option<String>,
    staff_representatives: Option<u32>,
    over_cap_reason: Option<String>,
}

/// The registered unit a form names by its credit code; `None` when the field is left empty.
pub async fn unit_field(state: &AppState, credit_code: Option<&str>) -> Result<Option<UnitId>> {
    let Some(code) = credit_code.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let code =
        CreditCode::parse(code).map_err(|e| WebError::invalid(format!("统一社会信用代码：{e}")))?;
    let unit = units::find_by_credit_code(&state.store(), &code)
        .await?
        .ok_or_else(|| {
            WebError::invalid("该统一社会信用代码的单位尚未登记（the unit is not registered）")
        })?;
    Ok(Some(unit.id))
}

pub fn date_field(value: &str, what: &str) -> Result<NaiveDate> {
    jiangxin_domain::date::parse_date(value).map_err(|e| WebError::invalid(format!("{what}：{e}")))
}

async fn recommend(
    State(state): State<AppState>,
    headers: HeaderMap,
    UnitOfficer(user): UnitOfficer,
    Path(id): Path<i64>,
    Form(form): Form<RecommendForm>,
) -> Result<Response> {
    let notice = match (
        form.notice_published_on.as_deref().map(str::trim),
        form.staff_representatives,
    ) {
        (Some(day), Some(staff)) if !day.is_empty() => Some(NoticeRecord {
            published_on: date_field(day, "单位内部公示开始日期")?,
            staff_representatives: staff,
        }),
        _ => None,
    };
    let input = RecommendationInput {
        rank: form.rank,
        notice,
        over_cap_reason: form.over_cap_reason.filter(|r| !r.trim().is_empty()),
    };
    state
        .workflow()
        .recommend(&user.caller, ApplicationId(id), form.row_version, &input)
        .await?;
    Ok(done(&headers, &format!("/applications/{id}")))
}

#[derive(Deserialize)]
struct VersionForm {
    row_version: i64,
}

async fn self_recommend(
    State(state): State<AppState>,
    headers: HeaderMap,
    Applicant(user): Applicant,
    Path(id): Path<i64>,
    Form(form): Form<VersionForm>,
) -> Result<Response> {
    state
        .workflow()
        .self_recommend(&user.caller, ApplicationId(id), form.row_version)
        .await?;
    Ok(done(&headers, &format!("/applications/{id}")))
}

#[derive(Deserialize)]
struct ReviewForm {
    row_version: i64,
    verdict: String,
    reason: String,
}

pub fn verdict(text: &str) -> Result<ReviewVerdict> {
    match text {
        "pass" => Ok(ReviewVerdict::Pass),
        "return" => Ok(ReviewVerdict::Return),
        "reject" => Ok(ReviewVerdict::Reject),
        other => Err(WebError::invalid(format!(
            "审核结论应为 pass、return 或 reject，不是“{other}”"
        ))),
    }
}

async fn review(
    State(state): State<AppState>,
    headers: HeaderMap,
    Decider(user): Decider,
    Path(id): Path<i64>,
    Form(form): Form<ReviewForm>,
) -> Result<Response> {
    state
        .workflow()
        .review(
            &user.caller,
            ApplicationId(id),
            form.row_version,
            verdict(&form.verdict)?,
            &form.reason,
        )
        .await?;
    Ok(done(&headers, &format!("/applications/{id}")))
}

#[derive(Deserialize)]
struct ConsultForm {
    source: String,
    queried_on: String,
    result: String,
    detail: Option<String>,
    finding: Option<String>,
}

/// The answer as the form gives it.
pub fn consultation_result(
    result: &str,
    detail: Option<String>,
    finding: Option<String>,
) -> Result<ConsultationResult> {
    match result {
        "clear" => Ok(ConsultationResult::Clear),
        "adverse" => Ok(ConsultationResult::Adverse {
            detail: detail.unwrap_or_default(),
            finding: finding.filter(|f| !f.trim().is_empty()),
        }),
        other => Err(WebError::invalid(format!(
            "结果应为 clear 或 adverse，不是“{other}”"
        ))),
    }
}

async fn consult(
    State(state): State<AppState>,
    headers: HeaderMap,
    SignedInUser(user): SignedInUser,
    Path(id): Path<i64>,
    Form(form): Form<ConsultForm>,
) -> Result<Response> {
    let input = ConsultationInput {
        source: form.source,
        queried_on: date_field(&form.queried_on, "查询日期")?,
        result: consultation_result(&form.result, form.detail, form.finding)?,
        attachment: None,
    };
    state
        .workflow()
        .record_consultation(&user.caller, ApplicationId(id), &input)
        .await?;
    Ok(done(&headers, &format!("/applications/{id}")))
}

/// A file as uploaded, with the name it was uploaded under.
pub struct UploadedFile {
    pub bytes: Bytes,
    pub name: String,
}

/// The fields of a multipart upload: the file, if one was chosen, and the other text fields.
pub struct Uploaded {
    pub file: Option<UploadedFile>,
    pub fields: Vec<(String, String)>,
}

impl Uploaded {
    pub fn field(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The file, which the form requires.
    pub fn required_file(&self) -> Result<&UploadedFile> {
        self.file
            .as_ref()
            .ok_or_else(|| WebError::invalid("没有选择文件"))
    }
}

/// Reads a multipart form with at most one file field, named `file`; a file field left empty
/// (no file chosen) is no file.
pub async fn read_upload(mut multipart: Multipart) -> Result<Uploaded> {
    let mut file = None;
    let mut fields = Vec::new();
    let too_large = |e: axum::extract::multipart::MultipartError| WebError::Upload(e.body_text());
    while let Some(field) = multipart.next_field().await.map_err(too_large)? {
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("附件").to_owned();
            let bytes = field.bytes().await.map_err(too_large)?;
            if !bytes.is_empty() || !file_name.is_empty() {
                file = Some(UploadedFile {
                    bytes,
                    name: file_name,
                });
            }
        } else {
            fields.push((name, field.text().await.map_err(too_large)?));
        }
    }
    Ok(Uploaded { file, fields })
}

async fn attach(
    State(state): State<AppState>,
    headers: HeaderMap,
    CaseReader(user): CaseReader,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response> {
    let upload = read_upload(multipart).await?;
    let file = upload.required_file()?;
    state
        .workflow()
        .attach(
            &user.caller,
            ApplicationId(id),
            &state.blobs,
            Upload {
                bytes: &file.bytes,
                name: &file.name,
                purpose: upload.field("purpose"),
                max_size: state.settings.max_upload,
            },
        )
        .await?;
    Ok(done(&headers, &format!("/applications/{id}")))
}

async fn download(
    State(state): State<AppState>,
    CaseReader(user): CaseReader,
    Path((id, sha256)): Path<(i64, String)>,
) -> Result<Response> {
    let digest: Digest = sha256.parse().map_err(|_| WebError::not_found())?;
    let (attachment, bytes) = state
        .workflow()
        .attachment(&user.caller, ApplicationId(id), &digest, &state.blobs)
        .await?;
    let disposition = format!(
        "attachment; filename=\"{}.{}\"",
        attachment.sha256.to_hex().get(..12).unwrap_or("file"),
        match attachment.media_type.as_str() {
            "application/pdf" => "pdf",
            "image/png" => "png",
            _ => "jpg",
        }
    );
    Ok((
        [
            (CONTENT_TYPE, attachment.media_type.as_str().to_owned()),
            (CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
