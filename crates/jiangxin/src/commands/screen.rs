//! `jiangxin screen`: batch screening of a talent registry. The work is `jiangxin_registry`'s;
//! this module opens the files, draws a progress line on a terminal and prints the summary on
//! stderr, so that stdout stays free.
use std::fs::File;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use jiangxin_domain::date::today_in_china;
use jiangxin_registry::{
    Layout, Outputs, Plan, PlanOptions, Progress, RegistryError, ScreenOptions, screen_path,
};

use super::check::{eval_error, overrides, programs};
use super::date_arg;
use crate::cli::ScreenArgs;
use crate::error::CliError;

/// Names the option a screen error is about.
fn registry_error(err: RegistryError) -> CliError {
    match err {
        RegistryError::Eval(e) => eval_error(e),
        RegistryError::NothingToScreen => CliError::invalid("--program", err),
        RegistryError::Output(_) => CliError::invalid("--out", err),
        other => CliError::invalid("--registry", other),
    }
}

fn create(arg: &'static str, path: &Path) -> Result<File, CliError> {
    File::create(path).map_err(|e| {
        CliError::invalid(
            arg,
            format!(
                "无法创建文件 {}：{e}（cannot create the file）",
                path.display()
            ),
        )
    })
}

/// One line on stderr, redrawn at most ten times a second, only when stderr is a terminal.
struct ProgressLine {
    started: Instant,
    drawn: Option<Instant>,
}

impl ProgressLine {
    const WIDTH: u64 = 30;

    fn draw(&mut self, progress: Progress) {
        if self
            .drawn
            .is_some_and(|at| at.elapsed() < Duration::from_millis(100))
        {
            return;
        }
        self.drawn = Some(Instant::now());
        let rate = progress.rows as f64 / self.started.elapsed().as_secs_f64().max(1e-9);
        let bar = match progress.total_bytes.filter(|&t| t > 0) {
            Some(total) => {
                let filled = (progress.bytes * Self::WIDTH / total).min(Self::WIDTH);
                format!(
                    "[{}{}] {:>3}% ",
                    "#".repeat(filled as usize),
                    "-".repeat((Self::WIDTH - filled) as usize),
                    progress.bytes * 100 / total
                )
            }
            None => String::new(),
        };
        eprint!("\r{bar}已筛查 {} 行，每秒 {rate:.0} 行", progress.rows);
    }

    fn clear(&self) {
        if self.drawn.is_some() {
            // Erase the progress line so the summary starts on a clean line.
            eprint!("\r\x1b[2K");
        }
    }
}

pub fn run(json: bool, data_dir: &Path, args: ScreenArgs) -> Result<(), CliError> {
    if args.baseline && args.set.is_empty() {
        // Checked here, not by clap, so the refusal names the missing option in one line.
        return Err(CliError::invalid(
            "--baseline",
            "须与 --set 一起使用，比较设定参数前后的结果（--baseline compares outcomes with and without --set）",
        ));
    }
    let set = programs(data_dir)?;
    let overrides = overrides(&args.set)?;
    let as_of = args
        .as_of
        .as_deref()
        .map(|raw| date_arg("--as-of", raw))
        .transpose()?;
    let plan = Plan::new(
        &set,
        &args.programs,
        PlanOptions {
            as_of,
            today: today_in_china(),
            overrides: &overrides,
            baseline: args.baseline,
        },
    )
    .map_err(registry_error)?;
    let mut out = create("--out", &args.out)?;
    let mut rejects = args
        .rejects
        .as_deref()
        .map(|path| create("--rejects", path))
        .transpose()?;
    let defaults = ScreenOptions::default();
    let options = if args.long {
        // A long line per row and column, with citations, is some sixteen times the input row:
        // smaller chunks keep the buffers in flight, and so memory, about as small as for wide.
        ScreenOptions {
            layout: Layout::Long,
            chunk_bytes: defaults.chunk_bytes / 8,
            ..defaults
        }
    } else {
        defaults
    };
    let mut line = ProgressLine {
        started: Instant::now(),
        drawn: None,
    };
    let terminal = std::io::stderr().is_terminal();
    let summary = screen_path(
        &args.registry,
        &plan,
        Outputs {
            out: &mut out,
            rejects: rejects.as_mut().map(|f| f as &mut dyn Write),
        },
        options,
        &mut |progress| {
            if terminal {
                line.draw(progress);
            }
        },
    );
    line.clear();
    let summary = summary.map_err(registry_error)?;
    if json {
        eprintln!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        eprintln!("{}", summary.render_zh());
    }
    Ok(())
}
