//! Expert panels (专家评审组): the bureau that runs a program forms one panel per program version
//! and panel stage from the expert accounts; each member scores every criterion the panel judges
//! and casts a real-name vote on each application at the stage, unless recused from it; closing
//! the panel counts the votes against the quorum and pass threshold and moves the applications
//! on.
//!
//! Ballots stay hidden from everyone, their own caster, the other experts, the reviewers and the
//! applicant included, until the panel is closed: no ballot reaches an application's history
//! before then, and [`Workflow::panel_ballots`] refuses. A member who works at the applicant's
//! unit is recused without being asked; any member may declare a conflict of interest.

use std::collections::{BTreeMap, BTreeSet};

use jiangxin_policy::Program;
use jiangxin_policy::model::CriterionKind;
use jiangxin_policy::stages::{Role as StageActor, Stage};
use jiangxin_policy::value::{ParamValue, Quantity};
use jiangxin_store::accounts::{self, AccountId, Role};
use jiangxin_store::applications::{self, Application, ApplicationChange, ApplicationId};
use jiangxin_store::panels::{self, Ballot, Panel, PanelId, PanelMember, Recusal, RecusalCause};
use jiangxin_store::parameters::ParameterValue;
use jiangxin_store::programs::{self, ProgramVersion};
use jiangxin_store::units::UnitId;
use jiangxin_store::{EntityKind, Reader, StoreError, Tx};
use serde_json::json;

use crate::access::Caller;
use crate::applications::{Step, advance};
use crate::error::{Result, WorkflowError, required_text};
use crate::parameters::{require_runs_program, value_on};
use crate::position::{self, Position};
use crate::recommend::next_position;
use crate::{Workflow, program_in};

/// Scores run from 0 to this, per criterion.
pub const MAX_SCORE: u32 = 100;

/// One member's ballot on one application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BallotInput {
    /// Approve (同意) or reject (不同意): a real-name vote.
    pub approve: bool,
    /// A score for every criterion the panel judges for the application's category
    /// ([`panel_criteria`]), by criterion id.
    pub scores: BTreeMap<String, u32>,
}

/// A panel as its convener and its members see it while it sits: who sits, and the
/// applications before it. Never how anyone voted: until the panel closes ballots are hidden
/// ([`Workflow::panel_ballots`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PanelBoard {
    pub panel: Panel,
    pub version: ProgramVersion,
    pub members: Vec<PanelMember>,
    /// The applications at the panel's stage (none once it has closed and moved them on).
    pub docket: Vec<DocketEntry>,
}

/// One application before a panel.
#[derive(Debug, Clone, PartialEq)]
pub struct DocketEntry {
    pub application: Application,
    /// The members who do not judge it, and why.
    pub recused: Vec<(AccountId, RecusalCause)>,
    /// How many members have voted on it: the convener knows when to close, and learns
    /// nothing of the votes.
    pub votes_cast: u32,
    /// Whether the caller has voted on it (always `false` for a convener).
    pub voted_by_caller: bool,
}

/// What closing a panel decided for one application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelOutcome {
    pub application: ApplicationId,
    pub votes_for: u32,
    pub votes_against: u32,
    /// Members neither recused nor voting.
    pub abstained: u32,
    pub recused: Vec<AccountId>,
    /// Criterion id → the mean of the members' scores.
    pub mean_scores: BTreeMap<String, Quantity>,
    pub passed: bool,
}

/// A panel's quorum and pass threshold: shares of the members entitled to judge an application,
/// as ratios in ten-thousandths.
struct Rules {
    quorum: Quantity,
    threshold: Quantity,
    /// How each value was set, for the history.
    cited: serde_json::Value,
}

impl Workflow {
    /// Forms the panel of `stage_id`, a stage the program file gives to an expert panel, for the
    /// program's published version. Only the bureau that runs the program forms it (a district
    /// reviewer for its own district's program), and only once per version and stage.
    pub async fn create_panel(
        &self,
        caller: &Caller,
        program_id: &str,
        stage_id: &str,
    ) -> Result<Panel> {
        let program = self.programs.get(program_id).ok_or_else(|| {
            WorkflowError::invalid(format!("没有项目 {program_id}（no program {program_id}）"))
        })?;
        require_runs_program(caller, program, "组建评审组", "form its panels")?;
        let stage = program
            .stages
            .iter()
            .find(|s| s.id == stage_id && s.actor == StageActor::ExpertPanel)
            .ok_or_else(|| {
                WorkflowError::invalid(format!(
                    "项目 {program_id} 没有专家评审阶段 {stage_id}（program {program_id} has no panel stage {stage_id}）"
                ))
            })?;
        let tx = self.store.begin(caller.actor()).await?;
        let version = self.load_version(&tx, program).await?;
        let panel = panels::create(&tx, version.id, &stage.id, caller.account)
            .await
            .map_err(|err| match err {
                StoreError::Duplicate { .. } => WorkflowError::refused(format!(
                    "“{}”的评审组已经组建（the panel of stage {} already exists）",
                    stage.name, stage.id
                )),
                other => other.into(),
            })?;
        tx.commit().await?;
        Ok(panel)
    }

    /// Appoints an expert account to an open panel, with the unit the expert works at (for
    /// recusal); only the bureau that formed it appoints.
    pub async fn appoint_expert(
        &self,
        caller: &Caller,
        panel: PanelId,
        expert: AccountId,
        unit: Option<UnitId>,
    ) -> Result<PanelMember> {
        let tx = self.store.begin(caller.actor()).await?;
        let (found, _) = self.managed_panel(&tx, caller, panel).await?;
        require_open_panel(&found)?;
        if accounts::get(&tx, expert).await?.role != Role::Expert {
            return Err(WorkflowError::invalid(format!(
                "账户 {expert} 不是评审专家（account {expert} is not an expert）"
            )));
        }
        let member = panels::appoint(&tx, panel, expert, unit)
            .await
            .map_err(|err| match err {
                StoreError::Duplicate { .. } => WorkflowError::refused(format!(
                    "账户 {expert} 已是该评审组成员（account {expert} already sits on the panel）"
                )),
                other => other.into(),
            })?;
        tx.commit().await?;
        Ok(member)
    }

    /// A member declares a conflict of interest with an application (亲属、师徒、同一项目……) and
    /// is recused from it. Refused once the member has voted on it, because the vote would then
    /// have been cast in conflict.
    pub async fn declare_conflict(
        &self,
        caller: &Caller,
        panel: PanelId,
        application: ApplicationId,
        reason: &str,
    ) -> Result<Recusal> {
        let reason = required_text(reason, "回避理由", "the reason for recusal")?;
        let tx = self.store.begin(caller.actor()).await?;
        let (found, member) = self.seat(&tx, caller, panel).await?;
        require_open_panel(&found)?;
        let application = self.docketed(&tx, &found, application).await?;
        let ballots = panels::ballots(&tx, panel).await?;
        if ballots
            .iter()
            .any(|b| b.account == member.account && b.application == application.id)
        {
            return Err(WorkflowError::refused(
                "已对该申报表决，不能再申请回避（the member has already voted on this application）",
            ));
        }
        let recusal = panels::recuse(
            &tx,
            panel,
            member.account,
            application.id,
            RecusalCause::Declared,
            &reason,
        )
        .await
        .map_err(|err| match err {
            StoreError::Duplicate { .. } => WorkflowError::refused(
                "已对该申报回避（the member is already recused from this application）",
            ),
            other => other.into(),
        })?;
        tx.commit().await?;
        Ok(recusal)
    }

    /// A member casts a real-name ballot on an application at the panel's stage, with a score
    /// for every criterion the panel judges. Refused when the member is recused (declared, or
    /// working at the applicant's unit), outside the stage's window, or a second time: a
    /// real-name vote is final once cast.
    pub async fn cast_ballot(
        &self,
        caller: &Caller,
        panel: PanelId,
        application: ApplicationId,
        ballot: &BallotInput,
    ) -> Result<Ballot> {
        let today = self.today();
        let tx = self.store.begin(caller.actor()).await?;
        let (found, member) = self.seat(&tx, caller, panel).await?;
        require_open_panel(&found)?;
        let application = self.docketed(&tx, &found, application).await?;
        let version = programs::get(&tx, found.program_version).await?;
        let programs = self.programs_for(&version)?;
        let program = program_in(&programs, &version);
        position::require_open(panel_stage(program, &found)?, today)?;
        let recusals = panels::recusals(&tx, panel).await?;
        if let Some(cause) = recused(&member, &application, &recusals) {
            return Err(WorkflowError::refused(format!(
                "{}，不能对该申报表决（the member is recused from this application）",
                cause_zh(cause)
            )));
        }
        let criteria = panel_criteria(program, &application.category);
        require_scores(&criteria, &ballot.scores)?;
        let cast = panels::cast(
            &tx,
            panel,
            member.account,
            application.id,
            ballot.approve,
            &ballot.scores,
        )
        .await
        .map_err(|err| match err {
            StoreError::Duplicate { .. } => WorkflowError::refused(
                "已对该申报表决，实名表决不能更改（a real-name vote is final once cast）",
            ),
            other => other.into(),
        })?;
        tx.commit().await?;
        Ok(cast)
    }

    /// The ballots of a closed panel, for the bureau that runs it. Before closing they are
    /// hidden from everyone.
    pub async fn panel_ballots(&self, caller: &Caller, panel: PanelId) -> Result<Vec<Ballot>> {
        let (found, _) = self.managed_panel(&self.store, caller, panel).await?;
        if found.closed.is_none() {
            return Err(WorkflowError::refused(
                "评审组结束评审前，表决票对任何人保密（ballots stay hidden until the panel is closed）",
            ));
        }
        Ok(panels::ballots(&self.store, panel).await?)
    }

    /// Closes the panel: for each application at its stage, counts the votes of the members not
    /// recused against the quorum and pass threshold (the program's panel parameters, which must
    /// be set), records the result with the real-name votes and mean scores in the application's
    /// history, and moves a passing application to the next stage and a failing one to
    /// rejected. The members who work at an applicant's unit are recorded as recused.
    pub async fn close_panel(&self, caller: &Caller, panel: PanelId) -> Result<Vec<PanelOutcome>> {
        let today = self.today();
        let tx = self.store.begin(caller.actor()).await?;
        let (found, version) = self.managed_panel(&tx, caller, panel).await?;
        require_open_panel(&found)?;
        let programs = self.programs_for(&version)?;
        let program = program_in(&programs, &version);
        let stage = panel_stage(program, &found)?;
        let values = jiangxin_store::parameters::in_force(&tx, version.id).await?;
        let rules = rules(program, stage, &values, today)?;
        let members = panels::members(&tx, panel).await?;
        if members.is_empty() {
            return Err(WorkflowError::refused(
                "评审组没有成员，不能结束评审（the panel has no members）",
            ));
        }
        let mut recusals = panels::recusals(&tx, panel).await?;
        let ballots = panels::ballots(&tx, panel).await?;
        let at_stage = Position::At(stage.id.clone()).to_string();
        let docket: Vec<Application> = applications::for_program_version(&tx, version.id)
            .await?
            .into_iter()
            .filter(|a| a.stage == at_stage)
            .collect();

        // Recusal for the applicant's unit is recorded now, once the docket is final.
        for application in &docket {
            for member in &members {
                if recused(member, application, &recusals) == Some(RecusalCause::SameUnit)
                    && !recusals
                        .iter()
                        .any(|r| r.account == member.account && r.application == application.id)
                {
                    recusals.push(
                        panels::recuse(
                            &tx,
                            panel,
                            member.account,
                            application.id,
                            RecusalCause::SameUnit,
                            "专家与申报人同一单位（the expert works at the applicant's unit）",
                        )
                        .await?,
                    );
                }
            }
        }

        let mut outcomes = Vec::with_capacity(docket.len());
        for application in &docket {
            let outcome = count(&rules, application, &members, &recusals, &ballots);
            let path = position::path(program, &application.category)?;
            let (action, to) = if outcome.passed {
                ("panel.pass", next_position(&path, stage))
            } else {
                ("panel.reject", Position::Rejected(stage.id.clone()))
            };
            let votes: Vec<_> = ballots
                .iter()
                .filter(|b| b.application == application.id)
                .map(|b| json!({ "expert": b.account, "approve": b.approve, "scores": b.scores }))
                .collect();
            let step = Step {
                action,
                from: &Position::At(stage.id.clone()),
                to: &to,
                note: Some(format!(
                    "评审组表决：同意 {}，不同意 {}，未表决 {}，回避 {}；{}（panel vote: {} for, {} against, {} abstained, {} recused; {}）",
                    outcome.votes_for,
                    outcome.votes_against,
                    outcome.abstained,
                    outcome.recused.len(),
                    if outcome.passed {
                        "通过"
                    } else {
                        "未通过"
                    },
                    outcome.votes_for,
                    outcome.votes_against,
                    outcome.abstained,
                    outcome.recused.len(),
                    if outcome.passed {
                        "passed"
                    } else {
                        "not passed"
                    },
                )),
                detail: json!({
                    "stage": stage.id,
                    "panel": panel,
                    "votes_for": outcome.votes_for,
                    "votes_against": outcome.votes_against,
                    "abstained": outcome.abstained,
                    "recused": outcome.recused,
                    "mean_scores": outcome.mean_scores,
                    "ballots": votes,
                    "rules": rules.cited,
                }),
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
            outcomes.push(outcome);
        }
        panels::close(&tx, panel, caller.account).await?;
        tx.commit().await?;
        Ok(outcomes)
    }

    /// The expert accounts panels are drawn from (the expert pool), for the reviewers who form
    /// panels.
    pub async fn expert_pool(&self, caller: &Caller) -> Result<Vec<accounts::Account>> {
        if !matches!(caller.role, Role::DistrictReviewer | Role::CityReviewer) {
            return Err(WorkflowError::forbidden(
                "专家库供组建评审组的审核人员查看（the expert pool is for the reviewers who form panels）",
            ));
        }
        Ok(accounts::list(&self.store)
            .await?
            .into_iter()
            .filter(|a| a.role == Role::Expert)
            .collect())
    }

    /// The panel for its convener (the bureau that runs the program) or one of its members;
    /// for anyone else it does not exist.
    pub async fn panel_board(&self, caller: &Caller, panel: PanelId) -> Result<PanelBoard> {
        let (found, version) = if caller.role == Role::Expert {
            let (found, _) = self.seat(&self.store, caller, panel).await?;
            let version = programs::get(&self.store, found.program_version).await?;
            (found, version)
        } else {
            self.managed_panel(&self.store, caller, panel).await?
        };
        let members = panels::members(&self.store, panel).await?;
        let recusals = panels::recusals(&self.store, panel).await?;
        let ballots = panels::ballots(&self.store, panel).await?;
        let at_stage = Position::At(found.stage.clone()).to_string();
        let docket = applications::for_program_version(&self.store, version.id)
            .await?
            .into_iter()
            .filter(|a| a.stage == at_stage)
            .map(|application| {
                let on_it = ballots.iter().filter(|b| b.application == application.id);
                DocketEntry {
                    recused: members
                        .iter()
                        .filter_map(|m| recused(m, &application, &recusals).map(|c| (m.account, c)))
                        .collect(),
                    votes_cast: u32::try_from(on_it.clone().count())
                        .expect("a panel has fewer than 2³² members"),
                    voted_by_caller: on_it.clone().any(|b| b.account == caller.account),
                    application,
                }
            })
            .collect();
        Ok(PanelBoard {
            panel: found,
            version,
            members,
            docket,
        })
    }

    /// The panel and its program version, if the caller's bureau runs the program.
    pub(crate) async fn managed_panel(
        &self,
        reader: &impl Reader,
        caller: &Caller,
        panel: PanelId,
    ) -> Result<(Panel, ProgramVersion)> {
        let found = panels::get(reader, panel).await?;
        let version = self
            .managed_version(
                reader,
                caller,
                found.program_version,
                "管理评审组",
                "manage its panels",
            )
            .await?;
        Ok((found, version))
    }

    /// The panel and the caller's seat on it. A panel the caller does not sit on does not exist
    /// for an expert.
    async fn seat(
        &self,
        tx: &impl Reader,
        caller: &Caller,
        panel: PanelId,
    ) -> Result<(Panel, PanelMember)> {
        let not_found = || WorkflowError::NotFound {
            entity: EntityKind::Panel,
            id: panel.to_string(),
        };
        let found = panels::get(tx, panel).await?;
        let member = panels::members(tx, panel)
            .await?
            .into_iter()
            .find(|m| m.account == caller.account)
            .ok_or_else(not_found)?;
        Ok((found, member))
    }

    /// An application on the panel's docket: judged under the panel's program version and at
    /// its stage. Any other does not exist for the panel's members.
    async fn docketed(&self, tx: &Tx, panel: &Panel, id: ApplicationId) -> Result<Application> {
        let not_found = || WorkflowError::NotFound {
            entity: EntityKind::Application,
            id: id.to_string(),
        };
        let application = applications::get(tx, id).await?;
        if application.program_version != panel.program_version {
            return Err(not_found());
        }
        if application.stage != Position::At(panel.stage.clone()).to_string() {
            return Err(WorkflowError::refused(format!(
                "申报不在“{}”阶段，不能评审（the application is not at the panel's stage）",
                panel.stage
            )));
        }
        Ok(application)
    }
}

/// The criteria a panel scores for an application of `category`: the judgements the program
/// file gives to the expert panel, among the category's criteria and their members, in the
/// file's order.
pub fn panel_criteria<'p>(program: &'p Program, category: &str) -> Vec<&'p str> {
    let Some((_, category)) = program.category(category) else {
        return Vec::new();
    };
    let mut seen = BTreeSet::new();
    let mut pending: Vec<usize> = category.criteria.clone();
    while let Some(index) = pending.pop() {
        if seen.insert(index) {
            pending.extend(&program.criteria[index].members);
        }
    }
    seen.into_iter()
        .map(|index| &program.criteria[index])
        .filter(|c| {
            c.kind == CriterionKind::Judgement && c.decided_by == Some(StageActor::ExpertPanel)
        })
        .map(|c| c.id.as_str())
        .collect()
}

fn require_open_panel(panel: &Panel) -> Result<()> {
    match panel.closed {
        None => Ok(()),
        Some(_) => Err(WorkflowError::refused(
            "评审组已结束评审（the panel is closed）",
        )),
    }
}

/// The stage the panel sits for, in its program version.
fn panel_stage<'p>(program: &'p Program, panel: &Panel) -> Result<&'p Stage> {
    program
        .stages
        .iter()
        .find(|s| s.id == panel.stage)
        .ok_or(WorkflowError::Store(StoreError::Corrupt {
            what: "panels.stage",
        }))
}

/// Why a member does not judge an application, if they do not: a recorded recusal, or working
/// at the applicant's unit.
fn recused(
    member: &PanelMember,
    application: &Application,
    recusals: &[Recusal],
) -> Option<RecusalCause> {
    if let Some(recusal) = recusals
        .iter()
        .find(|r| r.account == member.account && r.application == application.id)
    {
        return Some(recusal.cause);
    }
    (member.unit.is_some() && member.unit == application.unit).then_some(RecusalCause::SameUnit)
}

fn cause_zh(cause: RecusalCause) -> &'static str {
    match cause {
        RecusalCause::SameUnit => "专家与申报人同一单位，须回避",
        RecusalCause::Declared => "专家已申报利益冲突并回避",
    }
}

/// Refuses a ballot that does not score exactly the panel's criteria within 0..=[`MAX_SCORE`].
fn require_scores(criteria: &[&str], scores: &BTreeMap<String, u32>) -> Result<()> {
    if let Some(missing) = criteria.iter().find(|c| !scores.contains_key(**c)) {
        return Err(WorkflowError::invalid(format!(
            "缺少评审条件 {missing} 的评分（no score for criterion {missing}）"
        )));
    }
    if let Some(unknown) = scores.keys().find(|k| !criteria.contains(&k.as_str())) {
        return Err(WorkflowError::invalid(format!(
            "{unknown} 不是本评审组评分的条件（{unknown} is not a criterion this panel scores）"
        )));
    }
    if let Some((criterion, score)) = scores.iter().find(|(_, s)| **s > MAX_SCORE) {
        return Err(WorkflowError::invalid(format!(
            "条件 {criterion} 的评分 {score} 超出 0–{MAX_SCORE}（score {score} for {criterion} is outside 0–{MAX_SCORE}）"
        )));
    }
    Ok(())
}

/// The quorum and threshold in force: each a parameter the stage's panel names, with the
/// notice's value or the officer's. Closing is refused while either is unnamed or unset.
fn rules(
    program: &Program,
    stage: &Stage,
    values: &[ParameterValue],
    today: chrono::NaiveDate,
) -> Result<Rules> {
    let panel = stage.panel.as_ref();
    let read = |id: Option<&String>,
                what_zh: &str,
                what_en: &str|
     -> Result<(Quantity, serde_json::Value)> {
        let id = id.ok_or_else(|| {
            WorkflowError::refused(format!(
                "项目 {} 的文件未规定“{}”评审组的{what_zh}参数，不能结束评审（program {} names no {what_en} parameter for stage {}）",
                program.id(),
                stage.name,
                program.id(),
                stage.id
            ))
        })?;
        let parameter = program
            .parameters
            .iter()
            .find(|p| &p.id == id)
            .expect("a panel's parameters are validated when the program loads");
        match value_on(parameter, values, today)? {
            Some(ParamValue::Quantity(q)) => {
                let source = values
                    .iter()
                    .find(|v| &v.parameter == id)
                    .map_or_else(|| parameter.cited.citation.clone(), |v| v.source.clone());
                Ok((q, json!({ "parameter": id, "value": q, "source": source })))
            }
            Some(_) => Err(WorkflowError::Store(StoreError::Corrupt {
                what: "parameter_values.value",
            })),
            None => Err(WorkflowError::refused(format!(
                "缺少参数 {id}（{what_zh}）：须先设定，才能结束评审（parameter {id}, the panel's {what_en}, must be set before the panel is closed）"
            ))),
        }
    };
    let (quorum, quorum_cited) = read(panel.and_then(|p| p.quorum.as_ref()), "到会比例", "quorum")?;
    let (threshold, threshold_cited) = read(
        panel.and_then(|p| p.threshold.as_ref()),
        "通过比例",
        "pass threshold",
    )?;
    Ok(Rules {
        quorum,
        threshold,
        cited: json!({ "quorum": quorum_cited, "threshold": threshold_cited }),
    })
}

/// Counts one application's ballots. Only members not recused are entitled to judge it; the
/// quorum is met when those who voted are at least the quorum's share of them, and the
/// application passes when, the quorum met, the approvals are at least the threshold's share of
/// the votes cast. Shares are compared exactly, in ten-thousandths.
fn count(
    rules: &Rules,
    application: &Application,
    members: &[PanelMember],
    recusals: &[Recusal],
    ballots: &[Ballot],
) -> PanelOutcome {
    let mut recused_members = Vec::new();
    let mut entitled = 0_i64;
    for member in members {
        if recused(member, application, recusals).is_some() {
            recused_members.push(member.account);
        } else {
            entitled += 1;
        }
    }
    let cast: Vec<&Ballot> = ballots
        .iter()
        .filter(|b| b.application == application.id && !recused_members.contains(&b.account))
        .collect();
    let voted = cast.len() as i64;
    let votes_for = cast.iter().filter(|b| b.approve).count() as i64;
    let quorum_met = entitled > 0 && voted * 10_000 >= rules.quorum.raw() * entitled;
    let passed = quorum_met && voted > 0 && votes_for * 10_000 >= rules.threshold.raw() * voted;
    let mut sums: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for ballot in &cast {
        for (criterion, score) in &ballot.scores {
            let sum = sums.entry(criterion.clone()).or_default();
            sum.0 += i64::from(*score);
            sum.1 += 1;
        }
    }
    let mean_scores = sums
        .into_iter()
        .map(|(criterion, (sum, n))| (criterion, Quantity::from_raw(sum * 10_000 / n)))
        .collect();
    let small = |n: i64| u32::try_from(n).expect("a panel has fewer than 2³² members");
    PanelOutcome {
        application: application.id,
        votes_for: small(votes_for),
        votes_against: small(voted - votes_for),
        abstained: small(entitled - voted),
        recused: recused_members,
        mean_scores,
        passed,
    }
}
