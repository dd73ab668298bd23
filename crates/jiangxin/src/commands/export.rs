//! `jiangxin export`: the official documents printed from the database, as the operator of the
//! database (the web application offers the same documents to each account within its scope).
use std::path::Path;
use std::sync::Arc;

use jiangxin_pdf::Engine;
use jiangxin_reports::{Document, forms, notice, summary};
use jiangxin_store::applications::{self, ApplicationId};
use jiangxin_store::notices::NoticeId;
use jiangxin_workflow::{Clock, SystemClock};
use serde::Serialize;

use super::{id_arg, runtime, workflow, write_out};
use crate::cli::ExportCommand;
use crate::error::CliError;
use crate::output::emit;

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
