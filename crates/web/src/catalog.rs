//! The programs as the public and applicants see them: which take applications today, until
//! when, with how many places, read from the program files and the officer-set values.

use chrono::NaiveDate;
use jiangxin_policy::Program;
use jiangxin_policy::model::{QuotaScope, Strictness};
use jiangxin_policy::stages::{Counting, PeriodBound, Stage};
use jiangxin_store::parameters::ParameterValue;
use jiangxin_store::programs::ProgramVersion;
use jiangxin_workflow::{Workflow, position};

/// Whether a category takes new applications today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intake {
    /// Open: its first stage's window or deadline admits today.
    Open,
    /// Not open, with the workflow's own reason (not yet open, closed, no applicant stage).
    Closed(String),
}

/// The first stage of a category's path and whether it admits applications today: as the
/// workflow decides when a draft is submitted, and not before the notice is issued nor after
/// the program's validity ends.
pub fn intake<'p>(
    program: &'p Program,
    category: &str,
    today: NaiveDate,
) -> (Option<&'p Stage>, Intake) {
    let first = position::path(program, category).ok().map(|path| path[0]);
    if let Some(issued) = program.meta.issued_on.filter(|d| today < *d) {
        return (
            first,
            Intake::Closed(format!("通知于 {issued} 发布，尚未开始受理")),
        );
    }
    if let Some(until) = program.meta.valid_until.filter(|d| today > *d) {
        return (
            first,
            Intake::Closed(format!("项目有效期至 {until}，已结束")),
        );
    }
    match position::path(program, category) {
        Ok(path) => {
            let first = path[0];
            match position::require_open(first, today) {
                Ok(()) => (Some(first), Intake::Open),
                Err(refused) => (Some(first), Intake::Closed(refused.to_string())),
            }
        }
        Err(refused) => (None, Intake::Closed(refused.to_string())),
    }
}

/// Whether any category of the program takes applications today.
pub fn is_open(program: &Program, today: NaiveDate) -> bool {
    program
        .categories
        .iter()
        .any(|c| intake(program, &c.id, today).1 == Intake::Open)
}

/// When a stage is done, in the program file's words: its window, deadline or duration.
pub fn timing(stage: &Stage) -> String {
    let mut parts = Vec::new();
    if let Some(window) = stage.window {
        parts.push(format!("{} 至 {}", window.from, window.to));
    }
    if let Some(deadline) = stage.deadline {
        parts.push(format!("{deadline} 前"));
    }
    if let Some(duration) = stage.duration {
        let at_least = if duration.bound == PeriodBound::AtLeast {
            "不少于 "
        } else {
            ""
        };
        let unit = match duration.counting {
            Counting::WorkingDays => "个工作日",
            Counting::CalendarDays => "天",
        };
        parts.push(format!("{at_least}{} {unit}", duration.length));
    }
    if parts.is_empty() {
        "—".to_owned()
    } else {
        parts.join("；")
    }
}

/// One quota of the program as the public reads it.
pub struct QuotaLine {
    pub text: String,
    pub citation: String,
}

/// The program's quotas with their limits in force on `today` (the notice's, or the officer's).
pub fn quotas(program: &Program, values: &[ParameterValue], today: NaiveDate) -> Vec<QuotaLine> {
    program
        .quotas
        .iter()
        .map(|quota| {
            let parameter = &program.parameters[quota.limit];
            let limit = parameter
                .value_on(today)
                .map(|v| v.display_zh(parameter.unit))
                .or_else(|| {
                    values
                        .iter()
                        .find(|v| v.parameter == parameter.id)
                        .map(|v| format!("{}{}", v.value, parameter.unit.suffix_zh()))
                })
                .unwrap_or_else(|| "（名额待经办人员设定）".to_owned());
            let scope = match quota.scope {
                QuotaScope::Total => "总名额".to_owned(),
                QuotaScope::PerUnit => "每单位".to_owned(),
                QuotaScope::PerPeriod => match quota.period_years {
                    Some(years) => format!("每 {years} 年"),
                    None => "每期".to_owned(),
                },
            };
            let strictness = match quota.strictness {
                Strictness::Hard => "不超过",
                Strictness::Soft => "原则上不超过",
                Strictness::Target => "左右",
            };
            let text = match quota.strictness {
                Strictness::Target => format!("{scope} {limit}{strictness}"),
                _ => format!("{scope}{strictness} {limit}"),
            };
            let categories = if quota.categories.is_empty() {
                String::new()
            } else {
                format!("（{}）", category_names(program, &quota.categories))
            };
            QuotaLine {
                text: format!("{text}{categories}"),
                citation: quota.cited.citation.clone(),
            }
        })
        .collect()
}

/// The names of categories, by id, joined.
pub fn category_names(program: &Program, ids: &[String]) -> String {
    ids.iter()
        .map(|id| {
            program
                .category(id)
                .map_or_else(|| id.clone(), |(_, c)| c.name.clone())
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// The program's title and a stage's name for a record of a program version (a notice, a
/// panel), as the published files name them; the ids where the program is no longer published.
pub fn stage_title(workflow: &Workflow, version: &ProgramVersion, stage: &str) -> (String, String) {
    match workflow.programs().get(&version.program_id) {
        Some(program) => (
            program.meta.title.clone(),
            program
                .stages
                .iter()
                .find(|s| s.id == stage)
                .map_or_else(|| stage.to_owned(), |s| s.name.clone()),
        ),
        None => (version.program_id.clone(), stage.to_owned()),
    }
}

/// A criterion's label in the program file, or its id where the program has no such criterion.
pub fn criterion_label<'p>(program: Option<&'p Program>, id: &'p str) -> &'p str {
    program
        .and_then(|p| p.criteria.iter().find(|c| c.id == id))
        .map_or(id, |c| c.label.as_str())
}
