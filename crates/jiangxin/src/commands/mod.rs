//! One module per subcommand; each parses its raw arguments with the domain types, asks the
//! library crates, and hands a serialisable answer to `output::emit`.
mod audit;
mod check;
mod export;
mod id;
mod import;
mod registry;
mod retirement;
mod screen;
mod serve;
mod uscc;
mod workdays;

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use jiangxin_domain::date::parse_date;
use jiangxin_store::Store;
use jiangxin_workflow::{Clock, Workflow};

use crate::cli::{Cli, Command};
use crate::error::CliError;

pub fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Id { number } => id::run(cli.json, &number),
        Command::Uscc { code } => uscc::run(cli.json, &code),
        Command::Workdays(cmd) => workdays::run(cli.json, &cli.data_dir, cmd),
        Command::Retirement(args) => retirement::run(cli.json, args),
        Command::Check(args) => check::run(cli.json, &cli.data_dir, args),
        Command::Screen(args) => screen::run(cli.json, &cli.data_dir, args),
        Command::Audit(cmd) => audit::run(cli.json, &cli.database_url, cmd),
        Command::Serve(args) => serve::run(&cli.data_dir, &cli.database_url, args),
        Command::Export(cmd) => export::run(cli.json, &cli.data_dir, &cli.database_url, cmd),
        Command::Import(cmd) => import::run(cli.json, &cli.data_dir, &cli.database_url, cmd),
        Command::Registry(cmd) => registry::run(cli.json, &cli.database_url, cmd),
    }
}

/// A runtime on this thread, for the commands that wait on the database.
fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(CliError::Runtime)
}

/// The workflow over the database and the program files (the built-in ones and any in
/// `DATA_DIR/programs/`), with the data directory's calendar.
async fn workflow(
    data_dir: &Path,
    database_url: &str,
    clock: Arc<dyn Clock>,
) -> Result<Workflow, CliError> {
    let store = Store::connect(database_url).await?;
    let files = jiangxin_web::files::program_files(data_dir).map_err(CliError::programs)?;
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    Ok(Workflow::new(
        store,
        &borrowed,
        workdays::calendar(data_dir)?,
        clock,
    )?)
}

/// A record's number given on the command line.
fn id_arg(arg: &'static str, raw: &str) -> Result<i64, CliError> {
    raw.trim().parse().map_err(|_| {
        CliError::invalid(
            arg,
            format!("“{raw}”不是编号，应为正整数（not an id: a positive integer is expected）"),
        )
    })
}

/// Writes a produced file, naming the option it was asked for by when it cannot.
fn write_out(arg: &'static str, path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    std::fs::write(path, bytes).map_err(|e| {
        CliError::invalid(
            arg,
            format!(
                "无法写入文件 {}：{e}（cannot write the file）",
                path.display()
            ),
        )
    })
}

fn date_arg(arg: &'static str, raw: &str) -> Result<NaiveDate, CliError> {
    parse_date(raw).map_err(|e| CliError::invalid(arg, e))
}

fn weekday_zh(date: NaiveDate) -> &'static str {
    use chrono::Datelike;
    [
        "星期一",
        "星期二",
        "星期三",
        "星期四",
        "星期五",
        "星期六",
        "星期日",
    ][date.weekday().num_days_from_monday() as usize]
}
