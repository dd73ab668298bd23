//! Where an application stands, and the path of stages it walks, both read from the program
//! file: no stage name appears in code.

use std::fmt;

use jiangxin_calendar::holidays::WorkCalendar;
use jiangxin_calendar::period::{add_calendar_days, add_working_days};
use jiangxin_policy::Program;
use jiangxin_policy::stages::{Counting, Role as StageActor, Stage};
use jiangxin_store::StoreError;

use crate::error::{Result, WorkflowError};

/// An application's position, stored in its `stage` column as `draft`, `at:<stage>`,
/// `returned:<stage>`, `rejected:<stage>` or `completed`. The prefixes keep a program's stage
/// ids (any text) apart from the workflow's own states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    /// Being written; not yet submitted.
    Draft,
    /// Waiting for the actor of this stage.
    At(String),
    /// Sent back by this stage for correction: the applicant edits and resubmits, and the
    /// application returns to this stage.
    Returned(String),
    /// Rejected at this stage; final.
    Rejected(String),
    /// Past the last stage.
    Completed,
}

impl Position {
    pub fn parse(text: &str) -> Result<Self> {
        let corrupt = corrupt_stage;
        Ok(match text {
            "draft" => Self::Draft,
            "completed" => Self::Completed,
            _ => match text.split_once(':').ok_or_else(corrupt)? {
                ("at", stage) => Self::At(stage.to_owned()),
                ("returned", stage) => Self::Returned(stage.to_owned()),
                ("rejected", stage) => Self::Rejected(stage.to_owned()),
                _ => return Err(corrupt()),
            },
        })
    }

    pub fn name_zh(&self, program: &Program) -> String {
        let name = |id: &str| {
            program
                .stages
                .iter()
                .find(|s| s.id == id)
                .map_or_else(|| id.to_owned(), |s| s.name.clone())
        };
        match self {
            Self::Draft => "草稿".to_owned(),
            Self::At(stage) => format!("待{}", name(stage)),
            Self::Returned(stage) => format!("{}退回修改", name(stage)),
            Self::Rejected(stage) => format!("{}未通过", name(stage)),
            Self::Completed => "已办结".to_owned(),
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Draft => f.write_str("draft"),
            Self::At(stage) => write!(f, "at:{stage}"),
            Self::Returned(stage) => write!(f, "returned:{stage}"),
            Self::Rejected(stage) => write!(f, "rejected:{stage}"),
            Self::Completed => f.write_str("completed"),
        }
    }
}

/// The stages one application of `category` walks, in the program file's order.
///
/// The path starts at the first stage the applicant's side acts in (a unit or an individual):
/// stages before it, such as 004's announcement of the call, concern the whole program, not one
/// application. A program with no such stage does not say who applies, and takes no
/// applications until its file does.
pub fn path<'p>(program: &'p Program, category: &str) -> Result<Vec<&'p Stage>> {
    let applicable = program
        .stages
        .iter()
        .filter(|s| s.categories.is_empty() || s.categories.iter().any(|c| c == category));
    let path: Vec<&Stage> = applicable.skip_while(|s| !is_applicant_side(s)).collect();
    if path.is_empty() {
        return Err(WorkflowError::refused(format!(
            "项目 {} 的文件没有规定类别 {category} 由谁申报，暂不受理（program {} names no applicant stage for category {category}）",
            program.id(),
            program.id()
        )));
    }
    Ok(path)
}

fn is_applicant_side(stage: &Stage) -> bool {
    let applicant = |actor: StageActor| matches!(actor, StageActor::Unit | StageActor::Individual);
    applicant(stage.actor) || stage.alternative_actor.is_some_and(applicant)
}

/// The stage after `current` on the path, or `None` after the last.
pub fn next<'p>(path: &[&'p Stage], current: &str) -> Option<&'p Stage> {
    let index = path.iter().position(|s| s.id == current)?;
    path.get(index + 1).copied()
}

/// The stage with this id on the path. A stored position names a stage of the program version
/// the application was judged under, which never changes, so a stage not found is corrupt data.
pub fn stage<'p>(path: &[&'p Stage], stage_id: &str) -> Result<&'p Stage> {
    path.iter()
        .find(|s| s.id == stage_id)
        .copied()
        .ok_or_else(corrupt_stage)
}

fn corrupt_stage() -> WorkflowError {
    WorkflowError::Store(StoreError::Corrupt {
        what: "applications.stage",
    })
}

/// The last day to act in a stage: its window's end or its deadline.
pub fn last_day(stage: &Stage) -> Option<chrono::NaiveDate> {
    stage.window.map(|w| w.to).or(stage.deadline)
}

/// Refuses an act outside the stage's date window or after its deadline. Both bounds are whole
/// days in Beijing time: the window's last day and the deadline day are included (“7月2日前”
/// is read as “by 2 July”, the program files' interpretation of their deadlines).
pub fn require_open(stage: &Stage, today: chrono::NaiveDate) -> Result<()> {
    if let Some(window) = stage.window {
        if today < window.from {
            return Err(WorkflowError::refused(format!(
                "“{}”自 {} 起办理，今天（{today}）尚未开始（stage {} opens on {}）",
                stage.name, window.from, stage.id, window.from
            )));
        }
        if today > window.to {
            return Err(WorkflowError::refused(format!(
                "“{}”已于 {} 截止（stage {} closed on {}）；依据：{}",
                stage.name, window.to, stage.id, window.to, stage.cited.citation
            )));
        }
    }
    if let Some(deadline) = stage.deadline
        && today > deadline
    {
        return Err(WorkflowError::refused(format!(
            "“{}”已于 {deadline} 截止（stage {} closed on {deadline}）；依据：{}",
            stage.name, stage.id, stage.cited.citation
        )));
    }
    Ok(())
}

/// The last day of a period of `length` days of the given counting after `from` (民法典
/// 第二百零一条: `from` itself does not count).
pub fn period_end(
    calendar: &WorkCalendar,
    from: chrono::NaiveDate,
    length: u32,
    counting: Counting,
) -> Result<chrono::NaiveDate> {
    Ok(match counting {
        Counting::WorkingDays => add_working_days(calendar, from, length)?,
        Counting::CalendarDays => add_calendar_days(calendar, from, length)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_position_reads_back_as_written() {
        for position in [
            Position::Draft,
            Position::At("district-review".into()),
            Position::Returned("audit".into()),
            Position::Rejected("initial-check".into()),
            Position::Completed,
        ] {
            assert_eq!(Position::parse(&position.to_string()).unwrap(), position);
        }
    }

    #[test]
    fn a_stage_id_that_looks_like_a_workflow_state_stays_a_stage() {
        assert_eq!(
            Position::parse("at:draft").unwrap(),
            Position::At("draft".into())
        );
    }

    #[test]
    fn a_stored_stage_without_a_known_prefix_is_reported_as_corrupt() {
        for text in ["recommend", "pending:audit", ""] {
            assert!(
                matches!(Position::parse(text), Err(WorkflowError::Store(_))),
                "{text}"
            );
        }
    }
}
