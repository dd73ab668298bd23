//! One module per subcommand; each parses its raw arguments with the domain types, asks the
//! library crates, and hands a serialisable answer to `output::emit`.
mod audit;
mod check;
mod id;
mod retirement;
mod screen;
mod serve;
mod uscc;
mod workdays;

use chrono::NaiveDate;
use jiangxin_domain::date::parse_date;

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
    }
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
