//! Department opinions and credit checks (征求意见、信用核查). Which bodies a stage consults is
//! the stage's `consults` in the program file; each answer is stored as dated evidence
//! ([`jiangxin_store::consultations`]). A stage that consults cannot be passed until every body
//! it names has answered, and an adverse answer is judged by the program's own criteria: the
//! marking it establishes is added to the applicant's facts and the eligibility check runs
//! again. Where the program excludes on that marking (201号 二、(二)；惠阳 第八条(四)、第十一条)
//! the pass is refused with the criterion's citation; where it only asks a reviewer to weigh it
//! (306号 三、“审慎性参考”) the pass goes ahead on the reviewer's recorded reason.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use jiangxin_policy::Outcome;
use jiangxin_policy::facts::Flag;
use jiangxin_policy::stages::Stage;
use jiangxin_store::applications::ApplicationId;
use jiangxin_store::attachments;
use jiangxin_store::consultations::{self, Consultation, ConsultationResult, NewConsultation};
use jiangxin_store::{Digest, Reader};
use serde_json::{Value, json};

use crate::Workflow;
use crate::access::Caller;
use crate::applications::{Case, Step, record};
use crate::error::{Result, WorkflowError, required_text};
use crate::position::{self, Position};

/// An answer from a consulted body or list, as the officer who received it records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationInput {
    /// The body or list, exactly as the stage's `consults` names it.
    pub source: String,
    /// The day the body answered or the list was queried.
    pub queried_on: NaiveDate,
    pub result: ConsultationResult,
    /// The letter or screenshot, already uploaded as an attachment.
    pub attachment: Option<Digest>,
}

impl Workflow {
    /// Records a consulted body's answer for the stage the application is at. The caller must be
    /// who acts for the stage (the reviewers for a department-opinion stage, the unit for its own
    /// trade union's opinion), within the stage's window; the source must be one the stage
    /// consults, the query day not in the future, and an adverse finding a marking the program
    /// files know.
    pub async fn record_consultation(
        &self,
        caller: &Caller,
        id: ApplicationId,
        input: &ConsultationInput,
    ) -> Result<Consultation> {
        let today = self.today();
        let result = checked_result(&input.result)?;
        if input.queried_on > today {
            return Err(WorkflowError::invalid(format!(
                "查询日期 {} 晚于今天（{today}）（the query date {} is in the future）",
                input.queried_on, input.queried_on
            )));
        }
        let tx = self.store.begin(caller.actor()).await?;
        let case = self.open(&tx, caller, id).await?;
        let path = case.path()?;
        let Position::At(stage_id) = &case.position else {
            return Err(not_consulting(&case));
        };
        let stage = position::stage(&path, stage_id)?;
        if stage.consults.is_empty() {
            return Err(not_consulting(&case));
        }
        caller.require_actor(stage)?;
        position::require_open(stage, today)?;
        if !stage.consults.contains(&input.source) {
            return Err(WorkflowError::invalid(format!(
                "“{}”阶段征求的是{}，没有“{}”（stage {} consults {}, not {}）",
                stage.name,
                stage.consults.join("、"),
                input.source,
                stage.id,
                stage.consults.join(", "),
                input.source
            )));
        }
        if let Some(digest) = &input.attachment
            && attachments::get(&tx, digest).await?.is_none()
        {
            return Err(WorkflowError::invalid(format!(
                "附件 {digest} 尚未上传（attachment {digest} has not been uploaded）"
            )));
        }
        let consultation = consultations::insert(
            &tx,
            &NewConsultation {
                application: id,
                stage: stage.id.clone(),
                source: input.source.clone(),
                queried_on: input.queried_on,
                result,
                attachment: input.attachment,
                recorded_by: caller.account,
            },
        )
        .await?;
        let step = Step {
            action: "consultation.record",
            from: &case.position,
            to: &case.position,
            note: None,
            detail: describe(&consultation),
        };
        record(&tx, caller, id, step).await?;
        tx.commit().await?;
        Ok(consultation)
    }

    /// The application's recorded opinions and credit checks, oldest first.
    pub async fn consultations(
        &self,
        caller: &Caller,
        id: ApplicationId,
    ) -> Result<Vec<Consultation>> {
        self.open(&self.store, caller, id).await?;
        Ok(consultations::for_application(&self.store, id).await?)
    }

    /// Refuses to pass `stage` until every body it consults has answered, or when an adverse
    /// answer establishes a marking the program excludes on. Returns, for the history, the
    /// adverse answers the pass goes ahead despite (empty when there are none, or nothing to
    /// consult).
    pub(crate) async fn require_consulted(
        &self,
        reader: &impl Reader,
        case: &Case<'_>,
        stage: &Stage,
        today: NaiveDate,
    ) -> Result<Vec<Value>> {
        if stage.consults.is_empty() {
            return Ok(Vec::new());
        }
        let latest = latest_per_source(
            consultations::for_application(reader, case.application.id).await?,
            &stage.id,
        );
        let missing: Vec<&str> = stage
            .consults
            .iter()
            .filter(|source| !latest.contains_key(source.as_str()))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            return Err(WorkflowError::refused(format!(
                "“{}”须先取得{}的意见（stage {} still lacks the opinion of {}）；依据：{}",
                stage.name,
                missing.join("、"),
                stage.id,
                missing.join(", "),
                stage.cited.citation
            )));
        }
        let adverse: Vec<&Consultation> = stage
            .consults
            .iter()
            .filter_map(|source| latest.get(source.as_str()))
            .filter(|c| matches!(c.result, ConsultationResult::Adverse { .. }))
            .collect();
        if adverse.is_empty() {
            return Ok(Vec::new());
        }
        let findings = adverse.iter().filter_map(|c| match &c.result {
            ConsultationResult::Adverse {
                finding: Some(finding),
                ..
            } => Some(finding.as_str()),
            _ => None,
        });
        let facts = with_flags(&case.application.facts, findings);
        let decision = self.evaluate_facts(case, &facts, today)?;
        if decision.outcome == Outcome::Ineligible {
            return Err(WorkflowError::refused(format!(
                "征求意见或信用核查结果不良，不能通过（an adverse opinion or credit result bars the pass）：{}",
                decision.changes_needed.join("；")
            )));
        }
        Ok(adverse.into_iter().map(describe).collect())
    }
}

/// The latest answer of each body at `stage`: by query day, then by the order recorded, so that
/// a list queried again supersedes the older query.
fn latest_per_source(all: Vec<Consultation>, stage: &str) -> BTreeMap<String, Consultation> {
    let mut latest: BTreeMap<String, Consultation> = BTreeMap::new();
    for c in all.into_iter().filter(|c| c.stage == stage) {
        let newer = latest
            .get(&c.source)
            .is_none_or(|seen| (c.queried_on, c.id) > (seen.queried_on, seen.id));
        if newer {
            latest.insert(c.source.clone(), c);
        }
    }
    latest
}

/// The application's facts with the markings found added to the person's `flags` (unit markings
/// are carried with the person too: the facts keep one row per person). The facts parsed when
/// they were written, so `person` is an object and its `flags` a list where present.
fn with_flags<'a>(facts: &Value, findings: impl Iterator<Item = &'a str>) -> Value {
    let mut facts = facts.clone();
    let flags = facts
        .as_object_mut()
        .map(|f| f.entry("person").or_insert_with(|| json!({})))
        .and_then(Value::as_object_mut)
        .map(|p| p.entry("flags").or_insert_with(|| json!([])));
    if let Some(Value::Array(flags)) = flags {
        for finding in findings {
            if !flags.iter().any(|f| f == finding) {
                flags.push(json!(finding));
            }
        }
    }
    facts
}

/// The result as given, checked: an adverse result says what was found, and a finding is a
/// marking the program files test.
fn checked_result(result: &ConsultationResult) -> Result<ConsultationResult> {
    Ok(match result {
        ConsultationResult::Clear => ConsultationResult::Clear,
        ConsultationResult::Adverse { detail, finding } => ConsultationResult::Adverse {
            detail: required_text(
                detail,
                "不良结果的具体情况",
                "the detail of an adverse result",
            )?,
            finding: finding
                .as_deref()
                .map(|f| {
                    Flag::parse(f)
                        .map(|flag| flag.name_zh().to_owned())
                        .map_err(WorkflowError::invalid)
                })
                .transpose()?,
        },
    })
}

fn describe(c: &Consultation) -> Value {
    let (result, detail, finding) = match &c.result {
        ConsultationResult::Clear => ("clear", None, None),
        ConsultationResult::Adverse { detail, finding } => {
            ("adverse", Some(detail.as_str()), finding.as_deref())
        }
    };
    json!({
        "consultation": c.id,
        "stage": c.stage,
        "source": c.source,
        "queried_on": c.queried_on,
        "result": result,
        "detail": detail,
        "finding": finding,
    })
}

fn not_consulting(case: &Case<'_>) -> WorkflowError {
    WorkflowError::refused(format!(
        "申报当前为“{}”，本阶段不征求部门意见（the application is not at a stage that consults）",
        case.position.name_zh(case.program())
    ))
}
