//! Review stages (district first review, city qualification review): pass, return for
//! correction or reject, always with a reason that the applicant is shown.

use jiangxin_policy::stages::Role as StageActor;
use jiangxin_store::applications::{Application, ApplicationChange, ApplicationId};
use serde_json::json;

use crate::Workflow;
use crate::access::Caller;
use crate::applications::{Step, advance};
use crate::error::{Result, WorkflowError, required_text};
use crate::position::{self, Position};
use crate::recommend::next_position;

/// A reviewer's verdict on the stage an application is at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewVerdict {
    /// On to the next stage.
    Pass,
    /// Back to the applicant's side for correction; resubmission returns it to this stage.
    Return,
    /// Rejected; final.
    Reject,
}

impl ReviewVerdict {
    fn action(self) -> &'static str {
        match self {
            Self::Pass => "review.pass",
            Self::Return => "review.return",
            Self::Reject => "review.reject",
        }
    }
}

impl Workflow {
    /// A district or city reviewer decides the stage the application is at. The reason is
    /// required for every verdict, a pass included, and is recorded in the history the applicant
    /// sees (004 第十条(三): “初审不通过的……应告知申请人并说明理由”). A pass needs the answers
    /// of every body the stage consults, and is refused on an adverse one the program excludes
    /// on ([`Workflow::record_consultation`]); a department-opinion stage is decided here too.
    pub async fn review(
        &self,
        caller: &Caller,
        id: ApplicationId,
        row_version: i64,
        verdict: ReviewVerdict,
        reason: &str,
    ) -> Result<Application> {
        let reason = required_text(reason, "审核意见", "the reason")?;
        let today = self.today();
        let tx = self.store.begin(caller.actor()).await?;
        let case = self.open(&tx, caller, id).await?;
        let path = case.path()?;
        let stage = case.waiting_at(&path, "审核", "review")?;
        // A department-opinion stage is decided by the reviewer who sought the opinions, and a
        // finance stage before the approval (the studio notice's 财政局意见) by the finance
        // bureau; approvals and the payment stage have their own services.
        let reviewable = match stage.actor {
            StageActor::DistrictReviewer
            | StageActor::CityReviewer
            | StageActor::DepartmentOpinions => true,
            StageActor::Finance => !crate::ledger::is_payment_stage(&path, stage),
            _ => false,
        };
        if !reviewable || crate::approval::is_approval(stage) {
            return Err(WorkflowError::refused(format!(
                "“{}”阶段由{}办理，不是审核阶段（stage {} is not a review）",
                stage.name,
                stage.actor.name_zh(),
                stage.id
            )));
        }
        caller.require_actor(stage)?;
        position::require_open(stage, today)?;
        let adverse = match verdict {
            ReviewVerdict::Pass => self.require_consulted(&tx, &case, stage, today).await?,
            ReviewVerdict::Return | ReviewVerdict::Reject => Vec::new(),
        };
        let to = match verdict {
            ReviewVerdict::Pass => next_position(&path, stage),
            ReviewVerdict::Return => Position::Returned(stage.id.clone()),
            ReviewVerdict::Reject => Position::Rejected(stage.id.clone()),
        };
        let step = Step {
            action: verdict.action(),
            from: &case.position,
            to: &to,
            note: Some(reason),
            detail: json!({ "stage": stage.id, "passed_despite": adverse }),
        };
        let updated = advance(
            &tx,
            caller,
            id,
            row_version,
            ApplicationChange::default(),
            step,
        )
        .await?;
        tx.commit().await?;
        Ok(updated)
    }
}
