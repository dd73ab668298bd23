//! The administrator's pages: accounts and roles (create with a first password shown once,
//! another role with its scope, unlock after repeated failed log-ins), the program files with
//! the versions stored (a new notice's file validated and, if asked, activated without a
//! restart), the holiday data loaded, and the demo date.

use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use jiangxin_domain::division::DivisionCode;
use jiangxin_policy::Program;
use jiangxin_store::accounts::{AccountId, NewAccount, Role};
use jiangxin_store::programs;
use jiangxin_store::units::{self, UnitId};
use maud::{Markup, html};
use serde::Deserialize;

use crate::auth::{self, Admin};
use crate::error::{Result, WebError};
use crate::files::program_files;
use crate::pages::applications::{date_field, done, read_upload, unit_field};
use crate::state::AppState;
use crate::views::{Ctx, message_page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(accounts).post(create_account))
        .route("/admin/accounts/{id}/role", post(reassign))
        .route("/admin/accounts/{id}/unlock", post(unlock))
        .route("/admin/programs", get(program_list).post(upload_program))
        .route("/admin/holidays", get(holidays))
        .route("/admin/clock", get(clock).post(set_clock))
}

fn role_field(text: &str) -> Result<Role> {
    Role::ALL
        .into_iter()
        .find(|r| r.as_str() == text)
        .ok_or_else(|| WebError::invalid(format!("没有角色“{text}”")))
}

/// A form field's text, unless it was left empty.
fn given(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// The scope a form gives: a district code, a unit by its credit code; empty fields are none.
async fn scope_fields(
    state: &AppState,
    district: Option<&str>,
    unit_credit_code: Option<&str>,
) -> Result<(Option<DivisionCode>, Option<UnitId>)> {
    let district = given(district)
        .map(DivisionCode::parse)
        .transpose()
        .map_err(|e| WebError::invalid(format!("行政区划代码：{e}")))?;
    let unit = unit_field(state, unit_credit_code).await?;
    Ok((district, unit))
}

fn role_select(selected: Role) -> Markup {
    html! {
        select name="role" required {
            @for role in Role::ALL {
                option value=(role.as_str()) selected[role == selected] { (role.name_zh()) }
            }
        }
    }
}

async fn accounts(State(state): State<AppState>, ctx: Ctx, Admin(user): Admin) -> Result<Markup> {
    let workflow = state.workflow();
    let store = state.store();
    let mut rows = Vec::new();
    for account in workflow.accounts(&user.caller).await? {
        let unit = match account.unit {
            Some(unit) => Some(units::get(&store, unit).await?.name),
            None => None,
        };
        let locked = auth::locked_until(&state, &account).await?;
        rows.push((account, unit, locked));
    }
    let body = html! {
        form.card method="post" action="/admin" {
            (ctx.csrf())
            h2 { "新建账户" }
            p.hint { "区县审核人须填行政区划代码，单位经办人须填所属单位的统一社会信用代码，其他角色两项都不填。初始密码由系统生成，只显示一次。" }
            div.grid {
                label { "用户名" input name="login" required autocomplete="off"; }
                label { "角色" (role_select(Role::CityReviewer)) }
                label { "区县（行政区划代码）" input name="district" placeholder="210202" autocomplete="off"; }
                label { "单位（统一社会信用代码）" input name="unit_credit_code" autocomplete="off"; }
            }
            button.primary type="submit" { "创建" }
        }
        h2 { "账户（" (rows.len()) "）" }
        table {
            thead { tr { th { "用户名" } th { "角色与范围" } th { "状态" } th { "调整角色" } } }
            tbody {
                @for (account, unit, locked) in &rows {
                    tr {
                        td { (account.login) div.hint { "创建于 " (account.created_at.date_naive()) } }
                        td { (account.role.name_zh())
                            @if let Some(district) = &account.district { div.hint { "区县 " (district.as_str()) } }
                            @if let Some(unit) = unit { div.hint { (unit) } } }
                        td {
                            @if account.password_hash.is_none() { span.badge { "不能登录" } }
                            @else if let Some(until) = locked {
                                span.badge.err { "已锁定至 " (until.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8")).format("%H:%M")) }
                                form.inline method="post" action={ "/admin/accounts/" (account.id) "/unlock" } {
                                    (ctx.csrf()) " " button type="submit" { "解锁" } }
                            } @else { span.badge.ok { "正常" } }
                        }
                        td {
                            @if account.id != user.caller.account && account.password_hash.is_some() {
                                form.inline method="post" action={ "/admin/accounts/" (account.id) "/role" } {
                                    (ctx.csrf())
                                    (role_select(account.role))
                                    " " input name="district" size="8" placeholder="区县代码" value=(account.district.as_ref().map_or("", |d| d.as_str()));
                                    " " input name="unit_credit_code" size="18" placeholder="单位信用代码";
                                    " " button type="submit" { "调整" }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(ctx.page("账户与角色", body))
}

#[derive(Deserialize)]
struct AccountForm {
    login: String,
    role: String,
    district: Option<String>,
    unit_credit_code: Option<String>,
}

async fn create_account(
    State(state): State<AppState>,
    ctx: Ctx,
    Admin(user): Admin,
    Form(form): Form<AccountForm>,
) -> Result<Markup> {
    let (district, unit) = scope_fields(
        &state,
        form.district.as_deref(),
        form.unit_credit_code.as_deref(),
    )
    .await?;
    let password = auth::first_password();
    let account = state
        .workflow()
        .create_account(
            &user.caller,
            &NewAccount {
                login: form.login,
                password_hash: Some(auth::hash_password(&password)),
                role: role_field(&form.role)?,
                district,
                unit,
            },
        )
        .await?;
    Ok(message_page(
        &ctx,
        "账户已创建",
        "ok",
        &format!(
            "账户 {}（{}）已创建。初始密码：{password} —— 只显示这一次，请当面或以安全方式转告本人。",
            account.login,
            account.role.name_zh()
        ),
        Some(("/admin", "返回账户列表")),
    ))
}

#[derive(Deserialize)]
struct RoleForm {
    role: String,
    district: Option<String>,
    unit_credit_code: Option<String>,
}

async fn reassign(
    State(state): State<AppState>,
    headers: HeaderMap,
    Admin(user): Admin,
    Path(id): Path<i64>,
    Form(form): Form<RoleForm>,
) -> Result<Response> {
    let role = role_field(&form.role)?;
    // A scope left over from the account's old role does not go with the new one.
    let (district, unit) = scope_fields(
        &state,
        form.district
            .as_deref()
            .filter(|_| role == Role::DistrictReviewer),
        form.unit_credit_code.as_deref(),
    )
    .await?;
    state
        .workflow()
        .reassign_account(&user.caller, AccountId(id), role, district.as_ref(), unit)
        .await?;
    Ok(done(&headers, "/admin"))
}

async fn unlock(
    State(state): State<AppState>,
    headers: HeaderMap,
    Admin(user): Admin,
    Path(id): Path<i64>,
) -> Result<Response> {
    state
        .workflow()
        .unlock_account(&user.caller, AccountId(id))
        .await?;
    Ok(done(&headers, "/admin"))
}

async fn program_list(State(state): State<AppState>, ctx: Ctx, Admin(_): Admin) -> Result<Markup> {
    let workflow = state.workflow();
    let versions = programs::list(workflow.store()).await?;
    let files =
        program_files(&state.settings.data_dir).map_err(|e| WebError::Refused(e.to_string()))?;
    let action = ctx.with_csrf("/admin/programs");
    let body = html! {
        h2 { "在用的项目" }
        table {
            thead { tr { th { "项目编号" } th { "项目" } th { "文号" } th { "版本" } th { "有效期至" } } }
            tbody {
                @for program in workflow.programs().iter() {
                    tr {
                        td { a href={ "/programs/" (program.id()) } { (program.id()) } }
                        td { (program.meta.title) }
                        td { (program.meta.document) }
                        td { (program.meta.version) }
                        td { (crate::views::date_or_dash(program.meta.valid_until)) }
                    }
                }
            }
        }
        h2 { "已载入数据库的版本" }
        p.hint { "每份申报保存其评审所依据的版本；同一项目同一版本号的文件内容不能更改。" }
        table {
            thead { tr { th { "项目编号" } th { "版本" } th { "SHA-256" } th { "载入时间" } } }
            tbody {
                @for version in &versions {
                    tr {
                        td { (version.program_id) }
                        td { (version.version) }
                        td { code { (version.sha256.to_hex().get(..16).unwrap_or("")) "…" } }
                        td { (version.loaded_at.date_naive()) }
                    }
                }
            }
        }
        h2 { "项目文件" }
        ul { @for (name, _) in &files { li { code { (name) } } } }
        form.card method="post" enctype="multipart/form-data" action=(action) {
            h2 { "上传新的项目文件" }
            p.hint { "新一年的通知是一个新的项目文件（TOML）。上传后先校验；勾选“校验通过后启用”的，写入数据目录的 programs/ 并立即生效，无需重启。" }
            label { "项目文件（.toml）" input type="file" name="file" accept=".toml,text/plain" required; }
            label { input type="checkbox" name="activate" value="yes"; "校验通过后启用" }
            button.primary type="submit" { "上传并校验" }
        }
    };
    Ok(ctx.page("项目文件", body))
}

/// Validates an uploaded program file and, when asked and valid, activates it: the whole set
/// is validated with it, loaded into the database, written to `DATA_DIR/programs/<id>.toml` and
/// published to the requests that start from then on.
async fn upload_program(
    State(state): State<AppState>,
    ctx: Ctx,
    Admin(_): Admin,
    multipart: Multipart,
) -> Result<Markup> {
    let upload = read_upload(multipart).await?;
    let file = upload.required_file()?;
    let text = std::str::from_utf8(&file.bytes)
        .map_err(|_| WebError::invalid("项目文件须为 UTF-8 文本（the file must be UTF-8 text）"))?;
    let program = match Program::from_toml_str(&file.name, text) {
        Ok(program) => program,
        Err(err) => {
            return Ok(message_page(
                &ctx,
                "校验未通过",
                "error",
                &err.to_string(),
                Some(("/admin/programs", "返回项目文件")),
            ));
        }
    };
    let summary = format!(
        "{}（{}，编号 {}，版本 {}）校验通过",
        program.meta.title,
        program.meta.document,
        program.id(),
        program.meta.version
    );
    if upload.field("activate") != "yes" {
        return Ok(message_page(
            &ctx,
            "校验通过",
            "ok",
            &format!("{summary}；未启用。"),
            Some(("/admin/programs", "返回项目文件")),
        ));
    }
    // The id names the file in the data directory: nothing in it may lead out of `programs/`.
    let safe_name = !program.id().starts_with('.')
        && program
            .id()
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !safe_name {
        return Err(WebError::invalid(format!(
            "项目编号“{}”只能由字母、数字、连字符、下划线和点组成，才能保存为文件（the program id must be a file name）",
            program.id()
        )));
    }
    let dir = state.settings.data_dir.join("programs");
    let path = dir.join(format!("{}.toml", program.id()));
    let path_name = path.display().to_string();
    let mut files =
        program_files(&state.settings.data_dir).map_err(|e| WebError::Refused(e.to_string()))?;
    files.retain(|(name, _)| *name != path_name);
    files.push((path_name, text.to_owned()));
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    let workflow = state.workflow().republish(&borrowed)?;
    workflow.load_program_versions().await?;
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&path, text))
        .map_err(|e| WebError::Internal(format!("writing the program file: {e}")))?;
    state.replace_workflow(workflow);
    Ok(message_page(
        &ctx,
        "已启用",
        "ok",
        &format!("{summary}，已启用。"),
        Some(("/admin/programs", "返回项目文件")),
    ))
}

async fn holidays(State(state): State<AppState>, ctx: Ctx, Admin(_): Admin) -> Result<Markup> {
    let workflow = state.workflow();
    let years: Vec<i32> = workflow.calendar().published_years().collect();
    let dir = state.settings.data_dir.join("holiday-cn");
    let mut overrides: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".json"))
                .collect()
        })
        .unwrap_or_default();
    overrides.sort();
    let today = workflow.calendar().day_kind(ctx.today);
    let body = html! {
        p.hint { "工作日按国务院办公厅每年发布的节假日安排计算（NateScarlet/holiday-cn，MIT 许可）。尚未发布的年份计算期限时会明确报错。" }
        dl.facts {
            dt { "已载入的年份" } dd { @for (i, year) in years.iter().enumerate() { @if i > 0 { "、" } (year) } }
            dt { "今天（" (ctx.today) "）" } dd { @match &today {
                Ok(kind) => { @if kind.is_working_day() { "工作日" } @else { "休息日" } },
                Err(err) => (err.to_string()),
            } }
            dt { "数据目录中的补充文件" } dd {
                @if overrides.is_empty() { "无" }
                @for name in &overrides { code { (name) } " " } }
        }
        p.hint { "补充或更正某一年：将该年的 YYYY.json 放入数据目录的 holiday-cn/（" code { (dir.display()) } "），重启服务后生效。" }
    };
    Ok(ctx.page("节假日数据", body))
}

async fn clock(ctx: Ctx, Admin(_): Admin) -> Markup {
    let body = html! {
        @if ctx.demo {
            form.card.narrow method="post" action="/admin/clock" {
                (ctx.csrf())
                p.hint { "演示环境的日期。种子通知的申报、审核、公示各有办理期，调到相应日期即可办理。" }
                label { "演示日期" input type="date" name="today" value=(ctx.today) required; }
                button.primary type="submit" { "设定" }
            }
        } @else {
            p.notice.info { "正式环境使用服务器的北京时间日期，不能修改。" }
        }
    };
    ctx.page("演示日期", body)
}

#[derive(Deserialize)]
struct ClockForm {
    today: String,
}

async fn set_clock(
    State(state): State<AppState>,
    headers: HeaderMap,
    Admin(_): Admin,
    Form(form): Form<ClockForm>,
) -> Result<Response> {
    let today = date_field(&form.today, "演示日期")?;
    if !state.clock.set(today) {
        return Err(WebError::Refused(
            "正式环境的日期不能修改（only a demo's date can be moved）".to_owned(),
        ));
    }
    Ok(done(&headers, "/admin/clock"))
}
