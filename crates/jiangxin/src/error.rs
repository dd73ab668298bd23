//! The binary's one error type and how a failure reaches the user: one line on stderr,
//! Chinese first, and an exit status that tells bad input (2) from a failure to run (1).
use std::process::ExitCode;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum CliError {
    /// The user gave a value that does not parse; `arg` names where it came from.
    #[error("参数 {arg}：{message}")]
    InvalidArgument { arg: &'static str, message: String },
    #[error("{0}")]
    Calendar(String),
    #[error("项目文件有误：{0}")]
    Programs(String),
    #[error("{0}")]
    Store(#[from] jiangxin_store::StoreError),
    #[error("无法启动异步运行时：{0}（cannot start the async runtime）")]
    Runtime(std::io::Error),
    /// The audit log or a table was tampered with; the report has been printed.
    #[error("审计校验未通过：{0}")]
    Tampered(String),
    #[error("无法输出结果：{0}（cannot write output）")]
    Output(#[from] serde_json::Error),
    #[error("{0}")]
    Workflow(#[from] jiangxin_workflow::WorkflowError),
    #[error("{0}")]
    Web(#[from] jiangxin_web::WebError),
    /// Boxed: a document's error carries the workflow's and the renderers', and would make
    /// every command's result as large.
    #[error("{0}")]
    Report(Box<jiangxin_reports::ReportError>),
    #[error("无法在 {addr} 上提供服务：{source}（cannot serve on {addr}）")]
    Serve {
        addr: String,
        #[source]
        source: std::io::Error,
    },
}

impl From<jiangxin_reports::ReportError> for CliError {
    fn from(err: jiangxin_reports::ReportError) -> Self {
        CliError::Report(Box::new(err))
    }
}

impl CliError {
    pub fn invalid(arg: &'static str, err: impl std::fmt::Display) -> Self {
        CliError::InvalidArgument {
            arg,
            message: err.to_string(),
        }
    }

    pub fn calendar(err: impl std::fmt::Display) -> Self {
        CliError::Calendar(err.to_string())
    }

    pub fn programs(err: impl std::fmt::Display) -> Self {
        CliError::Programs(err.to_string())
    }

    fn exit_code(&self) -> u8 {
        match self {
            CliError::InvalidArgument { .. } => 2,
            CliError::Calendar(_)
            | CliError::Programs(_)
            | CliError::Store(_)
            | CliError::Runtime(_)
            | CliError::Output(_)
            | CliError::Workflow(_)
            | CliError::Web(_)
            | CliError::Serve { .. } => 1,
            // A refused batch is bad input, like a bad argument: nothing was written.
            CliError::Report(err) => match **err {
                jiangxin_reports::ReportError::Refused { .. } => 2,
                _ => 1,
            },
            // Distinct from a failure to run, so that a scheduled check can alert on it.
            CliError::Tampered(_) => 3,
        }
    }
}

pub fn report(err: &CliError) -> ExitCode {
    eprintln!("错误：{err}");
    ExitCode::from(err.exit_code())
}

/// clap's own messages span several lines and end with a hint; keep the first line, which
/// says what is wrong, so that a bad command line is reported like every other bad input.
pub fn report_clap(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        // Help and version are answers, not errors: print them as clap renders them.
        let _ = err.print();
        return if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        };
    }
    let rendered = err.render().to_string();
    let first = rendered
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("")
        .trim_start_matches("error: ");
    eprintln!("错误：命令行有误：{first}（运行 jiangxin --help 查看用法）");
    ExitCode::from(2)
}
