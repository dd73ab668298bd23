//! `jiangxin` (匠心): the one binary of the skilled-talent platform.
//!
//! This file only parses the command line and turns failures into one clear line and an
//! exit status; each subcommand lives in `commands/` and the rules live in the library crates.
#![forbid(unsafe_code)]

mod cli;
mod commands;
mod error;
mod output;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::Cli;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return error::report_clap(err),
    };
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => error::report(&err),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
