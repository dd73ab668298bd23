use std::path::Path;

use jiangxin_policy::{EvalError, Facts, ParameterOverrides, ProgramSet, check, render_text};

use super::date_arg;
use crate::cli::CheckArgs;
use crate::error::CliError;

/// The built-in program files plus any in `DATA_DIR/programs/`, so that a bureau can add a new
/// year's notice as a file without a new binary.
pub fn programs(data_dir: &Path) -> Result<ProgramSet, CliError> {
    let mut set = ProgramSet::builtin().map_err(CliError::programs)?;
    let extra = data_dir.join("programs");
    if extra.is_dir() {
        for program in ProgramSet::load_dir(&extra)
            .map_err(CliError::programs)?
            .iter()
        {
            set.insert(program.clone()).map_err(CliError::programs)?;
        }
    }
    Ok(set)
}

/// Each `--set PARAM=VALUE` parsed into overrides; the first bad one is reported.
pub fn overrides(assignments: &[String]) -> Result<ParameterOverrides, CliError> {
    let mut overrides = ParameterOverrides::new();
    for assignment in assignments {
        overrides
            .parse_assignment(assignment)
            .map_err(|e| CliError::invalid("--set", e))?;
    }
    Ok(overrides)
}

/// Names the option an evaluation error is about, so the user knows which one to fix.
pub fn eval_error(err: EvalError) -> CliError {
    let arg = match &err {
        EvalError::UnknownProgram(_) => "--program",
        EvalError::UnknownCategory { .. } => "--category",
        EvalError::NoReferenceDate(_) => "--as-of",
        EvalError::OverrideSyntax(_)
        | EvalError::BadOverride { .. }
        | EvalError::UnusedOverride(_) => "--set",
        EvalError::Facts(_) => "--facts",
    };
    CliError::invalid(arg, err)
}

pub fn run(json: bool, data_dir: &Path, args: CheckArgs) -> Result<(), CliError> {
    let set = programs(data_dir)?;
    let overrides = overrides(&args.set)?;
    let as_of = args
        .as_of
        .as_deref()
        .map(|raw| date_arg("--as-of", raw))
        .transpose()?;
    let text = std::fs::read_to_string(&args.facts).map_err(|e| {
        CliError::invalid(
            "--facts",
            format!(
                "无法读取事实文件 {}：{e}（cannot read the facts file）",
                args.facts.display()
            ),
        )
    })?;
    let facts = Facts::from_json(&text).map_err(|e| CliError::invalid("--facts", e))?;
    let decisions = check(
        &set,
        &args.program,
        args.category.as_deref(),
        &facts,
        as_of,
        &overrides,
    )
    .map_err(eval_error)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&decisions)?);
    } else {
        let texts: Vec<String> = decisions.iter().map(render_text).collect();
        println!("{}", texts.join("\n"));
    }
    Ok(())
}
