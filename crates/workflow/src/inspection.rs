//! Site inspections (实地考察、考察现场): the officers visit the applicant's unit and write down
//! what they found. 004 第十条(四) makes the visit a stage of its own; 306号 and the studio
//! notice make it a step of the panel's review that the bureau organises. Either way the record
//! is evidence in the application's history, dated and signed by the officer who recorded it;
//! the stage itself is then decided as usual ([`Workflow::review`], the panel's vote).

use chrono::NaiveDate;
use jiangxin_policy::stages::Role as StageActor;
use jiangxin_store::accounts::Role;
use jiangxin_store::applications::ApplicationId;
use jiangxin_store::events::Event;
use serde_json::json;

use crate::Workflow;
use crate::access::Caller;
use crate::applications::{Step, record};
use crate::error::{Result, WorkflowError, required_text};
use crate::parameters::require_runs_program;
use crate::position::{self, Position};

/// The action under which an inspection is kept in the history.
pub const INSPECTION: &str = "inspection.record";

/// A site inspection as the officer writes it down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectionInput {
    /// The day of the visit.
    pub visited_on: NaiveDate,
    /// Who went (names and posts, as the record is signed).
    pub inspectors: String,
    /// What was found; shown in the history the applicant reads.
    pub findings: String,
}

impl Workflow {
    /// Records a site inspection of an application at a stage the caller acts for, or at an
    /// expert panel's stage of a program the caller's bureau runs (the bureau organises the
    /// panel's visits). The visit cannot be in the future.
    pub async fn record_inspection(
        &self,
        caller: &Caller,
        id: ApplicationId,
        input: &InspectionInput,
    ) -> Result<Event> {
        let inspectors = required_text(&input.inspectors, "考察人员", "the inspectors")?;
        let findings = required_text(&input.findings, "考察情况", "the findings")?;
        let today = self.today();
        if input.visited_on > today {
            return Err(WorkflowError::invalid(format!(
                "考察日期 {} 晚于今天（{today}）（the visit on {} is in the future）",
                input.visited_on, input.visited_on
            )));
        }
        if !matches!(caller.role, Role::DistrictReviewer | Role::CityReviewer) {
            return Err(WorkflowError::forbidden(
                "实地考察由审核人员记录（site inspections are recorded by reviewers）",
            ));
        }
        let tx = self.store.begin(caller.actor()).await?;
        let case = self.open(&tx, caller, id).await?;
        let Position::At(stage_id) = &case.position else {
            return Err(not_inspecting(&case.position.name_zh(case.program())));
        };
        let path = case.path()?;
        let stage = position::stage(&path, stage_id)?;
        if stage.actor == StageActor::ExpertPanel {
            require_runs_program(caller, case.program(), "组织实地考察", "inspect")?;
        } else {
            caller.require_actor(stage)?;
        }
        let step = Step {
            action: INSPECTION,
            from: &case.position,
            to: &case.position,
            note: Some(format!(
                "考察日期 {}；考察人员：{inspectors}；考察情况：{findings}",
                input.visited_on
            )),
            detail: json!({
                "stage": stage.id,
                "visited_on": input.visited_on,
                "inspectors": inspectors,
            }),
        };
        let event = record(&tx, caller, id, step).await?;
        tx.commit().await?;
        Ok(event)
    }
}

fn not_inspecting(position: &str) -> WorkflowError {
    WorkflowError::refused(format!(
        "申报当前为“{position}”，没有待办的阶段可以记录实地考察（the application awaits no stage）"
    ))
}
