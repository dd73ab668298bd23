//! The background worker's round (the server runs it periodically): close the notices whose
//! window has ended with no objection under investigation, record once that a stage has
//! passed its deadline, and schedule the annual payments that have fallen due.
//!
//! Every part is idempotent, so a round may be repeated or interrupted and run again after a
//! restart: a closed notice is not reopened, an overdue mark is recorded once per stage entry,
//! and a payment already scheduled is not scheduled again. A notice whose objections are still
//! under investigation is left for the officers; the round reports it and goes on.

use jiangxin_store::applications::{self};
use jiangxin_store::notices::{self, NoticeId};
use jiangxin_store::{Actor, events, programs};
use serde_json::json;

use crate::error::{Result, WorkflowError};
use crate::position::{self, Position};
use crate::{Workflow, program_in};

/// What one round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Round {
    pub notices_closed: Vec<NoticeId>,
    /// Notices past their window that could not be closed, with the reason.
    pub notices_left: Vec<(NoticeId, String)>,
    pub overdue_marked: usize,
    pub payments_scheduled: usize,
}

impl Workflow {
    /// Runs one round of the worker on today's date.
    pub async fn run_worker_round(&self) -> Result<Round> {
        let today = self.today();
        let mut round = Round::default();
        for notice in notices::open(&self.store).await? {
            if today <= notice.last_day {
                continue;
            }
            // The worker closes on behalf of the officer who published the notice, whose
            // authority it is.
            let publisher = self.caller(notice.published_by).await?;
            match self.close_notice(&publisher, notice.id).await {
                Ok(_) => round.notices_closed.push(notice.id),
                Err(WorkflowError::Refused { reason } | WorkflowError::Conflict { reason }) => {
                    round.notices_left.push((notice.id, reason));
                }
                Err(other) => return Err(other),
            }
        }
        round.overdue_marked = self.mark_overdue(today).await?;
        round.payments_scheduled = self.schedule_annual_payments(today).await?;
        Ok(round)
    }

    /// Records `stage.overdue` in the history of each application whose current stage's last
    /// day has passed, once per entry into that stage.
    async fn mark_overdue(&self, today: chrono::NaiveDate) -> Result<usize> {
        let tx = self.store.begin(Actor::system("worker")).await?;
        let mut marked = 0;
        for version in programs::list(&tx).await? {
            let programs = self.programs_for(&version)?;
            let program = program_in(&programs, &version);
            for application in applications::for_program_version(&tx, version.id).await? {
                let Position::At(stage_id) = Position::parse(&application.stage)? else {
                    continue;
                };
                let Some(stage) = program.stages.iter().find(|s| s.id == stage_id) else {
                    continue;
                };
                let Some(due) = position::last_day(stage) else {
                    continue;
                };
                if today <= due {
                    continue;
                }
                let history = events::for_application(&tx, application.id).await?;
                let already = history.iter().any(|e| {
                    e.action == "stage.overdue"
                        && e.from_stage == application.stage
                        && e.at >= application.stage_entered_at
                });
                if already {
                    continue;
                }
                events::record(
                    &tx,
                    &events::NewEvent {
                        application: application.id,
                        account: None,
                        action: "stage.overdue".to_owned(),
                        from_stage: application.stage.clone(),
                        to_stage: application.stage.clone(),
                        note: Some(format!("“{}”已超过办理期限 {due}", stage.name)),
                        detail: json!({ "stage": stage.id, "due": due }),
                    },
                )
                .await?;
                marked += 1;
            }
        }
        tx.commit().await?;
        Ok(marked)
    }
}
