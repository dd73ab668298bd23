//! Public notices (公示): the bureau publishes the list of a program version's applications at
//! a notice stage (name, unit, masked ID number), for the window the program file gives
//! (`duration`: working or calendar days, exact or “不少于” a minimum the publisher may extend),
//! records the objections received inside the window with a receipt number and the
//! investigation's due date (004: 5 working days), decides each (dismissed, or upheld: the
//! application goes back to the stage that must redo its work), and once the window has ended
//! with no objection open, moves the listed applications on.
//!
//! The public never acts directly: the officers who receive an objection record it
//! ([`crate::access::may_act`]). The objector's name and contact stay out of the application's
//! history, which the applicant reads.

use chrono::NaiveDate;
use jiangxin_policy::Program;
use jiangxin_policy::stages::{Period, PeriodBound, Role as StageActor, Stage};
use jiangxin_store::applications::{self, Application, ApplicationChange, ApplicationId};
use jiangxin_store::notices::{
    self, NewNotice, NewObjection, Notice, NoticeEntry, NoticeId, Objection, ObjectionId,
    ObjectionOutcome,
};
use jiangxin_store::programs::ProgramVersion;
use jiangxin_store::{StoreError, persons, units};
use serde_json::json;

use crate::access::Caller;
use crate::applications::{Step, advance, record};
use crate::error::{Result, WorkflowError, required_text};
use crate::parameters::require_runs_program;
use crate::position::{self, Position};
use crate::recommend::{counting_zh, next_position};
use crate::{Workflow, program_in};

/// An objection as the officer who received it writes it down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectionInput {
    /// The objector's real name (实名).
    pub name: String,
    /// How to reach the objector with the result.
    pub contact: String,
    pub reason: String,
}

/// How an investigated objection is decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObjectionDecision {
    /// Not borne out: the application stays on the notice.
    Dismiss,
    /// Borne out: the application returns to `redo_stage`, a stage of its path before the
    /// notice, which must do its work again.
    Uphold { redo_stage: String },
}

impl Workflow {
    /// Publishes, from today, the notice of `stage_id` for the program's published version,
    /// listing every application at that stage. The window's last day is computed from the
    /// stage's `duration` with the official calendar; where the file says “不少于” the publisher
    /// may give a later `last_day`, otherwise it must be left out or equal the computed one.
    pub async fn publish_notice(
        &self,
        caller: &Caller,
        program_id: &str,
        stage_id: &str,
        last_day: Option<NaiveDate>,
    ) -> Result<(Notice, Vec<NoticeEntry>)> {
        let today = self.today();
        let program = self.programs.get(program_id).ok_or_else(|| {
            WorkflowError::invalid(format!("没有项目 {program_id}（no program {program_id}）"))
        })?;
        require_runs_program(caller, program, "发布公示", "publish its notices")?;
        let stage = notice_stage(program, stage_id)?;
        let duration = stage.duration.ok_or_else(|| {
            WorkflowError::refused(format!(
                "项目文件未规定“{}”的公示期限（stage {} has no duration）",
                stage.name, stage.id
            ))
        })?;
        position::require_open(stage, today)?;
        let shortest =
            position::period_end(&self.calendar, today, duration.length, duration.counting)?;
        let last_day = match (duration.bound, last_day) {
            (_, None) => shortest,
            (PeriodBound::Exact, Some(day)) if day == shortest => day,
            (PeriodBound::AtLeast, Some(day)) if day >= shortest => day,
            (_, Some(day)) => {
                return Err(WorkflowError::invalid(format!(
                    "公示期限为{}，最早至 {shortest} 结束，不能定为 {day}（the notice runs {} until {shortest}, not {day}）；依据：{}",
                    period_zh(duration),
                    if duration.bound == PeriodBound::Exact {
                        "exactly"
                    } else {
                        "at least"
                    },
                    stage.cited.citation
                )));
            }
        };
        let tx = self.store.begin(caller.actor()).await?;
        let version = self.load_version(&tx, program).await?;
        if notices::for_stage(&tx, version.id, &stage.id)
            .await?
            .iter()
            .any(|n| n.closed.is_none())
        {
            return Err(WorkflowError::refused(format!(
                "“{}”已有正在进行的公示（a notice of stage {} is already running）",
                stage.name, stage.id
            )));
        }
        let at_stage = Position::At(stage.id.clone()).to_string();
        let listed: Vec<Application> = applications::for_program_version(&tx, version.id)
            .await?
            .into_iter()
            .filter(|a| a.stage == at_stage)
            .collect();
        if listed.is_empty() {
            return Err(WorkflowError::refused(format!(
                "没有待“{}”的申报（no application is at stage {}）",
                stage.name, stage.id
            )));
        }
        let mut entries = Vec::with_capacity(listed.len());
        for application in &listed {
            entries.push(entry(&tx, application).await?);
        }
        let notice = notices::publish(
            &tx,
            &NewNotice {
                program_version: version.id,
                stage: stage.id.clone(),
                published_on: today,
                last_day,
                published_by: caller.account,
                entries,
            },
        )
        .await?;
        let position = Position::At(stage.id.clone());
        for application in &listed {
            let step = Step {
                action: "notice.publish",
                from: &position,
                to: &position,
                note: None,
                detail: json!({ "notice": notice.id, "published_on": today, "last_day": last_day }),
            };
            record(&tx, caller, application.id, step).await?;
        }
        tx.commit().await?;
        let entries = notices::entries(&self.store, notice.id).await?;
        Ok((notice, entries))
    }

    /// A notice and its list as published: public, for anyone.
    pub async fn public_notice(&self, notice: NoticeId) -> Result<(Notice, Vec<NoticeEntry>)> {
        Ok((
            notices::get(&self.store, notice).await?,
            notices::entries(&self.store, notice).await?,
        ))
    }

    /// Records an objection to a listed application, received today inside the notice's window,
    /// and returns it with its receipt number ([`Objection::receipt`]) and, where the program
    /// gives one, the investigation's due date counted from today.
    pub async fn receive_objection(
        &self,
        caller: &Caller,
        notice: NoticeId,
        application: ApplicationId,
        input: &ObjectionInput,
    ) -> Result<Objection> {
        let name = required_text(&input.name, "异议人姓名", "the objector's name")?;
        let contact = required_text(&input.contact, "异议人联系方式", "the objector's contact")?;
        let reason = required_text(&input.reason, "异议理由", "the reason for the objection")?;
        let today = self.today();
        let tx = self.store.begin(caller.actor()).await?;
        let (found, version) = self.managed_notice(&tx, caller, notice).await?;
        let programs = self.programs_for(&version)?;
        let program = program_in(&programs, &version);
        if found.closed.is_some() || today < found.published_on || today > found.last_day {
            return Err(WorkflowError::refused(format!(
                "异议须在公示期内（{} 至 {}）提出（objections are received from {} to {} only）",
                found.published_on, found.last_day, found.published_on, found.last_day
            )));
        }
        if !notices::entries(&tx, notice)
            .await?
            .iter()
            .any(|e| e.application == application)
        {
            return Err(WorkflowError::invalid(format!(
                "申报 {application} 不在该公示名单中（application {application} is not on the notice）"
            )));
        }
        let stage = notice_stage(program, &found.stage)?;
        let investigation_due = stage
            .objection_investigation
            .map(|rule| position::period_end(&self.calendar, today, rule.length, rule.counting))
            .transpose()?;
        let objection = notices::object(
            &tx,
            &NewObjection {
                notice,
                application,
                objector_name: name,
                contact,
                reason,
                received_on: today,
                investigation_due,
                recorded_by: caller.account,
            },
        )
        .await?;
        let position = Position::At(stage.id.clone());
        let step = Step {
            action: "notice.objection",
            from: &position,
            to: &position,
            note: None,
            detail: json!({
                "notice": notice,
                "receipt": objection.receipt(),
                "investigation_due": investigation_due,
            }),
        };
        record(&tx, caller, application, step).await?;
        tx.commit().await?;
        Ok(objection)
    }

    /// Decides an investigated objection with the finding, which is recorded in the
    /// application's history. An upheld objection sends the application back to the stage that
    /// must redo its work.
    pub async fn decide_objection(
        &self,
        caller: &Caller,
        objection: ObjectionId,
        decision: &ObjectionDecision,
        finding: &str,
    ) -> Result<Objection> {
        let finding = required_text(finding, "调查核实结论", "the investigation's finding")?;
        let tx = self.store.begin(caller.actor()).await?;
        let received = notices::get_objection(&tx, objection).await?;
        let (found, version) = self.managed_notice(&tx, caller, received.notice).await?;
        let programs = self.programs_for(&version)?;
        let program = program_in(&programs, &version);
        let application = applications::get(&tx, received.application).await?;
        let from = Position::parse(&application.stage)?;
        let (outcome, action, to) = match decision {
            ObjectionDecision::Dismiss => (
                ObjectionOutcome::Dismissed {
                    finding: finding.clone(),
                },
                "notice.objection_dismissed",
                from.clone(),
            ),
            ObjectionDecision::Uphold { redo_stage } => {
                let path = position::path(program, &application.category)?;
                let notice_at = path.iter().position(|s| s.id == found.stage);
                let redo_at = path.iter().position(|s| s.id == *redo_stage);
                if !matches!((redo_at, notice_at), (Some(r), Some(n)) if r < n) {
                    return Err(WorkflowError::invalid(format!(
                        "{redo_stage} 不是公示之前的阶段（{redo_stage} is not a stage before the notice）"
                    )));
                }
                if from != Position::At(found.stage.clone()) {
                    return Err(WorkflowError::refused(
                        "申报已不在公示阶段（the application is no longer at the notice）",
                    ));
                }
                (
                    ObjectionOutcome::Upheld {
                        finding: finding.clone(),
                        redo_stage: redo_stage.clone(),
                    },
                    "notice.objection_upheld",
                    Position::At(redo_stage.clone()),
                )
            }
        };
        let decided = notices::decide(&tx, objection, &outcome, caller.account)
            .await
            .map_err(|err| match err {
                StoreError::Conflict { .. } => WorkflowError::refused(
                    "该异议已有调查结论（the objection has already been decided）",
                ),
                other => other.into(),
            })?;
        let step = Step {
            action,
            from: &from,
            to: &to,
            note: Some(finding),
            detail: json!({ "notice": found.id, "receipt": decided.receipt() }),
        };
        advance(
            &tx,
            caller,
            application.id,
            application.row_version,
            ApplicationChange::default(),
            step,
        )
        .await?;
        tx.commit().await?;
        Ok(decided)
    }

    /// Closes a notice after its last day when no objection is still under investigation, and
    /// moves the listed applications still at the notice stage on (to approval).
    pub async fn close_notice(
        &self,
        caller: &Caller,
        notice: NoticeId,
    ) -> Result<Vec<Application>> {
        let today = self.today();
        let tx = self.store.begin(caller.actor()).await?;
        let (found, version) = self.managed_notice(&tx, caller, notice).await?;
        let programs = self.programs_for(&version)?;
        let program = program_in(&programs, &version);
        if today <= found.last_day {
            return Err(WorkflowError::refused(format!(
                "公示期至 {} 结束，期满后方可结束公示（the notice runs until {}）",
                found.last_day, found.last_day
            )));
        }
        let open: Vec<String> = notices::objections(&tx, notice)
            .await?
            .iter()
            .filter(|o| o.outcome.is_none())
            .map(Objection::receipt)
            .collect();
        if !open.is_empty() {
            return Err(WorkflowError::refused(format!(
                "异议 {} 尚在调查核实，不能结束公示（objections {} are still under investigation）",
                open.join("、"),
                open.join(", ")
            )));
        }
        let stage = notice_stage(program, &found.stage)?;
        let at_stage = Position::At(stage.id.clone());
        let mut moved = Vec::new();
        for entry in notices::entries(&tx, notice).await? {
            let application = applications::get(&tx, entry.application).await?;
            if application.stage != at_stage.to_string() {
                continue;
            }
            let path = position::path(program, &application.category)?;
            let step = Step {
                action: "notice.close",
                from: &at_stage,
                to: &next_position(&path, stage),
                note: None,
                detail: json!({ "notice": notice, "last_day": found.last_day }),
            };
            moved.push(
                advance(
                    &tx,
                    caller,
                    application.id,
                    application.row_version,
                    ApplicationChange::default(),
                    step,
                )
                .await?,
            );
        }
        notices::close(&tx, notice, caller.account)
            .await
            .map_err(|err| match err {
                StoreError::Conflict { .. } => {
                    WorkflowError::refused("公示已经结束（the notice is already closed）")
                }
                other => other.into(),
            })?;
        tx.commit().await?;
        Ok(moved)
    }

    /// A notice and its program version, if the caller's bureau runs the program.
    async fn managed_notice(
        &self,
        tx: &jiangxin_store::Tx,
        caller: &Caller,
        notice: NoticeId,
    ) -> Result<(Notice, ProgramVersion)> {
        let found = notices::get(tx, notice).await?;
        let version = self
            .managed_version(
                tx,
                caller,
                found.program_version,
                "办理公示",
                "handle its notices",
            )
            .await?;
        Ok((found, version))
    }
}

/// The notice stage `stage_id` of the program.
fn notice_stage<'p>(program: &'p Program, stage_id: &str) -> Result<&'p Stage> {
    program
        .stages
        .iter()
        .find(|s| s.id == stage_id && s.actor == StageActor::Public)
        .ok_or_else(|| {
            WorkflowError::invalid(format!(
                "项目 {} 没有公示阶段 {stage_id}（program {} has no notice stage {stage_id}）",
                program.id(),
                program.id()
            ))
        })
}

/// A notice period as the program files write it: “不少于 5 个工作日”, “7 天”.
fn period_zh(duration: Period) -> String {
    let at_least = if duration.bound == PeriodBound::AtLeast {
        "不少于 "
    } else {
        ""
    };
    format!(
        "{at_least}{} {}",
        duration.length,
        counting_zh(duration.counting)
    )
}

/// The line of the published list for an application: the applicant's name and masked ID
/// number, and the unit's name; a unit's own application shows the unit's name.
async fn entry(tx: &jiangxin_store::Tx, application: &Application) -> Result<NoticeEntry> {
    let unit_name = match application.unit {
        Some(unit) => Some(units::get(tx, unit).await?.name),
        None => None,
    };
    let (name, masked_id) = match application.applicant {
        Some(person) => {
            let person = persons::get(tx, person).await?;
            (person.name, Some(person.id_number.masked()))
        }
        None => (unit_name.clone().unwrap_or_default(), None),
    };
    Ok(NoticeEntry {
        application: application.id,
        name,
        unit_name,
        masked_id,
    })
}
