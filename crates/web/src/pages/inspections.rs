//! Site inspections (实地考察) recorded on an application by the reviewers who visit the unit:
//! the day, who went, what they found. The record joins the application's history; the stage
//! is then decided with the review form as usual.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};
use jiangxin_store::applications::ApplicationId;
use jiangxin_workflow::InspectionInput;
use maud::{Markup, html};
use serde::Deserialize;

use crate::auth::Reviewer;
use crate::error::Result;
use crate::pages::applications::{date_field, done};
use crate::state::AppState;
use crate::views::Ctx;

pub fn router() -> Router<AppState> {
    Router::new().route("/applications/{id}/inspections", post(record))
}

/// The form on the application's page, for a reviewer while the application waits at a stage.
pub fn form(ctx: &Ctx, id: ApplicationId) -> Markup {
    html! {
        section.card {
            h3 { "记录实地考察" }
            form method="post" action={ "/applications/" (id) "/inspections" } {
                (ctx.csrf())
                div.grid {
                    label { "考察日期" input type="date" name="visited_on" value=(ctx.today) required; }
                    label { "考察人员" input name="inspectors" required placeholder="姓名、职务"; }
                }
                label { "考察情况（记入办理记录，申报人可见）" textarea name="findings" rows="2" required {} }
                p.hint { "考察记录表等材料可在下方“上传附件”中以“实地考察记录”为用途上传。" }
                button type="submit" { "记录" }
            }
        }
    }
}

#[derive(Deserialize)]
struct InspectionForm {
    visited_on: String,
    inspectors: String,
    findings: String,
}

async fn record(
    State(state): State<AppState>,
    headers: HeaderMap,
    Reviewer(user): Reviewer,
    Path(id): Path<i64>,
    Form(form): Form<InspectionForm>,
) -> Result<Response> {
    let input = InspectionInput {
        visited_on: date_field(&form.visited_on, "考察日期")?,
        inspectors: form.inspectors,
        findings: form.findings,
    };
    state
        .workflow()
        .record_inspection(&user.caller, ApplicationId(id), &input)
        .await?;
    Ok(done(&headers, &format!("/applications/{id}")))
}
