//! Applications from draft to submission: the applicant's side writes the facts, signs the
//! commitment (承诺) and submits; the eligibility check runs at submission and its
//! [`Decision`] is stored with the application. An `ineligible` decision refuses the submission
//! with what would have to change. The same path takes a returned application back to the stage
//! that returned it.

use std::borrow::Cow;

use jiangxin_domain::division::DivisionCode;
use jiangxin_policy::model::Subject;
use jiangxin_policy::{Decision, Facts, Outcome, Program, ProgramSet, check};
use jiangxin_store::applications::{self, Application, ApplicationChange, ApplicationId};
use jiangxin_store::events::{self, Event, NewEvent};
use jiangxin_store::parameters::{self, ParameterValue};
use jiangxin_store::persons::{self, NewPerson, Person, PersonId};
use jiangxin_store::programs::{self, ProgramVersion};
use jiangxin_store::units::{self, Unit, UnitId};
use jiangxin_store::{EntityKind, Reader, Tx};
use serde_json::{Map, Value, json};

use crate::Workflow;
use crate::access::{Caller, Scope};
use crate::error::{BatchRefusal, Result, WorkflowError, required_text};
use crate::position::{self, Position};

/// A new application as its applicant's side writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDraft {
    pub program_id: String,
    pub category: String,
    pub applicant: Option<PersonId>,
    pub unit: Option<UnitId>,
    /// The facts as declared, in the `--facts` JSON shape of `jiangxin check`.
    pub facts: Value,
}

/// A draft of a batch ([`Workflow::create_drafts`]): the applicant by ID number and name, so
/// that one not yet on record is registered in the batch's own transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchDraft {
    pub program_id: String,
    pub category: String,
    pub applicant: Option<NewPerson>,
    pub unit: Option<UnitId>,
    /// The facts as declared, in the `--facts` JSON shape of `jiangxin check`.
    pub facts: Value,
}

/// Adds what the records know to declared facts: the applicant's birth date and gender from
/// their ID number, the unit's name, type and credit code. What the records hold wins over
/// what was typed, so that a form cannot claim another age or unit type.
pub fn with_known(mut facts: Value, person: Option<&Person>, unit: Option<&Unit>) -> Value {
    let Some(object) = facts.as_object_mut() else {
        return facts;
    };
    if let Some(person) = person {
        let section = object
            .entry("person")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(section) = section {
            section.insert("birth_date".into(), json!(person.birth_date));
            section.insert("gender".into(), json!(person.gender.name_zh()));
        }
    }
    if let Some(unit) = unit {
        let section = object
            .entry("unit")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(section) = section {
            section.insert("name".into(), json!(unit.name));
            section.insert("credit_code".into(), json!(unit.credit_code.as_str()));
            section.insert("unit_type".into(), json!(unit.unit_type.name_zh()));
        }
    }
    facts
}

/// An application loaded for one caller, with the program it is judged under.
pub(crate) struct Case<'w> {
    pub application: Application,
    pub position: Position,
    pub version: ProgramVersion,
    /// The officer-set parameter values in force for the version.
    pub parameters: Vec<ParameterValue>,
    programs: Cow<'w, ProgramSet>,
}

impl Case<'_> {
    pub fn program(&self) -> &Program {
        self.programs
            .get(&self.version.program_id)
            .expect("the set was built for this program version")
    }

    /// The stages of this application's path.
    pub fn path(&self) -> Result<Vec<&jiangxin_policy::stages::Stage>> {
        position::path(self.program(), &self.application.category)
    }

    /// The stage of `path` the application waits at, or a refusal saying that it awaits no
    /// `act_zh` (`act_en`) but stands where it does.
    pub fn waiting_at<'p>(
        &self,
        path: &[&'p jiangxin_policy::stages::Stage],
        act_zh: &str,
        act_en: &str,
    ) -> Result<&'p jiangxin_policy::stages::Stage> {
        let Position::At(stage_id) = &self.position else {
            return Err(WorkflowError::refused(format!(
                "申报当前为“{}”，没有待{act_zh}的阶段（the application awaits no {act_en}）",
                self.position.name_zh(self.program())
            )));
        };
        position::stage(path, stage_id)
    }
}

impl Workflow {
    /// The application, if the caller may see it.
    pub async fn application(&self, caller: &Caller, id: ApplicationId) -> Result<Application> {
        Ok(self.open(&self.store, caller, id).await?.application)
    }

    /// The application's history, oldest first, with the reasons and commitments as shown to
    /// the applicant.
    pub async fn history(&self, caller: &Caller, id: ApplicationId) -> Result<Vec<Event>> {
        self.open(&self.store, caller, id).await?;
        Ok(events::for_application(&self.store, id).await?)
    }

    /// Starts an application as a draft. The caller must be the applicant's side of the
    /// category's first stage (a unit officer for its own unit, or an individual for themself
    /// where the file allows self-application), and the facts must parse.
    pub async fn create_draft(&self, caller: &Caller, draft: &NewDraft) -> Result<Application> {
        let tx = self.store.begin(caller.actor()).await?;
        let application = self.draft_in(&tx, caller, draft).await?;
        tx.commit().await?;
        Ok(application)
    }

    /// Starts every draft of a batch (an imported workbook) in one transaction: the applicants
    /// not yet on record are registered as persons, the facts get what the records know
    /// ([`with_known`]), and each draft is checked as [`create_draft`](Self::create_draft)
    /// checks it. The first refusal rolls the whole batch back and names its draft.
    pub async fn create_drafts(
        &self,
        caller: &Caller,
        drafts: &[BatchDraft],
    ) -> std::result::Result<Vec<Application>, BatchRefusal> {
        let refused = |index: usize| move |error: WorkflowError| BatchRefusal { index, error };
        let tx = self
            .store
            .begin(caller.actor())
            .await
            .map_err(|e| refused(0)(e.into()))?;
        let mut created = Vec::with_capacity(drafts.len());
        for (index, draft) in drafts.iter().enumerate() {
            let application = self
                .batch_draft_in(&tx, caller, draft)
                .await
                .map_err(refused(index))?;
            created.push(application);
        }
        tx.commit()
            .await
            .map_err(|e| refused(drafts.len().saturating_sub(1))(e.into()))?;
        Ok(created)
    }

    async fn batch_draft_in(
        &self,
        tx: &Tx,
        caller: &Caller,
        draft: &BatchDraft,
    ) -> Result<Application> {
        let person = match &draft.applicant {
            Some(new) => Some(persons::find_or_insert(tx, new).await?),
            None => None,
        };
        let unit = match draft.unit {
            Some(unit) => Some(units::get(tx, unit).await?),
            None => None,
        };
        let draft = NewDraft {
            program_id: draft.program_id.clone(),
            category: draft.category.clone(),
            applicant: person.as_ref().map(|p| p.id),
            unit: draft.unit,
            facts: with_known(draft.facts.clone(), person.as_ref(), unit.as_ref()),
        };
        self.draft_in(tx, caller, &draft).await
    }

    async fn draft_in(&self, tx: &Tx, caller: &Caller, draft: &NewDraft) -> Result<Application> {
        let program = self.programs.get(&draft.program_id).ok_or_else(|| {
            WorkflowError::invalid(format!(
                "没有项目 {}（no program {}）",
                draft.program_id, draft.program_id
            ))
        })?;
        let (_, category) = program.category(&draft.category).ok_or_else(|| {
            WorkflowError::invalid(format!(
                "项目 {} 没有类别 {}（program {} has no category {}）",
                program.id(),
                draft.category,
                program.id(),
                draft.category
            ))
        })?;
        match category.subject {
            Subject::Person | Subject::Student if draft.applicant.is_none() => {
                return Err(WorkflowError::invalid(
                    "个人申报须指明申报人（a personal application needs its applicant）",
                ));
            }
            Subject::UnitWithLeader | Subject::Enterprise if draft.unit.is_none() => {
                return Err(WorkflowError::invalid(
                    "单位申报须指明申报单位（a unit's application needs the unit）",
                ));
            }
            _ => {}
        }
        parse_facts(&draft.facts)?;
        let first = position::path(program, &draft.category)?[0];
        caller.require_actor(first)?;

        let scope = self.scope(tx, program, draft.unit, draft.applicant).await?;
        if !caller.sees(&scope) {
            return Err(WorkflowError::forbidden(
                "只能为本单位或本人申报（a unit applies only for itself and its staff, an individual only for themself）",
            ));
        }
        if let Some(person) = draft.applicant
            && let Some(ban) = jiangxin_store::titles::ban_of(tx, person, program.id()).await?
        {
            return Err(WorkflowError::refused(format!(
                "申请人已被取消资格，不得再次申报本项目（barred from applying again）：{}；依据：{}",
                ban.reason, ban.citation
            )));
        }
        let version = self.load_version(tx, program).await?;
        let application = applications::insert(
            tx,
            &applications::NewApplication {
                program_version: version.id,
                category: draft.category.clone(),
                applicant: draft.applicant,
                unit: draft.unit,
                stage: Position::Draft.to_string(),
                facts: draft.facts.clone(),
                decision: None,
            },
        )
        .await?;
        let step = Step {
            action: "create",
            from: &Position::Draft,
            to: &Position::Draft,
            note: None,
            detail: json!({}),
        };
        record(tx, caller, application.id, step).await?;
        Ok(application)
    }

    /// Replaces the declared facts of a draft or of an application returned for correction.
    pub async fn edit_facts(
        &self,
        caller: &Caller,
        id: ApplicationId,
        row_version: i64,
        facts: Value,
    ) -> Result<Application> {
        let tx = self.store.begin(caller.actor()).await?;
        let case = self.open(&tx, caller, id).await?;
        require_applicant_side(caller, &case)?;
        if !matches!(case.position, Position::Draft | Position::Returned(_)) {
            return Err(WorkflowError::refused(
                "只有草稿或退回修改的申报可以修改（only a draft or a returned application can be edited）",
            ));
        }
        parse_facts(&facts)?;
        let change = ApplicationChange {
            facts: Some(facts),
            ..ApplicationChange::default()
        };
        let step = Step {
            action: "edit_facts",
            from: &case.position,
            to: &case.position,
            note: None,
            detail: json!({}),
        };
        let updated = advance(&tx, caller, id, row_version, change, step).await?;
        tx.commit().await?;
        Ok(updated)
    }

    /// Submits a draft, or resubmits an application returned for correction, with the
    /// applicant's commitment. The eligibility check runs on the facts as they stand; an
    /// `ineligible` decision refuses the submission with what would have to change, anything
    /// else is stored with the application and moves it on.
    pub async fn submit(
        &self,
        caller: &Caller,
        id: ApplicationId,
        row_version: i64,
        commitment: &str,
    ) -> Result<Application> {
        let commitment = required_text(commitment, "申报人承诺", "the applicant's commitment")?;
        let today = self.today();
        let tx = self.store.begin(caller.actor()).await?;
        let case = self.open(&tx, caller, id).await?;
        require_applicant_side(caller, &case)?;
        let path = case.path()?;
        let (action, to) = match &case.position {
            Position::Draft => {
                position::require_open(path[0], today)?;
                ("submit", path[0])
            }
            // A correction answers the reviewer who asked for it; that reviewer's own window
            // applies when they act again.
            Position::Returned(stage) => ("resubmit", position::stage(&path, stage)?),
            _ => {
                return Err(WorkflowError::refused(
                    "只有草稿或退回修改的申报可以提交（only a draft or a returned application can be submitted）",
                ));
            }
        };
        let decision = self.evaluate(&case, today)?;
        if decision.outcome == Outcome::Ineligible {
            return Err(WorkflowError::refused(format!(
                "不符合申报条件，不能提交（not eligible, cannot be submitted）：{}",
                decision.changes_needed.join("；")
            )));
        }
        let change = ApplicationChange {
            decision: Some(serde_json::to_value(&decision).expect("a decision serialises")),
            ..ApplicationChange::default()
        };
        let step = Step {
            action,
            from: &case.position,
            to: &Position::At(to.id.clone()),
            note: Some(commitment),
            detail: json!({ "outcome": decision.outcome, "as_of": decision.as_of }),
        };
        let updated = advance(&tx, caller, id, row_version, change, step).await?;
        tx.commit().await?;
        Ok(updated)
    }

    /// The eligibility decision on the application's facts under its own program version: on
    /// the program's reference date where the file has one, else on `today`, with the officer-set
    /// parameter values in force ([`Workflow::set_parameter`]); one still unset is reported as
    /// missing and the decision is left to review.
    pub(crate) fn evaluate(&self, case: &Case<'_>, today: chrono::NaiveDate) -> Result<Decision> {
        self.evaluate_facts(case, &case.application.facts, today)
    }

    /// The eligibility decision on `facts` in place of the application's own, as
    /// [`evaluate`](Self::evaluate) makes it: for facts that evidence adds to.
    pub(crate) fn evaluate_facts(
        &self,
        case: &Case<'_>,
        facts: &Value,
        today: chrono::NaiveDate,
    ) -> Result<Decision> {
        decide(
            &case.programs,
            case.program(),
            &case.application.category,
            facts,
            &case.parameters,
            today,
        )
    }

    /// Loads an application for `caller`: [`WorkflowError::NotFound`] when it does not exist or
    /// lies outside the caller's scope, alike.
    pub(crate) async fn open(
        &self,
        reader: &impl Reader,
        caller: &Caller,
        id: ApplicationId,
    ) -> Result<Case<'_>> {
        let application = applications::get(reader, id).await?;
        let version = programs::get(reader, application.program_version).await?;
        let programs = self.programs_for(&version)?;
        let program = programs
            .get(&version.program_id)
            .expect("the set was built for this program version");
        let scope = self
            .scope(reader, program, application.unit, application.applicant)
            .await?;
        if !caller.sees(&scope) {
            return Err(WorkflowError::NotFound {
                entity: EntityKind::Application,
                id: id.to_string(),
            });
        }
        Ok(Case {
            position: Position::parse(&application.stage)?,
            parameters: parameters::in_force(reader, version.id).await?,
            application,
            version,
            programs,
        })
    }

    /// The scope of an application: its unit's district, or the program's jurisdiction when no
    /// unit applies (an individual's self-application to a district program).
    pub(crate) async fn scope(
        &self,
        reader: &impl Reader,
        program: &Program,
        unit: Option<UnitId>,
        applicant: Option<PersonId>,
    ) -> Result<Scope> {
        let district = match unit {
            Some(unit) => units::get(reader, unit).await?.district,
            None => DivisionCode::parse(&program.meta.jurisdiction).map_err(|_| {
                WorkflowError::invalid(format!(
                    "项目 {} 的辖区代码无效（program {} has an invalid jurisdiction）",
                    program.id(),
                    program.id()
                ))
            })?,
        };
        Ok(Scope {
            unit,
            applicant,
            district,
        })
    }
}

/// The eligibility decision on `facts` for a category of `program` (one of `programs`): on the
/// program's reference date where the file has one, else on `today`, with the officer-set
/// parameter values given.
pub(crate) fn decide(
    programs: &ProgramSet,
    program: &Program,
    category: &str,
    facts: &Value,
    values: &[ParameterValue],
    today: chrono::NaiveDate,
) -> Result<Decision> {
    let facts = parse_facts(facts)?;
    let as_of = program.reference_date.is_none().then_some(today);
    let mut decisions = check(
        programs,
        program.id(),
        Some(category),
        &facts,
        as_of,
        &crate::parameters::overrides(program, values),
    )?;
    Ok(decisions.remove(0))
}

/// Refuses unless the caller is the applicant's side: who may act for the first stage.
fn require_applicant_side(caller: &Caller, case: &Case<'_>) -> Result<()> {
    caller.require_actor(case.path()?[0])
}

pub(crate) fn parse_facts(facts: &Value) -> Result<Facts> {
    Facts::from_json(&facts.to_string()).map_err(|e| WorkflowError::invalid(e.to_string()))
}

/// One entry of an application's history, as a service describes it.
pub(crate) struct Step<'a> {
    pub action: &'a str,
    pub from: &'a Position,
    pub to: &'a Position,
    /// Shown to the applicant: a reason, or the commitment signed.
    pub note: Option<String>,
    pub detail: Value,
}

/// Records `step` in the application's history, as done by `caller`.
pub(crate) async fn record(
    tx: &Tx,
    caller: &Caller,
    application: ApplicationId,
    step: Step<'_>,
) -> Result<Event> {
    Ok(events::record(
        tx,
        &NewEvent {
            application,
            account: Some(caller.account),
            action: step.action.to_owned(),
            from_stage: step.from.to_string(),
            to_stage: step.to.to_string(),
            note: step.note,
            detail: step.detail,
        },
    )
    .await?)
}

/// Moves an application to `step.to` (with any other change) if it is still at `row_version`,
/// and records the step.
pub(crate) async fn advance(
    tx: &Tx,
    caller: &Caller,
    id: ApplicationId,
    row_version: i64,
    change: ApplicationChange,
    step: Step<'_>,
) -> Result<Application> {
    let change = ApplicationChange {
        stage: (step.from != step.to).then(|| step.to.to_string()),
        ..change
    };
    let updated = applications::update(tx, id, row_version, &change).await?;
    record(tx, caller, id, step).await?;
    Ok(updated)
}
