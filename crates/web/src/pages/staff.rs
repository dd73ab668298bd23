//! The unit's staff roster (职工名册): the unit officer adds members, changes their post and
//! skill level and marks them as left; the reviewers read a unit's roster. The scope rule is the
//! workflow's ([`jiangxin_workflow::staff`]); the apply page fills its applicant from here.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use jiangxin_calendar::age::full_years;
use jiangxin_domain::skill::SkillLevel;
use jiangxin_store::persons::NewPerson;
use jiangxin_store::staff::{StaffChange, StaffId, StaffMember};
use jiangxin_store::units::{self, UnitId};
use jiangxin_workflow::StaffInput;
use maud::{Markup, html};
use serde::Deserialize;

use crate::auth::{Reviewer, UnitOfficer, User};
use crate::error::{Result, WebError};
use crate::pages::applications::{date_field, done};
use crate::pages::register::{id_number_field, phone_field};
use crate::state::AppState;
use crate::views::{Ctx, date_or_dash};

const ROSTER: &str = "/unit/staff";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(ROSTER, get(roster).post(add))
        .route("/unit/staff/{id}", post(change))
        .route("/unit/staff/{id}/left", post(left))
        .route("/units/{id}/staff", get(unit_roster))
}

/// The officer's own unit; an officer's account always has one.
fn own_unit(user: &User) -> Result<UnitId> {
    user.caller
        .unit
        .ok_or_else(|| WebError::Refused("账户未关联单位，请联系系统管理员".to_owned()))
}

/// A skill level's select, with “none” for staff without a national level.
fn level_select(current: Option<SkillLevel>) -> Markup {
    html! {
        select name="skill_level" {
            option value="" selected[current.is_none()] { "无" }
            @for level in SkillLevel::all() {
                option value=(level.name_zh()) selected[current == Some(*level)] {
                    (level.grade_zh()) "／" (level.name_zh())
                }
            }
        }
    }
}

fn level_field(value: &str) -> Result<Option<SkillLevel>> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    SkillLevel::parse(value)
        .map(Some)
        .map_err(|e| WebError::invalid(format!("职业技能等级：{e}")))
}

/// The roster table; `edit` adds the officer's forms to each current member's row.
fn table(ctx: &Ctx, roster: &[StaffMember], edit: bool) -> Markup {
    html! {
        @if roster.is_empty() {
            p.hint { "名册中尚无职工。" }
        } @else {
            table {
                thead { tr {
                    th { "姓名" } th { "身份证号码" } th { "性别" } th { "年龄" } th { "岗位（工种）" }
                    th { "职业技能等级" } th { "入职日期" } th { "离职日期" }
                    @if edit { th { "维护" } }
                } }
                tbody {
                    @for member in roster {
                        @let person = &member.person;
                        tr {
                            td { (person.name) }
                            td { (person.id_number.masked()) }
                            td { (person.gender.name_zh()) }
                            td { @if let Ok(age) = full_years(person.birth_date, ctx.today) { (age) } }
                            td { (member.post) }
                            td { (member.skill_level.map_or("—", SkillLevel::name_zh)) }
                            td { (member.joined_on) }
                            td { (date_or_dash(member.left_on)) }
                            @if edit { td { @if member.left_on.is_none() { (member_forms(ctx, member)) } } }
                        }
                    }
                }
            }
        }
    }
}

fn member_forms(ctx: &Ctx, member: &StaffMember) -> Markup {
    html! {
        form.inline method="post" action={ "/unit/staff/" (member.id) } {
            (ctx.csrf())
            input name="post" value=(member.post) required aria-label="岗位（工种）";
            (level_select(member.skill_level))
            button type="submit" { "保存" }
        }
        form.inline method="post" action={ "/unit/staff/" (member.id) "/left" } {
            (ctx.csrf())
            input type="date" name="left_on" value=(ctx.today) required aria-label="离职日期";
            button type="submit" { "标记离职" }
        }
    }
}

async fn roster(
    State(state): State<AppState>,
    ctx: Ctx,
    UnitOfficer(user): UnitOfficer,
) -> Result<Markup> {
    let roster = state
        .workflow()
        .staff(&user.caller, own_unit(&user)?)
        .await?;
    let body = html! {
        p.hint { "本单位职工名册。新建申报时可从名册中选择申报人，自动填入姓名、身份证号码和电话。" }
        (table(&ctx, &roster, true))
        form.card method="post" action=(ROSTER) {
            (ctx.csrf())
            h2 { "添加职工" }
            div.grid {
                label { "身份证号码" input name="id_number" required autocomplete="off"; }
                label { "姓名" input name="name" required; }
                label { "手机号码（可不填）" input name="phone" type="tel"; }
                label { "岗位（工种）" input name="post" required; }
                label { "职业技能等级" (level_select(None)) }
                label { "入职日期" input type="date" name="joined_on" required; }
            }
            button.primary type="submit" { "添加" }
        }
    };
    Ok(ctx.page("本单位职工", body))
}

async fn unit_roster(
    State(state): State<AppState>,
    ctx: Ctx,
    Reviewer(user): Reviewer,
    Path(id): Path<i64>,
) -> Result<Markup> {
    let unit = UnitId(id);
    let roster = state.workflow().staff(&user.caller, unit).await?;
    let unit = units::get(&state.store(), unit).await?;
    Ok(ctx.page(
        &format!("{} · 职工名册", unit.name),
        table(&ctx, &roster, false),
    ))
}

#[derive(Deserialize)]
struct AddForm {
    id_number: String,
    name: String,
    phone: Option<String>,
    post: String,
    skill_level: String,
    joined_on: String,
}

async fn add(
    State(state): State<AppState>,
    headers: HeaderMap,
    UnitOfficer(user): UnitOfficer,
    Form(form): Form<AddForm>,
) -> Result<Response> {
    let id_number = id_number_field(&form.id_number)?;
    let phone = phone_field(form.phone.as_deref(), "手机号码")?;
    let input = StaffInput {
        person: NewPerson {
            id_number,
            name: form.name.trim().to_owned(),
            phone,
        },
        post: form.post,
        skill_level: level_field(&form.skill_level)?,
        joined_on: date_field(&form.joined_on, "入职日期")?,
    };
    state.workflow().add_staff(&user.caller, &input).await?;
    Ok(done(&headers, ROSTER))
}

#[derive(Deserialize)]
struct ChangeForm {
    post: String,
    skill_level: String,
}

async fn change(
    State(state): State<AppState>,
    headers: HeaderMap,
    UnitOfficer(user): UnitOfficer,
    Path(id): Path<i64>,
    Form(form): Form<ChangeForm>,
) -> Result<Response> {
    let change = StaffChange {
        post: form.post,
        skill_level: level_field(&form.skill_level)?,
    };
    state
        .workflow()
        .change_staff(&user.caller, StaffId(id), &change)
        .await?;
    Ok(done(&headers, ROSTER))
}

#[derive(Deserialize)]
struct LeftForm {
    left_on: String,
}

async fn left(
    State(state): State<AppState>,
    headers: HeaderMap,
    UnitOfficer(user): UnitOfficer,
    Path(id): Path<i64>,
    Form(form): Form<LeftForm>,
) -> Result<Response> {
    let on = date_field(&form.left_on, "离职日期")?;
    state
        .workflow()
        .staff_left(&user.caller, StaffId(id), on)
        .await?;
    Ok(done(&headers, ROSTER))
}
