//! Who may do what: the caller's role against the actor a program file names for a stage, and
//! the caller's scope against the application.
//!
//! Two separate questions, answered by two functions, so that each is a small table that can be
//! read against the program files:
//! * [`may_act`]: may an account of this role act for this stage actor at all?
//! * [`Caller::sees`]: is this application within the caller's scope? Outside it, the
//!   application does not exist for the caller ([`WorkflowError::NotFound`]).

use jiangxin_domain::division::DivisionCode;
use jiangxin_policy::stages::{Role as StageActor, Stage};
use jiangxin_store::accounts::{self, AccountId, Role};
use jiangxin_store::persons::PersonId;
use jiangxin_store::units::UnitId;
use jiangxin_store::{Actor, Reader};

use crate::error::{Result, WorkflowError};

/// An account acting through the services, with its scope loaded once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub account: AccountId,
    pub role: Role,
    /// A district reviewer's district.
    pub district: Option<DivisionCode>,
    /// A unit officer's unit.
    pub unit: Option<UnitId>,
    /// The person an individual's account acts for.
    pub person: Option<PersonId>,
}

impl Caller {
    pub(crate) async fn load(reader: &impl Reader, account: AccountId) -> Result<Self> {
        let found = accounts::get(reader, account).await?;
        Ok(Self {
            account,
            role: found.role,
            district: found.district,
            unit: found.unit,
            person: accounts::person_of(reader, account).await?,
        })
    }

    pub(crate) fn actor(&self) -> Actor {
        Actor::account(self.account, self.role)
    }

    /// Whether the application is within the caller's scope. Experts see applications only
    /// through the panels they sit on, and administrators manage accounts, not applications.
    pub fn sees(&self, scope: &Scope) -> bool {
        match self.role {
            Role::UnitOfficer => self.unit.is_some() && self.unit == scope.unit,
            Role::Individual => self.person.is_some() && self.person == scope.applicant,
            Role::DistrictReviewer => self.district.as_ref() == Some(&scope.district),
            Role::CityReviewer | Role::Finance => true,
            Role::Expert | Role::Admin => false,
        }
    }

    /// Refuses unless the caller's role may act for the stage's actor (or its alternative).
    pub(crate) fn require_actor(&self, stage: &Stage) -> Result<()> {
        if may_act(self.role, stage.actor)
            || stage
                .alternative_actor
                .is_some_and(|alternative| may_act(self.role, alternative))
        {
            Ok(())
        } else {
            Err(WorkflowError::forbidden(format!(
                "“{}”阶段由{}办理，{}不能办理（stage {} is for {}, not for {}）",
                stage.name,
                stage.actor.name_zh(),
                self.role.name_zh(),
                stage.id,
                stage.actor.name(),
                self.role.as_str()
            )))
        }
    }
}

/// Whose an application is, for scope checks: its unit, its applicant, and the district that
/// reviews it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub unit: Option<UnitId>,
    pub applicant: Option<PersonId>,
    /// The unit's district; for an application without a unit, the program's jurisdiction.
    pub district: DivisionCode,
}

/// Whether an account of `role` may act for a stage whose program file names `actor`.
///
/// Bodies that have no account of their own act through the bureau officer who records what
/// they decided: the district talent office's approval (004) through the district reviewer, the
/// consulted departments' opinions through either reviewer (the bureau that consults them:
/// the city for 201号, the district for 004), the city government's approval through the city
/// reviewer. The public never acts directly: objections are recorded by the officers who
/// receive them.
pub fn may_act(role: Role, actor: StageActor) -> bool {
    match actor {
        StageActor::Unit => role == Role::UnitOfficer,
        StageActor::Individual => role == Role::Individual,
        StageActor::DistrictReviewer | StageActor::DistrictTalentOffice => {
            role == Role::DistrictReviewer
        }
        StageActor::CityReviewer | StageActor::CityGovernment => role == Role::CityReviewer,
        StageActor::DepartmentOpinions => {
            matches!(role, Role::DistrictReviewer | Role::CityReviewer)
        }
        StageActor::ExpertPanel => role == Role::Expert,
        StageActor::Finance => role == Role::Finance,
        StageActor::Public => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_stage_actor_is_served_by_the_roles_the_bureau_assigns_to_it() {
        let expected: &[(StageActor, &[Role])] = &[
            (StageActor::Unit, &[Role::UnitOfficer]),
            (StageActor::Individual, &[Role::Individual]),
            (StageActor::DistrictReviewer, &[Role::DistrictReviewer]),
            (StageActor::DistrictTalentOffice, &[Role::DistrictReviewer]),
            (StageActor::CityReviewer, &[Role::CityReviewer]),
            (StageActor::CityGovernment, &[Role::CityReviewer]),
            (
                StageActor::DepartmentOpinions,
                &[Role::DistrictReviewer, Role::CityReviewer],
            ),
            (StageActor::ExpertPanel, &[Role::Expert]),
            (StageActor::Finance, &[Role::Finance]),
            (StageActor::Public, &[]),
        ];
        assert_eq!(expected.len(), StageActor::ALL.len());
        for (actor, roles) in expected {
            for role in Role::ALL {
                assert_eq!(
                    may_act(role, *actor),
                    roles.contains(&role),
                    "{role} for {}",
                    actor.name()
                );
            }
        }
    }

    #[test]
    fn an_administrator_acts_for_no_stage_of_any_application() {
        for actor in StageActor::ALL {
            assert!(!may_act(Role::Admin, *actor), "{}", actor.name());
        }
    }
}
