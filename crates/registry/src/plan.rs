//! What a screen evaluates: the chosen programs compiled once, and the output columns (one per
//! program, or per program and category, for the categories screened for persons).

use chrono::NaiveDate;
use jiangxin_policy::{
    CompileOptions, CompiledProgram, EvalError, ParameterOverrides, Program, ProgramSet,
};
use serde::Serialize;

use crate::error::RegistryError;

/// How to compile the programs.
#[derive(Debug, Clone, Copy)]
pub struct PlanOptions<'a> {
    /// The evaluation date; `None`: each program's own reference date.
    pub as_of: Option<NaiveDate>,
    /// The day of the screen: the date of a program that has no reference date of its own (46号)
    /// when `as_of` is not given, and the day an ID number's birth date must not be after.
    pub today: NaiveDate,
    pub overrides: &'a ParameterOverrides,
    /// Also compile every program without the overrides, to list the rows whose outcome the
    /// overrides change.
    pub baseline: bool,
}

/// One output column: a category of a program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `ID` when the program has one screened category, else `ID/category`.
    pub name: String,
    pub(crate) program: usize,
    pub(crate) category: usize,
}

/// The date a program was evaluated on, for the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgramDate {
    pub program: String,
    pub as_of: NaiveDate,
}

/// The compiled programs and the columns, built once per screen.
#[derive(Debug)]
pub struct Plan<'p> {
    pub(crate) programs: Vec<CompiledProgram<'p>>,
    pub(crate) baseline: Option<Vec<CompiledProgram<'p>>>,
    targets: Vec<Target>,
    /// The day of the screen: ID numbers born after it are refused.
    pub(crate) today: NaiveDate,
}

impl<'p> Plan<'p> {
    /// Compiles `ids` (every program of `set` when empty) in the order given. A `--set` key that
    /// matches no parameter of these programs is an error, not silently ignored.
    pub fn new(
        set: &'p ProgramSet,
        ids: &[String],
        options: PlanOptions<'_>,
    ) -> Result<Plan<'p>, RegistryError> {
        let chosen: Vec<&'p Program> = if ids.is_empty() {
            set.iter().collect()
        } else {
            ids.iter()
                .map(|id| {
                    set.get(id)
                        .ok_or_else(|| EvalError::UnknownProgram(id.clone()))
                })
                .collect::<Result<_, _>>()?
        };
        options.overrides.check_used_by(&chosen)?;
        let compile = |overrides: &ParameterOverrides| {
            chosen
                .iter()
                .map(|program| {
                    let as_of = options
                        .as_of
                        .or(program.reference_date.is_none().then_some(options.today));
                    program.compile(CompileOptions { as_of, overrides })
                })
                .collect::<Result<Vec<_>, _>>()
        };
        let programs = compile(options.overrides)?;
        let baseline = options
            .baseline
            .then(|| compile(&ParameterOverrides::new()))
            .transpose()?;
        let mut targets = Vec::new();
        for (p, program) in chosen.iter().enumerate() {
            let screened: Vec<usize> = program
                .categories
                .iter()
                .enumerate()
                .filter(|(_, c)| c.subject.screened())
                .map(|(i, _)| i)
                .collect();
            for &category in &screened {
                let name = if screened.len() == 1 {
                    program.id().to_owned()
                } else {
                    format!("{}/{}", program.id(), program.categories[category].id)
                };
                targets.push(Target {
                    name,
                    program: p,
                    category,
                });
            }
        }
        if targets.is_empty() {
            return Err(RegistryError::NothingToScreen);
        }
        Ok(Plan {
            programs,
            baseline,
            targets,
            today: options.today,
        })
    }

    /// The output columns, in order.
    pub fn targets(&self) -> &[Target] {
        &self.targets
    }

    /// Whether the plan compares against the baseline parameters.
    pub fn has_baseline(&self) -> bool {
        self.baseline.is_some()
    }

    /// The date each program is evaluated on.
    pub fn dates(&self) -> Vec<ProgramDate> {
        self.programs
            .iter()
            .map(|c| ProgramDate {
                program: c.program().id().to_owned(),
                as_of: c.reference_date(),
            })
            .collect()
    }
}
