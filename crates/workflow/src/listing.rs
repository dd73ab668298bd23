//! Read-only questions the web application and the API ask for their lists and live forms:
//! which applications a caller may see, which public notices are running, and what the
//! eligibility check would say of facts still being typed. Both answer with the same scope and the same evaluation as the
//! transitions, so that a list never shows what [`Workflow::application`] would refuse.

use jiangxin_policy::Decision;
use jiangxin_store::applications::{self, Application};
use jiangxin_store::notices::{self, Notice, NoticeId, Objection};
use jiangxin_store::panels::{self, Panel};
use jiangxin_store::programs::{self, ProgramVersion};
use serde_json::Value;

use crate::Workflow;
use crate::access::Caller;
use crate::applications::decide;
use crate::error::{Result, WorkflowError};
use crate::parameters::runs_program;

impl Workflow {
    /// Every application within the caller's scope ([`Caller::sees`]), newest first.
    pub async fn visible_applications(&self, caller: &Caller) -> Result<Vec<Application>> {
        let mut visible = Vec::new();
        for version in programs::list(&self.store).await? {
            let programs = self.programs_for(&version)?;
            let program = crate::program_in(&programs, &version);
            for application in applications::for_program_version(&self.store, version.id).await? {
                let scope = self
                    .scope(
                        &self.store,
                        program,
                        application.unit,
                        application.applicant,
                    )
                    .await?;
                if caller.sees(&scope) {
                    visible.push(application);
                }
            }
        }
        visible.sort_by_key(|a| std::cmp::Reverse(a.id));
        Ok(visible)
    }

    /// The public notices published and not yet closed, oldest first: public, for anyone, like
    /// each notice's list ([`Workflow::public_notice`]).
    pub async fn running_notices(&self) -> Result<Vec<Notice>> {
        Ok(notices::open(&self.store).await?)
    }

    /// The eligibility decision that submitting `facts` for the category of the published
    /// program would store, on today's date and with the officer-set parameters in force;
    /// nothing is stored. For the live explanation while an application is being filled in.
    pub async fn preview(
        &self,
        program_id: &str,
        category: &str,
        facts: &Value,
    ) -> Result<Decision> {
        let program = self.programs.get(program_id).ok_or_else(|| {
            WorkflowError::invalid(format!("没有项目 {program_id}（no program {program_id}）"))
        })?;
        let values = self.parameter_values(program_id).await?;
        decide(
            &self.programs,
            program,
            category,
            facts,
            &values,
            self.today(),
        )
    }
}

impl Workflow {
    /// Every public notice with its program version, newest first: what the public notice
    /// pages list (they are public, as the notices are).
    pub async fn notices(&self) -> Result<Vec<(Notice, ProgramVersion)>> {
        let mut listed = Vec::new();
        for notice in notices::all(&self.store).await? {
            let version = programs::get(&self.store, notice.program_version).await?;
            listed.push((notice, version));
        }
        Ok(listed)
    }

    /// The notices of the programs the caller's bureau runs, newest first.
    pub async fn managed_notices(&self, caller: &Caller) -> Result<Vec<(Notice, ProgramVersion)>> {
        let mut managed = Vec::new();
        for (notice, version) in self.notices().await? {
            if self.runs(caller, &version)? {
                managed.push((notice, version));
            }
        }
        Ok(managed)
    }

    /// The objections to a notice with the objectors' names and contacts, for the bureau that
    /// runs it.
    pub async fn notice_objections(
        &self,
        caller: &Caller,
        notice: NoticeId,
    ) -> Result<Vec<Objection>> {
        let found = notices::get(&self.store, notice).await?;
        self.managed_version(
            &self.store,
            caller,
            found.program_version,
            "办理公示",
            "handle its notices",
        )
        .await?;
        Ok(notices::objections(&self.store, notice).await?)
    }

    /// The panels of the programs the caller's bureau runs, newest first.
    pub async fn managed_panels(&self, caller: &Caller) -> Result<Vec<(Panel, ProgramVersion)>> {
        let mut managed = Vec::new();
        for panel in panels::all(&self.store).await? {
            let version = programs::get(&self.store, panel.program_version).await?;
            if self.runs(caller, &version)? {
                managed.push((panel, version));
            }
        }
        Ok(managed)
    }

    /// The panels the caller sits on as an expert, newest first.
    pub async fn seats(&self, caller: &Caller) -> Result<Vec<(Panel, ProgramVersion)>> {
        let mut seats = Vec::new();
        for panel in panels::of_member(&self.store, caller.account).await? {
            let version = programs::get(&self.store, panel.program_version).await?;
            seats.push((panel, version));
        }
        Ok(seats)
    }

    /// Whether the caller's bureau runs the program of `version`.
    fn runs(&self, caller: &Caller, version: &ProgramVersion) -> Result<bool> {
        let programs = self.programs_for(version)?;
        Ok(runs_program(caller, crate::program_in(&programs, version)))
    }
}
