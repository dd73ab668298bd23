//! The applicant's side completes its stage: a unit recommends (推荐) a candidate with a rank,
//! within the program's per-unit cap and after the unit-internal notice where the stage asks for
//! one; an individual recommends themself where the program allows it (004 第十条(二)).

use chrono::NaiveDate;
use jiangxin_policy::Program;
use jiangxin_policy::model::Quota;
use jiangxin_policy::model::{QuotaScope, Strictness};
use jiangxin_policy::stages::{Role as StageActor, Stage};
use jiangxin_policy::value::ParamValue;
use jiangxin_store::accounts::Role;
use jiangxin_store::applications::{Application, ApplicationChange, ApplicationId};
use jiangxin_store::parameters::ParameterValue;
use jiangxin_store::programs::ProgramVersionId;
use jiangxin_store::recommendations::{self, NewRecommendation, UnitNotice};
use jiangxin_store::units::UnitId;
use jiangxin_store::{EntityKind, StoreError, Tx, quotas};
use serde_json::json;

use crate::Workflow;
use crate::access::Caller;
use crate::applications::{Case, Step, advance};
use crate::error::{Result, WorkflowError, required_text};
use crate::parameters;
use crate::position::{self, Position};

/// A unit's recommendation of one candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecommendationInput {
    /// The candidate's place in the unit's list, 1 first.
    pub rank: u32,
    /// The unit-internal notice, where the stage requires one.
    pub notice: Option<NoticeRecord>,
    /// Why the unit recommends more candidates than a soft cap allows (原则上不超过).
    pub over_cap_reason: Option<String>,
}

/// The unit-internal notice as the unit reports it: the day it was posted and how many staff
/// representatives signed its result. The last day is computed, never entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoticeRecord {
    pub published_on: NaiveDate,
    pub staff_representatives: u32,
}

impl Workflow {
    /// A unit officer recommends its unit's application at a stage whose actor is the unit.
    ///
    /// Refused outside the stage's window, before the unit-internal notice has run its full
    /// period (computed with the official calendar) or with too few staff representatives,
    /// before the bodies the stage consults have answered (201号: the trade union's opinion), and
    /// beyond a per-unit cap: a hard cap refuses, a soft cap asks for a recorded reason, a
    /// target is only noted. The cap is counted with the store's quota pools, so two officers
    /// cannot both take the last place.
    pub async fn recommend(
        &self,
        caller: &Caller,
        id: ApplicationId,
        row_version: i64,
        input: &RecommendationInput,
    ) -> Result<Application> {
        let today = self.today();
        let over_cap_reason = input
            .over_cap_reason
            .as_deref()
            .map(|r| required_text(r, "超出名额的理由", "the reason for exceeding the cap"))
            .transpose()?;
        if input.rank == 0 {
            return Err(WorkflowError::invalid(
                "推荐名次从 1 开始（ranks start at 1）",
            ));
        }
        let tx = self.store.begin(caller.actor()).await?;
        let case = self.open(&tx, caller, id).await?;
        let path = case.path()?;
        let stage = applicant_stage(&case, &path)?;
        if stage.actor != StageActor::Unit || caller.role != Role::UnitOfficer {
            return Err(WorkflowError::forbidden(format!(
                "“{}”阶段的推荐由申报单位办理（the unit recommends at stage {}）",
                stage.name, stage.id
            )));
        }
        position::require_open(stage, today)?;
        let unit = case.application.unit.ok_or_else(|| {
            WorkflowError::refused("没有申报单位的申报不能由单位推荐（an application without a unit cannot be recommended by one）")
        })?;
        let notice = self.unit_notice(stage, input.notice, today)?;
        let adverse = self.require_consulted(&tx, &case, stage, today).await?;
        let caps = self
            .claim_unit_caps(&tx, &case, unit, over_cap_reason.is_some(), today)
            .await?;
        let over_cap = caps.iter().any(|c| c.strictness == Strictness::Soft);
        if over_cap_reason.is_some() && !over_cap {
            return Err(WorkflowError::invalid(
                "未超过每单位名额，无须填写超出理由（the unit is within its cap: no reason is needed）",
            ));
        }
        recommendations::insert(
            &tx,
            &NewRecommendation {
                application: id,
                program_version: case.version.id,
                unit,
                rank: input.rank,
                notice,
                over_cap_reason: over_cap_reason.clone(),
                recommended_by: caller.account,
            },
        )
        .await
        .map_err(|e| match e {
            StoreError::Duplicate {
                entity: EntityKind::Recommendation,
                ..
            } => WorkflowError::refused(format!(
                "本单位已有推荐名次为 {} 的人选（the unit has already given rank {}）",
                input.rank, input.rank
            )),
            other => other.into(),
        })?;
        let exceeded: Vec<_> = caps.iter().map(|c| c.quota.clone()).collect();
        let step = Step {
            action: "recommend",
            from: &case.position,
            to: &next_position(&path, stage),
            note: over_cap_reason,
            detail: json!({ "rank": input.rank, "exceeded_caps": exceeded, "passed_despite": adverse }),
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

    /// An individual completes the applicant's stage for their own application, where the
    /// program file names the individual as the stage's actor or its alternative (004: “也可个人
    /// 自荐”). A self-recommendation is not a unit's: it counts toward no per-unit cap.
    pub async fn self_recommend(
        &self,
        caller: &Caller,
        id: ApplicationId,
        row_version: i64,
    ) -> Result<Application> {
        let today = self.today();
        let tx = self.store.begin(caller.actor()).await?;
        let case = self.open(&tx, caller, id).await?;
        let path = case.path()?;
        let stage = applicant_stage(&case, &path)?;
        let allowed = stage.actor == StageActor::Individual
            || stage.alternative_actor == Some(StageActor::Individual);
        if !allowed || caller.role != Role::Individual {
            return Err(WorkflowError::forbidden(format!(
                "本项目“{}”阶段不接受个人自荐（stage {} takes no self-recommendation）",
                stage.name, stage.id
            )));
        }
        position::require_open(stage, today)?;
        let adverse = self.require_consulted(&tx, &case, stage, today).await?;
        let step = Step {
            action: "self_recommend",
            from: &case.position,
            to: &next_position(&path, stage),
            note: None,
            detail: json!({ "passed_despite": adverse }),
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

    /// Checks the unit-internal notice against the stage's rule and returns it with its
    /// computed last day. The unit may recommend only once the whole period has passed
    /// (201号: “公示5个工作日无异议后”), that is from the day after its last day.
    fn unit_notice(
        &self,
        stage: &Stage,
        given: Option<NoticeRecord>,
        today: NaiveDate,
    ) -> Result<Option<UnitNotice>> {
        let Some(rule) = stage.unit_internal_notice else {
            return match given {
                None => Ok(None),
                Some(_) => Err(WorkflowError::invalid(
                    "本阶段不要求单位内部公示（this stage requires no unit-internal notice）",
                )),
            };
        };
        let Some(given) = given else {
            return Err(WorkflowError::refused(format!(
                "推荐前须在本单位内公示 {} {}，并有不少于 {} 名职工代表签字（the unit must first post an internal notice）；依据：{}",
                rule.length,
                counting_zh(rule.counting),
                rule.min_staff_representatives,
                stage.cited.citation
            )));
        };
        let last_day = position::period_end(
            &self.calendar,
            given.published_on,
            rule.length,
            rule.counting,
        )?;
        if today <= last_day {
            return Err(WorkflowError::refused(format!(
                "单位内部公示期至 {last_day} 结束，期满无异议后方可推荐（the unit-internal notice runs until {last_day}）"
            )));
        }
        if given.staff_representatives < rule.min_staff_representatives {
            return Err(WorkflowError::refused(format!(
                "公示结果须有不少于 {} 名职工代表签字，现有 {} 名（at least {} staff representatives must sign, {} did）；依据：{}",
                rule.min_staff_representatives,
                given.staff_representatives,
                rule.min_staff_representatives,
                given.staff_representatives,
                stage.cited.citation
            )));
        }
        Ok(Some(UnitNotice {
            published_on: given.published_on,
            last_day,
            staff_representatives: given.staff_representatives,
        }))
    }

    /// Takes a place in each per-unit cap that applies to the category, and returns the caps
    /// the unit exceeds (soft or target; a hard cap full is a refusal, and so is a soft one when
    /// no reason is given).
    async fn claim_unit_caps(
        &self,
        tx: &Tx,
        case: &Case<'_>,
        unit: UnitId,
        has_reason: bool,
        today: NaiveDate,
    ) -> Result<Vec<Exceeded>> {
        let program = case.program();
        let mut exceeded = Vec::new();
        for quota in program.quotas.iter().filter(|q| {
            q.scope == QuotaScope::PerUnit
                && (q.categories.is_empty() || q.categories.contains(&case.application.category))
        }) {
            let limit = quota_limit(program, &case.parameters, quota, today)?;
            let scope = format!("{}:unit:{unit}", quota.id);
            if take_place(tx, case.version.id, &scope, limit, case.application.id).await? {
                continue;
            }
            let refuse = |ask: &str| {
                WorkflowError::refused(format!(
                    "每单位推荐人选不超过 {limit} 人，本单位已满{ask}（the unit has used its {limit} places）；依据：{}",
                    quota.cited.citation
                ))
            };
            match quota.strictness {
                Strictness::Hard => return Err(refuse("")),
                Strictness::Soft if !has_reason => {
                    return Err(refuse("；确需超出的，须填写理由"));
                }
                Strictness::Soft | Strictness::Target => exceeded.push(Exceeded {
                    quota: quota.id.clone(),
                    strictness: quota.strictness,
                }),
            }
        }
        Ok(exceeded)
    }
}

/// A per-unit cap the recommendation goes beyond.
struct Exceeded {
    quota: String,
    strictness: Strictness,
}

/// The stage an application waiting on its applicant's side is at: the first of its path.
fn applicant_stage<'p>(case: &Case<'_>, path: &[&'p Stage]) -> Result<&'p Stage> {
    match &case.position {
        Position::At(stage) if *stage == path[0].id => Ok(path[0]),
        _ => Err(WorkflowError::refused(format!(
            "申报当前为“{}”，不在推荐阶段（the application is not at the recommendation stage）",
            case.position.name_zh(case.program())
        ))),
    }
}

/// Where an application goes after `stage`: the next stage, or completed after the last.
pub(crate) fn next_position(path: &[&Stage], stage: &Stage) -> Position {
    position::next(path, &stage.id).map_or(Position::Completed, |s| Position::At(s.id.clone()))
}

/// Takes a place for `application` in the pool `scope` of the program version, created with
/// `limit` places on first use: `false` when the pool is full. See [`quotas`] for why two
/// concurrent claims cannot both take the last place.
pub(crate) async fn take_place(
    tx: &Tx,
    version: ProgramVersionId,
    scope: &str,
    limit: u32,
    application: ApplicationId,
) -> Result<bool> {
    let pool = match quotas::find_pool(tx, version, scope).await? {
        Some(pool) => pool,
        None => quotas::create_pool(tx, version, scope, limit).await?,
    };
    match quotas::claim(tx, pool.id, application).await {
        Ok(_) => Ok(true),
        Err(StoreError::QuotaFull { .. }) => Ok(false),
        Err(other) => Err(other.into()),
    }
}

/// A quota's limit on `on`: a whole count the notice gives, or that an officer has set.
pub(crate) fn quota_limit(
    program: &Program,
    values: &[ParameterValue],
    quota: &Quota,
    on: NaiveDate,
) -> Result<u32> {
    let parameter = &program.parameters[quota.limit];
    match parameters::value_on(parameter, values, on)? {
        Some(ParamValue::Quantity(q)) => {
            q.as_int()
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| {
                    WorkflowError::invalid(format!(
                        "名额参数 {} 不是非负整数（quota parameter {} is not a whole count）",
                        parameter.id, parameter.id
                    ))
                })
        }
        _ => Err(WorkflowError::refused(format!(
            "名额参数 {} 尚未设定，须由经办人员按“{}”设定后办理（quota parameter {} has no value yet）",
            parameter.id, parameter.cited.citation, parameter.id
        ))),
    }
}

pub(crate) fn counting_zh(counting: jiangxin_policy::stages::Counting) -> &'static str {
    match counting {
        jiangxin_policy::stages::Counting::WorkingDays => "个工作日",
        jiangxin_policy::stages::Counting::CalendarDays => "天",
    }
}
