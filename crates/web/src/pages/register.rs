//! Registration: a unit registers itself (its credit code checked, GB 32100-2015) with the
//! account of its officer; a person registers to apply in their own name where a program
//! allows it. Both sign in at once.

use axum::extract::State;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use jiangxin_domain::credit_code::CreditCode;
use jiangxin_domain::division::DivisionCode;
use jiangxin_domain::id_number::ResidentId;
use jiangxin_domain::industry::EnterpriseClass;
use jiangxin_domain::phone::Phone;
use jiangxin_domain::unit::UnitType;
use jiangxin_store::Actor;
use jiangxin_store::accounts::{self, NewAccount, Role};
use jiangxin_store::persons::{self, NewPerson};
use jiangxin_store::units::{self, NewUnit};
use maud::{Markup, html};
use serde::Deserialize;

use crate::auth::{self, hash_password, home_of};
use crate::error::{Result, WebError};
use crate::facts_form::districts;
use crate::state::AppState;
use crate::views::Ctx;

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/register", get(page))
        .route("/register/unit", post(register_unit))
        .route("/register/person", post(register_person))
}

async fn page(ctx: Ctx) -> Markup {
    let body = html! {
        div.columns {
            form.card method="post" action="/register/unit" {
                (ctx.csrf())
                h2 { "单位注册" }
                p.hint { "注册后以单位经办人身份登录，为本单位职工申报。" }
                label { "统一社会信用代码" input name="credit_code" required maxlength="18" autocomplete="off"; }
                label { "单位名称" input name="name" required; }
                label { "单位类型" select name="unit_type" required {
                    @for t in UnitType::all() { option value=(t.name_zh()) { (t.name_zh()) } } } }
                label { "企业类别（企业填写）" select name="enterprise_class" {
                    option value="" { "—" }
                    @for c in EnterpriseClass::all() { option value=(c.name_zh()) { (c.name_zh()) } } } }
                label { "所在区（市、县）" select name="district" required {
                    @for (code, name) in districts() { option value=(code) { (name) "（" (code) "）" } } } }
                (account_fields())
                button.primary type="submit" { "注册单位" }
            }
            form.card method="post" action="/register/person" {
                (ctx.csrf())
                h2 { "个人注册" }
                p.hint { "项目允许个人自荐的（如区管首席技师），可以本人名义申报。" }
                label { "身份证号码" input name="id_number" required autocomplete="off"; }
                label { "姓名" input name="name" required; }
                label { "手机号码" input name="phone" type="tel"; }
                (account_fields())
                button.primary type="submit" { "注册" }
            }
        }
    };
    ctx.page("注册", body)
}

fn account_fields() -> Markup {
    html! {
        fieldset {
            legend { "登录账户" }
            label { "用户名" input name="login" required autocomplete="username"; }
            label { "密码（不少于 " (MIN_PASSWORD_CHARS) " 位）" input type="password" name="password" required autocomplete="new-password"; }
            label { "再次输入密码" input type="password" name="password_again" required autocomplete="new-password"; }
        }
    }
}

fn checked_password(password: &str, again: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(WebError::invalid(format!(
            "密码不少于 {MIN_PASSWORD_CHARS} 位"
        )));
    }
    if password != again {
        return Err(WebError::invalid("两次输入的密码不一致"));
    }
    Ok(())
}

fn login_text(login: &str) -> Result<String> {
    let login = login.trim();
    if login.is_empty() || login.chars().count() > 64 || login.chars().any(char::is_whitespace) {
        return Err(WebError::invalid("用户名须为 1–64 个不含空格的字符"));
    }
    Ok(login.to_owned())
}

/// A form's ID number, or the Chinese error that names the field.
pub fn id_number_field(value: &str) -> Result<ResidentId> {
    ResidentId::parse(value).map_err(|e| WebError::invalid(format!("身份证号码：{e}")))
}

/// A form's optional phone number (blank is none), or the error that names the field `what`.
pub fn phone_field(value: Option<&str>, what: &str) -> Result<Option<Phone>> {
    value
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(Phone::parse)
        .transpose()
        .map_err(|e| WebError::invalid(format!("{what}：{e}")))
}

/// Signs the new account in and sends it to its home page.
async fn signed_in(state: &AppState, login: &str, password: &str) -> Result<Response> {
    let signed = auth::sign_in(state, login, password).await?;
    let mut response = StatusCode::SEE_OTHER.into_response();
    response.headers_mut().insert(SET_COOKIE, signed.cookie);
    response.headers_mut().insert(
        LOCATION,
        HeaderValue::from_static(home_of(signed.account.role)),
    );
    Ok(response)
}

#[derive(Deserialize)]
struct UnitForm {
    credit_code: String,
    name: String,
    unit_type: String,
    enterprise_class: Option<String>,
    district: String,
    login: String,
    password: String,
    password_again: String,
}

async fn register_unit(
    State(state): State<AppState>,
    Form(form): Form<UnitForm>,
) -> Result<Response> {
    let credit_code = CreditCode::parse(&form.credit_code)
        .map_err(|e| WebError::invalid(format!("统一社会信用代码：{e}")))?;
    let unit_type = UnitType::parse(&form.unit_type)
        .map_err(|e| WebError::invalid(format!("单位类型：{e}")))?;
    let enterprise_class = form
        .enterprise_class
        .as_deref()
        .filter(|c| !c.is_empty())
        .map(EnterpriseClass::parse)
        .transpose()
        .map_err(|e| WebError::invalid(format!("企业类别：{e}")))?;
    let district = DivisionCode::parse(&form.district)
        .map_err(|e| WebError::invalid(format!("所在区：{e}")))?;
    let name = form.name.trim();
    if name.is_empty() {
        return Err(WebError::invalid("须填写单位名称"));
    }
    let login = login_text(&form.login)?;
    checked_password(&form.password, &form.password_again)?;
    let store = state.store();
    if units::find_by_credit_code(&store, &credit_code)
        .await?
        .is_some()
    {
        return Err(WebError::Refused(format!(
            "统一社会信用代码 {} 的单位已注册，请由已注册的经办人登录",
            credit_code.as_str()
        )));
    }
    let tx = store.begin(Actor::system("registration")).await?;
    let unit = units::insert(
        &tx,
        &NewUnit {
            credit_code,
            name: name.to_owned(),
            unit_type,
            enterprise_class,
            district,
        },
    )
    .await?;
    accounts::insert(
        &tx,
        &NewAccount {
            login: login.clone(),
            password_hash: Some(hash_password(&form.password)),
            role: Role::UnitOfficer,
            district: None,
            unit: Some(unit.id),
        },
    )
    .await?;
    tx.commit().await?;
    signed_in(&state, &login, &form.password).await
}

#[derive(Deserialize)]
struct PersonForm {
    id_number: String,
    name: String,
    phone: Option<String>,
    login: String,
    password: String,
    password_again: String,
}

async fn register_person(
    State(state): State<AppState>,
    Form(form): Form<PersonForm>,
) -> Result<Response> {
    let id_number = id_number_field(&form.id_number)?;
    let phone = phone_field(form.phone.as_deref(), "手机号码")?;
    let name = form.name.trim();
    if name.is_empty() {
        return Err(WebError::invalid("须填写姓名"));
    }
    let login = login_text(&form.login)?;
    checked_password(&form.password, &form.password_again)?;
    let store = state.store();
    let tx = store.begin(Actor::system("registration")).await?;
    // Whoever knows an ID number must not take over the applications a unit made for that
    // person: an existing person's account is opened by the bureau, after checking papers.
    if persons::find_by_id_number(&tx, &id_number).await?.is_some() {
        return Err(WebError::Refused(
            "该身份证号码已有人员记录（如已由单位申报），请持本人身份证件到人社部门开通个人账户"
                .to_owned(),
        ));
    }
    let person = persons::insert(
        &tx,
        &NewPerson {
            id_number,
            name: name.to_owned(),
            phone,
        },
    )
    .await?;
    let account = accounts::insert(
        &tx,
        &NewAccount {
            login: login.clone(),
            password_hash: Some(hash_password(&form.password)),
            role: Role::Individual,
            district: None,
            unit: None,
        },
    )
    .await?;
    accounts::link_person(&tx, account.id, person.id).await?;
    tx.commit().await?;
    signed_in(&state, &login, &form.password).await
}
