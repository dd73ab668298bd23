//! Ranking a closed panel's passed candidates and selecting them within the program's quotas
//! (择优确定): by approvals, then by the sum of the mean scores, then by the tie-break rules
//! the program file gives the panel (004 第五条: “同等条件下优先从青年技师、高级技师中选取”).
//!
//! The results ranked are the ones recorded in each application's history when the panel
//! closed, never recounted, so that parameters set later cannot change a closed vote. A place
//! in a program-wide quota is taken through the store's quota pools, so that two reviewers
//! cannot both take the last place.

use std::cmp::Ordering;

use chrono::NaiveDate;
use jiangxin_domain::skill::SkillLevel;
use jiangxin_policy::Program;
use jiangxin_policy::model::{QuotaScope, Strictness};
use jiangxin_policy::value::Quantity;
use jiangxin_store::applications::{self, Application, ApplicationId};
use jiangxin_store::events::{self, Event};
use jiangxin_store::panels::{Panel, PanelId};
use jiangxin_store::{Reader, StoreError};
use serde_json::{Value, json};

use crate::access::Caller;
use crate::applications::{Step, record};
use crate::error::{Result, WorkflowError, required_text};
use crate::position::Position;
use crate::recommend::{quota_limit, take_place};
use crate::{Workflow, program_in};

/// One candidate the panel passed, in the panel's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankedCandidate {
    /// 1 first.
    pub rank: u32,
    pub application: ApplicationId,
    pub votes_for: u32,
    /// The sum of the mean scores over the criteria the panel scored.
    pub score: Quantity,
    /// The tie-break rule that put this candidate ahead of the next one, where the two had the
    /// same approvals and score; `None` where votes or scores decided, or no rule did (then the
    /// earlier application goes first).
    pub tie_break: Option<String>,
}

/// A candidate selected within the quotas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub candidate: RankedCandidate,
    /// The soft or target quotas the selection goes beyond, with the reason recorded.
    pub exceeded: Vec<String>,
}

/// The tie-break rules the services can apply, by the name the program file gives them.
#[derive(Debug, Clone, Copy)]
enum TieBreak {
    /// 青年技师: the younger candidate first.
    Younger,
    /// 高级技师: a senior technician first.
    SeniorTechnician,
}

impl TieBreak {
    fn parse(rule: &str) -> Result<Self> {
        match rule {
            "青年技师" => Ok(Self::Younger),
            "高级技师" => Ok(Self::SeniorTechnician),
            other => Err(WorkflowError::refused(format!(
                "项目文件的同等条件优先规则“{other}”无法自动适用，须人工排序（tie-break rule {other} is unknown to the services）"
            ))),
        }
    }

    /// `Less` when the candidate with facts `a` goes first. A fact missing from the declared
    /// facts gives no priority.
    fn compare(self, a: &Value, b: &Value) -> Ordering {
        match self {
            Self::Younger => birth_date(b).cmp(&birth_date(a)),
            Self::SeniorTechnician => senior(b).cmp(&senior(a)),
        }
    }
}

fn birth_date(facts: &Value) -> Option<NaiveDate> {
    facts["person"]["birth_date"].as_str()?.parse().ok()
}

fn senior(facts: &Value) -> bool {
    facts["person"]["skill_level"]
        .as_str()
        .and_then(|level| SkillLevel::parse(level).ok())
        == Some(SkillLevel::SeniorTechnician)
}

/// A passed candidate as the panel's closing recorded it.
struct Passed {
    application: Application,
    votes_for: u32,
    score: Quantity,
}

impl Workflow {
    /// The candidates a closed panel passed, ranked. For the bureau that runs the program.
    pub async fn panel_ranking(
        &self,
        caller: &Caller,
        panel: PanelId,
    ) -> Result<Vec<RankedCandidate>> {
        let (found, version) = self.managed_panel(&self.store, caller, panel).await?;
        let programs = self.programs_for(&version)?;
        let program = program_in(&programs, &version);
        ranking(&self.store, &found, program).await
    }

    /// Selects a candidate the panel passed (择优确定): takes a place in each program-wide quota
    /// of its category (the total, or the round's). A hard quota that is full refuses; a soft
    /// or target quota (201号 “20名左右”) that is full asks for a reason, which is recorded. The
    /// history records the candidate's rank, votes, score and the tie-break rule applied.
    pub async fn select_candidate(
        &self,
        caller: &Caller,
        panel: PanelId,
        application: ApplicationId,
        over_quota_reason: Option<&str>,
    ) -> Result<Selection> {
        let reason = over_quota_reason
            .map(|r| required_text(r, "超出名额的理由", "the reason for exceeding the quota"))
            .transpose()?;
        let today = self.today();
        let tx = self.store.begin(caller.actor()).await?;
        let (found, version) = self.managed_panel(&tx, caller, panel).await?;
        let programs = self.programs_for(&version)?;
        let program = program_in(&programs, &version);
        let candidate = ranking(&tx, &found, program)
            .await?
            .into_iter()
            .find(|c| c.application == application)
            .ok_or_else(|| {
                WorkflowError::refused(
                    "该申报未通过本评审组评审，不能入选（the panel did not pass this application）",
                )
            })?;
        let history = events::for_application(&tx, application).await?;
        if history.iter().any(|e| of_panel(e, "panel.select", panel)) {
            return Err(WorkflowError::refused(
                "该申报已经入选（the application is already selected）",
            ));
        }
        let current = applications::get(&tx, application).await?;
        let values = jiangxin_store::parameters::in_force(&tx, version.id).await?;
        let mut exceeded = Vec::new();
        for quota in program.quotas.iter().filter(|q| {
            matches!(q.scope, QuotaScope::Total | QuotaScope::PerPeriod)
                && (q.categories.is_empty() || q.categories.contains(&current.category))
        }) {
            let limit = quota_limit(program, &values, quota, today)?;
            if take_place(&tx, version.id, &quota.id, limit, application).await? {
                continue;
            }
            let full = |ask: &str| {
                WorkflowError::refused(format!(
                    "名额 {limit} 名已满{ask}（all {limit} places of quota {} are taken）；依据：{}",
                    quota.id, quota.cited.citation
                ))
            };
            match (quota.strictness, &reason) {
                (Strictness::Hard, _) => return Err(full("")),
                (Strictness::Soft | Strictness::Target, None) => {
                    return Err(full("；确需超出的，须填写理由"));
                }
                (Strictness::Soft | Strictness::Target, Some(_)) => {
                    exceeded.push(quota.id.clone());
                }
            }
        }
        if reason.is_some() && exceeded.is_empty() {
            return Err(WorkflowError::invalid(
                "未超出名额，无须填写超出理由（within the quotas: no reason is needed）",
            ));
        }
        let position = Position::parse(&current.stage)?;
        let step = Step {
            action: "panel.select",
            from: &position,
            to: &position,
            note: reason,
            detail: json!({
                "panel": panel,
                "rank": candidate.rank,
                "votes_for": candidate.votes_for,
                "score": candidate.score,
                "tie_break": candidate.tie_break,
                "exceeded_quotas": exceeded,
            }),
        };
        record(&tx, caller, application, step).await?;
        tx.commit().await?;
        Ok(Selection {
            candidate,
            exceeded,
        })
    }
}

impl Workflow {
    /// The applications already selected from a closed panel's candidates, for the bureau that
    /// runs the program.
    pub async fn selected_candidates(
        &self,
        caller: &Caller,
        panel: PanelId,
    ) -> Result<Vec<ApplicationId>> {
        let (found, _) = self.managed_panel(&self.store, caller, panel).await?;
        let mut selected = Vec::new();
        for application in
            applications::for_program_version(&self.store, found.program_version).await?
        {
            let history = events::for_application(&self.store, application.id).await?;
            if history.iter().any(|e| of_panel(e, "panel.select", panel)) {
                selected.push(application.id);
            }
        }
        Ok(selected)
    }
}

/// Whether `event` is the `action` of `panel`.
fn of_panel(event: &Event, action: &str, panel: PanelId) -> bool {
    event.action == action && event.detail["panel"] == json!(panel)
}

/// The closed panel's passed candidates in order.
async fn ranking(
    reader: &impl Reader,
    panel: &Panel,
    program: &Program,
) -> Result<Vec<RankedCandidate>> {
    if panel.closed.is_none() {
        return Err(WorkflowError::refused(
            "评审组结束评审后才能排序和择优确定（candidates are ranked once the panel is closed）",
        ));
    }
    let rules: Vec<(&str, TieBreak)> = program
        .stages
        .iter()
        .find(|s| s.id == panel.stage)
        .and_then(|s| s.panel.as_ref())
        .map(|p| p.tie_break.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|rule| Ok((rule.as_str(), TieBreak::parse(rule)?)))
        .collect::<Result<_>>()?;
    let mut passed = Vec::new();
    for application in applications::for_program_version(reader, panel.program_version).await? {
        let history = events::for_application(reader, application.id).await?;
        if let Some(result) = history
            .iter()
            .rev()
            .find(|e| of_panel(e, "panel.pass", panel.id))
        {
            passed.push(recorded(application, &result.detail)?);
        }
    }
    let by_votes = |a: &Passed, b: &Passed| {
        b.votes_for
            .cmp(&a.votes_for)
            .then_with(|| b.score.cmp(&a.score))
    };
    let deciding = |a: &Passed, b: &Passed| {
        rules.iter().find_map(|(name, rule)| {
            match rule.compare(&a.application.facts, &b.application.facts) {
                Ordering::Equal => None,
                order => Some((*name, order)),
            }
        })
    };
    passed.sort_by(|a, b| {
        by_votes(a, b)
            .then_with(|| deciding(a, b).map_or(Ordering::Equal, |(_, order)| order))
            .then_with(|| a.application.id.cmp(&b.application.id))
    });
    let ranked = passed
        .iter()
        .enumerate()
        .map(|(index, candidate)| RankedCandidate {
            rank: u32::try_from(index + 1).expect("fewer than 2³² candidates"),
            application: candidate.application.id,
            votes_for: candidate.votes_for,
            score: candidate.score,
            tie_break: passed
                .get(index + 1)
                .filter(|next| by_votes(candidate, next) == Ordering::Equal)
                .and_then(|next| deciding(candidate, next))
                .map(|(name, _)| name.to_owned()),
        })
        .collect();
    Ok(ranked)
}

/// The votes for and the score of a passed candidate, from the result recorded at closing.
fn recorded(application: Application, detail: &Value) -> Result<Passed> {
    let corrupt = || {
        WorkflowError::Store(StoreError::Corrupt {
            what: "application_events.detail",
        })
    };
    let votes_for = detail["votes_for"]
        .as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(corrupt)?;
    let means = detail["mean_scores"].as_object().ok_or_else(corrupt)?;
    let mut score = 0_i64;
    for mean in means.values() {
        let mean: Quantity = serde_json::from_value(mean.clone()).map_err(|_| corrupt())?;
        score += mean.raw();
    }
    Ok(Passed {
        application,
        votes_for,
        score: Quantity::from_raw(score),
    })
}
