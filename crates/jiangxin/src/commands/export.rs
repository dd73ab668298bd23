//! `jiangxin export`: the official documents printed from the database, as the operator of the
//! database (the web application offers the same documents to each account within its scope):
//! application forms, summaries, notices, certificates and the finance bureau's payment lists.
use std::path::Path;
use std::sync::Arc;

use jiangxin_pdf::Engine;
use jiangxin_reports::payments::{self, PaymentFilter};
use jiangxin_reports::{Document, certificate, forms, notice, summary};
use jiangxin_store::applications::{self, ApplicationId};
use jiangxin_store::ledger::PaymentStatus;
use jiangxin_store::notices::NoticeId;
use jiangxin_workflow::{Clock, SystemClock};
use serde::Serialize;

use super::{id_arg, runtime, workflow, write_out};
use crate::cli::ExportCommand;
use crate::error::CliError;
use crate::output::emit;

/// The site a certificate's QR code points into: an `http` or `https` address.
fn site_arg(raw: &str) -> Result<String, CliError> {
    let site = raw.trim();
    let host = site
        .strip_prefix("https://")
        .or_else(|| site.strip_prefix("http://"))
        .unwrap_or_default();
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(CliError::invalid(
            "--site",
            format!(
                "“{raw}”不是网址，应为 http:// 或 https:// 开头的地址（not an http or https address）"
            ),
        ));
    }
    Ok(site.to_owned())
}

/// The statuses asked for; none is the payments due.
fn statuses_arg(raw: &[String]) -> Result<Vec<PaymentStatus>, CliError> {
    if raw.is_empty() {
        return Ok(vec![PaymentStatus::Scheduled]);
    }
    raw.iter()
        .map(|text| {
            PaymentStatus::from_name(text.trim()).ok_or_else(|| {
                let names: Vec<&str> = PaymentStatus::ALL.iter().map(|s| s.as_str()).collect();
                CliError::invalid(
                    "--status",
                    format!(
                        "没有款项状态“{text}”，应为 {}（unknown status）",
                        names.join("、")
                    ),
                )
            })
        })
        .collect()
}

#[derive(Serialize)]
struct Exported {
    what: &'static str,
    out: String,
    media_type: &'static str,
    bytes: usize,
}

pub fn run(
    json: bool,
    data_dir: &Path,
    database_url: &str,
    cmd: ExportCommand,
) -> Result<(), CliError> {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let today = clock.today();
    let (what, out, document) = runtime()?.block_on(async {
        let workflow = workflow(data_dir, database_url, clock).await?;
        let exported = match cmd {
            ExportCommand::Application { id, out } => {
                let id = ApplicationId(id_arg("--id", &id)?);
                let application = applications::get(workflow.store(), id).await?;
                let engine = Engine::new().map_err(jiangxin_reports::ReportError::from)?;
                let document = forms::application_form(&workflow, &engine, application).await?;
                ("申报书", out, document)
            }
            ExportCommand::Summary { program, out } => {
                let applications =
                    summary::program_applications(workflow.store(), &program).await?;
                let document = summary::summary(&workflow, &program, applications, today).await?;
                ("汇总表", out, document)
            }
            ExportCommand::Notice { id, out } => {
                let id = NoticeId(id_arg("--id", &id)?);
                let engine = Engine::new().map_err(jiangxin_reports::ReportError::from)?;
                let document = notice::notice_pdf(&workflow, &engine, id).await?;
                ("公示", out, document)
            }
            ExportCommand::Certificate { id, site, out } => {
                let id = ApplicationId(id_arg("--id", &id)?);
                let site = site_arg(&site)?;
                let engine = Engine::new().map_err(jiangxin_reports::ReportError::from)?;
                let document = certificate::certificate_pdf(&workflow, &engine, id, &site).await?;
                ("证书", out, document)
            }
            ExportCommand::Payments {
                status,
                program,
                out,
            } => {
                let filter = PaymentFilter {
                    statuses: statuses_arg(&status)?,
                    program,
                };
                let lines = payments::stored_lines(workflow.store(), &filter.statuses).await?;
                let entries = payments::entries(workflow.store(), lines).await?;
                let document = payments::payment_list(&workflow, &entries, &filter, today)?;
                ("发放名单", out, document)
            }
        };
        workflow.store().clone().close().await?;
        Ok::<_, CliError>(exported)
    })?;
    let Document {
        media_type, bytes, ..
    } = document;
    write_out("--out", &out, &bytes)?;
    let output = Exported {
        what,
        out: out.display().to_string(),
        media_type,
        bytes: bytes.len(),
    };
    emit(json, &output, |o| {
        format!("已导出{}：{}（{} 字节）", o.what, o.out, o.bytes)
    })
}
