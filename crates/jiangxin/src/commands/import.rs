//! `jiangxin import`: a batch of applications (as drafts of one account) and the talent
//! registry, from workbooks. Bad cells are listed on stderr and, with `--rejects`, in a CSV
//! file; what was written is summed up on stdout.
use std::path::Path;
use std::sync::Arc;

use jiangxin_documents::DocumentError;
use jiangxin_documents::import::applications::read_applications_file;
use jiangxin_documents::import::registry::read_registry_file;
use jiangxin_documents::import::{BadCell, rejects_csv};
use jiangxin_reports::import::{import_applications, import_registry};
use jiangxin_store::Actor;
use jiangxin_store::accounts::AccountId;
use jiangxin_workflow::SystemClock;
use serde::Serialize;

use super::{id_arg, runtime, workflow, write_out};
use crate::cli::ImportCommand;
use crate::error::CliError;
use crate::output::emit;

/// A workbook that cannot be read at all is the `--file` given.
fn unreadable(err: DocumentError) -> CliError {
    CliError::invalid("--file", err)
}

/// Lists the bad cells on stderr and, when asked, in the rejects file.
fn report_bad(bad: &[BadCell], rejects: Option<&Path>) -> Result<(), CliError> {
    for cell in bad {
        eprintln!("{cell}");
    }
    match rejects {
        Some(path) => write_out("--rejects", path, &rejects_csv(bad)),
        None => Ok(()),
    }
}

#[derive(Serialize)]
struct ApplicationsOutput {
    sheet: String,
    rows: usize,
    /// `[row, application id]` of each draft created.
    created: Vec<(u32, i64)>,
    bad_cells: usize,
}

#[derive(Serialize)]
struct RegistryOutput {
    sheet: String,
    rows: usize,
    created: usize,
    updated: usize,
    unchanged: usize,
    bad_cells: usize,
}

pub fn run(
    json: bool,
    data_dir: &Path,
    database_url: &str,
    cmd: ImportCommand,
) -> Result<(), CliError> {
    match cmd {
        ImportCommand::Applications {
            file,
            account,
            rejects,
        } => {
            let account = AccountId(id_arg("--account", &account)?);
            let imported = runtime()?.block_on(async {
                let workflow = workflow(data_dir, database_url, Arc::new(SystemClock)).await?;
                let caller = workflow.caller(account).await?;
                let read =
                    read_applications_file(&file, workflow.programs()).map_err(unreadable)?;
                let imported = import_applications(&workflow, &caller, read).await;
                workflow.store().clone().close().await?;
                Ok::<_, CliError>(imported?)
            })?;
            report_bad(&imported.bad, rejects.as_deref())?;
            let output = ApplicationsOutput {
                sheet: imported.sheet,
                rows: imported.rows,
                created: imported
                    .created
                    .iter()
                    .map(|(row, id)| (*row, id.0))
                    .collect(),
                bad_cells: imported.bad.len(),
            };
            emit(json, &output, |o| {
                let ids: Vec<String> = o.created.iter().map(|(_, id)| id.to_string()).collect();
                format!(
                    "工作表“{}”读入 {} 行：创建草稿 {} 份{}；有误的单元格 {} 处（所在行未导入）",
                    o.sheet,
                    o.rows,
                    o.created.len(),
                    if ids.is_empty() {
                        String::new()
                    } else {
                        format!("（申报编号 {}）", ids.join("、"))
                    },
                    o.bad_cells
                )
            })
        }
        ImportCommand::Registry { file, rejects } => {
            let read = read_registry_file(&file).map_err(unreadable)?;
            let source = file.file_name().map_or_else(
                || file.display().to_string(),
                |n| n.to_string_lossy().into(),
            );
            let imported = runtime()?.block_on(async {
                let store = jiangxin_store::Store::connect(database_url).await?;
                let imported =
                    import_registry(&store, Actor::system("import"), read, &source).await;
                store.close().await?;
                Ok::<_, CliError>(imported?)
            })?;
            report_bad(&imported.bad, rejects.as_deref())?;
            let output = RegistryOutput {
                sheet: imported.sheet,
                rows: imported.rows,
                created: imported.created,
                updated: imported.updated,
                unchanged: imported.unchanged,
                bad_cells: imported.bad.len(),
            };
            emit(json, &output, |o| {
                format!(
                    "名册“{}”读入 {} 行：新增 {} 人，更新 {} 人，未变 {} 人；有误的单元格 {} 处（所在行未导入）",
                    o.sheet, o.rows, o.created, o.updated, o.unchanged, o.bad_cells
                )
            })
        }
    }
}
