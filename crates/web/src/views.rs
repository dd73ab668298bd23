//! The layout every page shares and the small pieces pages are built of. Pages are rendered on
//! the server with maud (checked when compiled); htmx, served from the binary, swaps the
//! fragments that change while a form is filled in.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use chrono::NaiveDate;
use jiangxin_store::accounts::Role;
use maud::{DOCTYPE, Markup, html};

use crate::auth::{CSRF_FIELD, Visitor};
use crate::error::WebError;
use crate::state::AppState;

/// What the layout needs to know about the request: who is asking, their form token, and the
/// server's date.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub visitor: Visitor,
    pub today: NaiveDate,
    pub demo: bool,
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let visitor = Visitor::from_request_parts(parts, state).await?;
        Ok(Self::new(state, visitor))
    }
}

/// htmx settings: no inline indicator styles (the CSP forbids them), no `eval`, and error
/// answers swapped in like any other, so that a refusal's reason shows where the form is.
const HTMX_CONFIG: &str = r#"{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,"responseHandling":[{"code":"204","swap":false},{"code":"[23]..","swap":true},{"code":"[45]..","swap":true,"error":true}]}"#;

impl Ctx {
    pub fn new(state: &AppState, visitor: Visitor) -> Self {
        Self {
            visitor,
            today: state.today(),
            demo: state.clock.is_movable(),
        }
    }

    pub fn role(&self) -> Option<Role> {
        self.visitor.user.as_ref().map(|u| u.caller.role)
    }

    /// The hidden field that carries the form's CSRF token.
    pub fn csrf(&self) -> Markup {
        html! { input type="hidden" name=(CSRF_FIELD) value=(self.visitor.csrf); }
    }

    /// A URL with the CSRF token in its query, for a multipart form's `action`.
    pub fn with_csrf(&self, path: &str) -> String {
        let separator = if path.contains('?') { '&' } else { '?' };
        format!("{path}{separator}{CSRF_FIELD}={}", self.visitor.csrf)
    }

    /// A whole page.
    pub fn page(&self, title: &str, body: Markup) -> Markup {
        let headers = serde_json::json!({ "X-CSRF-Token": self.visitor.csrf }).to_string();
        html! {
            (DOCTYPE)
            html lang="zh-CN" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    meta name="htmx-config" content=(HTMX_CONFIG);
                    title { (title) " · 匠心" }
                    link rel="stylesheet" href="/assets/app.css";
                    script src="/assets/htmx.min.js" defer {}
                    script src="/assets/app.js" defer {}
                }
                body hx-headers=(headers) {
                    header.top {
                        a.brand href="/" { "匠心" span { "技能人才项目管理平台" } }
                        nav { (self.nav()) }
                        div.who { (self.who()) }
                    }
                    div.today {
                        "今天是 " (self.today)
                        @if self.demo {
                            " · 演示环境：日期由系统管理员在“演示日期”中设定，以便按通知规定的日期办理"
                        }
                    }
                    @if self.visitor.session_expired {
                        p.notice.warn { "长时间未操作，已自动退出，请重新登录。" }
                    }
                    main {
                        h1 { (title) }
                        (body)
                    }
                    footer { "大连市人力资源和社会保障局 · 匠心技能人才项目管理平台 · " a href="/api/docs/" { "接口文档" } }
                }
            }
        }
    }

    fn nav(&self) -> Markup {
        let links: &[(&str, &str)] = match self.role() {
            None => &[
                ("/", "正在申报的项目"),
                ("/notices", "公示"),
                ("/verify", "证书查验"),
                ("/register", "单位注册"),
            ],
            Some(Role::UnitOfficer) => &[
                ("/unit", "本单位申报"),
                ("/apply", "新建申报"),
                ("/unit/staff", "本单位职工"),
                ("/notices", "公示"),
            ],
            Some(Role::Individual) => &[
                ("/me", "我的申报"),
                ("/apply", "个人申报"),
                ("/notices", "公示"),
            ],
            Some(Role::DistrictReviewer | Role::CityReviewer) => &[
                ("/work", "待办"),
                ("/panels", "专家评审"),
                ("/manage/notices", "公示管理"),
                ("/parameters", "参数"),
            ],
            Some(Role::Expert) => &[("/expert", "评审任务")],
            Some(Role::Finance) => &[("/finance", "待遇发放"), ("/work", "待办")],
            Some(Role::Admin) => &[
                ("/admin", "账户与角色"),
                ("/parameters", "参数"),
                ("/admin/programs", "项目文件"),
                ("/admin/holidays", "节假日数据"),
                ("/admin/clock", "演示日期"),
            ],
        };
        html! {
            @for (href, label) in links {
                a href=(href) { (label) }
            }
        }
    }

    fn who(&self) -> Markup {
        match &self.visitor.user {
            None => html! { a.button href="/login" { "登录" } },
            Some(user) => html! {
                span { (user.login) "（" (user.caller.role.name_zh()) "）" }
                form.inline method="post" action="/logout" {
                    (self.csrf())
                    button type="submit" { "退出" }
                }
            },
        }
    }
}

/// A page that is only a message: for errors, and for the answer to a form.
pub fn message_page(
    ctx: &Ctx,
    title: &str,
    class: &str,
    message: &str,
    back: Option<(&str, &str)>,
) -> Markup {
    ctx.page(
        title,
        html! {
            p.notice.(class) { (message) }
            @if let Some((href, label)) = back {
                p { a href=(href) { (label) } }
            }
        },
    )
}

/// A fragment that htmx swaps into a form's result box.
pub fn flash(class: &str, message: &str) -> Markup {
    html! { p.notice.(class) role="status" { (message) } }
}

/// Text with its line breaks kept, escaped.
pub fn multiline(text: &str) -> Markup {
    html! {
        @for (i, line) in text.lines().enumerate() {
            @if i > 0 { br; }
            (line)
        }
    }
}

/// A yes/no/unknown value in Chinese.
pub fn yes_no(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "是",
        Some(false) => "否",
        None => "未知",
    }
}

/// A date, or a dash.
pub fn date_or_dash(date: Option<NaiveDate>) -> String {
    date.map_or_else(|| "—".to_owned(), |d| d.to_string())
}
