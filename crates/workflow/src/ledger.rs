//! The benefits ledger after approval: the finance bureau records payments as they are made,
//! deferred while the holder's unit has a credit flag in force where the program says so (004
//! 第十一条); entitlements stop when the holder leaves the post or district or gains the higher
//! title (004 第十七条); a revoked title cancels what is not yet paid, claws back what was paid
//! and bars the holder from applying again where the program says so (201号 五、(二), 004
//! 第十八条); and the holder's term plan and end-of-term assessment (004 第十五条) are recorded.
//!
//! What each benefit's after-award rules are comes from the program file (`after_award`), kept
//! with the entitlement as it was computed; no effect is assumed for a program whose file does
//! not state it.

use chrono::NaiveDate;
use jiangxin_policy::benefits::Entitlement as EngineEntitlement;
use jiangxin_policy::model::AfterAwardEffect;
use jiangxin_policy::stages::Role as StageActor;
use jiangxin_store::accounts::Role;
use jiangxin_store::applications::{self, ApplicationChange, ApplicationId};
use jiangxin_store::ledger::{
    self, Entitlement, EntitlementStatus, PaidRecord, Payment, PaymentChange, PaymentId,
    PaymentStatus,
};
use jiangxin_store::titles::{self, Title, TitleId};
use jiangxin_store::{Reader, StoreError, Tx, events, units};
use serde_json::json;

use crate::Workflow;
use crate::access::Caller;
use crate::applications::{Case, Step, advance, record};
use crate::approval::cancel_scheduled;
use crate::error::{Result, WorkflowError, required_text};
use crate::parameters::require_runs_program;
use crate::position::{self, Position};
use crate::recommend::next_position;

/// One payment with what the finance bureau needs to make it.
#[derive(Debug, Clone)]
pub struct PaymentLine {
    pub payment: Payment,
    pub entitlement: Entitlement,
    pub application: ApplicationId,
}

/// Where a title's holder stands at the end of the term (004 第十五条).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermAssessment {
    Passed,
    Failed,
}

impl Workflow {
    /// The payments in a status, by due date, with their entitlements: the finance bureau's
    /// list of what is due, paid or to be recovered.
    pub async fn payment_lines(
        &self,
        caller: &Caller,
        status: PaymentStatus,
    ) -> Result<Vec<PaymentLine>> {
        require_finance(caller)?;
        payment_lines_in(&self.store, status).await
    }

    /// An application's entitlements and their payments, for whoever may see it.
    pub async fn ledger_of(
        &self,
        caller: &Caller,
        id: ApplicationId,
    ) -> Result<Vec<(Entitlement, Vec<Payment>)>> {
        self.open(&self.store, caller, id).await?;
        let mut rows = Vec::new();
        for entitlement in ledger::entitlements(&self.store, id).await? {
            let payments = ledger::payments(&self.store, entitlement.id).await?;
            rows.push((entitlement, payments));
        }
        Ok(rows)
    }

    /// The finance bureau records a payment made on `paid_on` with the bank's reference. Refused
    /// before its due date, for a stopped or excluded entitlement or a revoked title, and, where
    /// the benefit's rules defer payment, while the holder's unit has a credit flag in force.
    /// When the application waits at its payment stage and nothing more is to be paid, it is
    /// completed.
    pub async fn record_payment(
        &self,
        caller: &Caller,
        id: PaymentId,
        paid_on: NaiveDate,
        reference: &str,
    ) -> Result<Payment> {
        require_finance(caller)?;
        let reference = required_text(reference, "支付凭证号", "the payment reference")?;
        let today = self.today();
        if paid_on > today {
            return Err(WorkflowError::invalid(format!(
                "发放日期 {paid_on} 晚于今天（the payment date is in the future）"
            )));
        }
        let tx = self.store.begin(caller.actor()).await?;
        let payment = ledger::payment(&tx, id).await?;
        let entitlement = ledger::entitlement(&tx, payment.entitlement).await?;
        let case = self.open(&tx, caller, entitlement.application).await?;
        if payment.due_on > today {
            return Err(WorkflowError::refused(format!(
                "第 {} 期{}应于 {} 发放，尚未到期（not due until {}）",
                payment.number, entitlement.name, payment.due_on, payment.due_on
            )));
        }
        if entitlement.status != EntitlementStatus::Active {
            return Err(WorkflowError::refused(format!(
                "{}{}，不予发放（the entitlement is not active）",
                entitlement.name,
                entitlement.status.name_zh()
            )));
        }
        if let Some(title) = titles::of_application(&tx, case.application.id).await?
            && let Some(revocation) = &title.revocation
        {
            return Err(WorkflowError::refused(format!(
                "称号已于 {} 撤销，不予发放（the title was revoked）；依据：{}",
                revocation.on, revocation.citation
            )));
        }
        let engine = engine_entitlement(&entitlement)?;
        if let Some(defer) = rule(&engine, AfterAwardEffect::Defer)
            && let Some(unit) = case.application.unit
        {
            let flags: Vec<String> = units::credit_flags(&tx, unit)
                .await?
                .into_iter()
                .filter(|f| f.in_force_on(today))
                .map(|f| format!("{}（{}，{}）", f.kind.name_zh(), f.noted_on, f.source))
                .collect();
            if !flags.is_empty() {
                return Err(WorkflowError::refused(format!(
                    "申请人所在单位有{}，暂缓发放（payment deferred while the unit's credit flag stands）；依据：{}",
                    flags.join("、"),
                    defer
                )));
            }
        }
        let paid = ledger::change(
            &tx,
            id,
            &PaymentChange::Paid(PaidRecord {
                on: paid_on,
                by: caller.account,
                reference: Some(reference.clone()),
            }),
        )
        .await
        .map_err(already_changed)?;
        let step = Step {
            action: "payment.pay",
            from: &case.position,
            to: &case.position,
            note: None,
            detail: json!({
                "benefit": entitlement.benefit,
                "number": paid.number,
                "amount": paid.amount.to_string(),
                "paid_on": paid_on,
            }),
        };
        record(&tx, caller, case.application.id, step).await?;
        self.complete_if_settled(&tx, caller, &case).await?;
        tx.commit().await?;
        Ok(paid)
    }

    /// The finance bureau decides not to make a payment (004 第十一条: “不予发放”), with the
    /// reason.
    pub async fn cancel_payment(
        &self,
        caller: &Caller,
        id: PaymentId,
        reason: &str,
    ) -> Result<Payment> {
        require_finance(caller)?;
        let reason = required_text(reason, "不予发放的理由", "the reason")?;
        let tx = self.store.begin(caller.actor()).await?;
        let payment = ledger::payment(&tx, id).await?;
        let entitlement = ledger::entitlement(&tx, payment.entitlement).await?;
        let case = self.open(&tx, caller, entitlement.application).await?;
        let cancelled = ledger::change(&tx, id, &PaymentChange::Cancelled(reason.clone()))
            .await
            .map_err(already_changed)?;
        let step = Step {
            action: "payment.cancel",
            from: &case.position,
            to: &case.position,
            note: Some(reason),
            detail: json!({ "benefit": entitlement.benefit, "number": cancelled.number }),
        };
        record(&tx, caller, case.application.id, step).await?;
        self.complete_if_settled(&tx, caller, &case).await?;
        tx.commit().await?;
        Ok(cancelled)
    }

    /// The finance bureau records that a clawed-back payment was paid back.
    pub async fn record_recovery(
        &self,
        caller: &Caller,
        id: PaymentId,
        recovered_on: NaiveDate,
    ) -> Result<Payment> {
        require_finance(caller)?;
        let tx = self.store.begin(caller.actor()).await?;
        let payment = ledger::payment(&tx, id).await?;
        let entitlement = ledger::entitlement(&tx, payment.entitlement).await?;
        let case = self.open(&tx, caller, entitlement.application).await?;
        let recovered = ledger::change(&tx, id, &PaymentChange::Recovered(recovered_on))
            .await
            .map_err(already_changed)?;
        let step = Step {
            action: "payment.recover",
            from: &case.position,
            to: &case.position,
            note: None,
            detail: json!({
                "benefit": entitlement.benefit,
                "number": recovered.number,
                "amount": recovered.amount.to_string(),
                "recovered_on": recovered_on,
            }),
        };
        record(&tx, caller, case.application.id, step).await?;
        tx.commit().await?;
        Ok(recovered)
    }

    /// The bureau that runs the program records an event after which the holder no longer
    /// enjoys the benefits whose rules say so (004 第十七条: left the skilled post or the
    /// district, or gained the higher title): those entitlements stop and their payments not
    /// yet made are cancelled. Refused when no benefit of the application has such a rule.
    pub async fn stop_entitlements(
        &self,
        caller: &Caller,
        id: ApplicationId,
        reason: &str,
    ) -> Result<Vec<Entitlement>> {
        let reason = required_text(reason, "停止享受的事由", "the reason")?;
        let tx = self.store.begin(caller.actor()).await?;
        let case = self.open(&tx, caller, id).await?;
        require_runs_program(caller, case.program(), "办理待遇停发", "stop its benefits")?;
        let mut stopped = Vec::new();
        for entitlement in ledger::entitlements(&tx, id).await? {
            if entitlement.status != EntitlementStatus::Active {
                continue;
            }
            let engine = engine_entitlement(&entitlement)?;
            let Some(citation) = rule(&engine, AfterAwardEffect::Stop) else {
                continue;
            };
            let status = EntitlementStatus::Stopped {
                reason: reason.clone(),
                citation,
            };
            let row = ledger::set_entitlement_status(&tx, entitlement.id, &status)
                .await
                .map_err(already_changed)?;
            cancel_scheduled(&tx, &row, &reason).await?;
            stopped.push(row);
        }
        if stopped.is_empty() {
            return Err(WorkflowError::refused(
                "该申报没有按项目规定可停止享受的待遇（no benefit of this application has a rule to stop it）",
            ));
        }
        let step = Step {
            action: "entitlement.stop",
            from: &case.position,
            to: &case.position,
            note: Some(reason),
            detail: json!({ "benefits": stopped.iter().map(|e| &e.benefit).collect::<Vec<_>>() }),
        };
        record(&tx, caller, id, step).await?;
        self.complete_if_settled(&tx, caller, &case).await?;
        tx.commit().await?;
        Ok(stopped)
    }

    /// The bureau that runs the program revokes a title (撤销称号) with the reason. Payments not
    /// yet made are cancelled; where a benefit's rules say to recover (201号 五、(二), 004
    /// 第十八条) those made become due for recovery, and where they bar the holder from applying
    /// again the ban is recorded. Every entitlement of the application stops.
    pub async fn revoke_title(&self, caller: &Caller, id: TitleId, reason: &str) -> Result<Title> {
        let reason = required_text(reason, "撤销事由", "the reason")?;
        let today = self.today();
        let tx = self.store.begin(caller.actor()).await?;
        let title = titles::get(&tx, id).await?;
        let case = self.open(&tx, caller, title.application).await?;
        require_runs_program(caller, case.program(), "撤销称号", "revoke its titles")?;
        let mut recover = None;
        let mut ban = None;
        let mut stop = None;
        for entitlement in ledger::entitlements(&tx, title.application).await? {
            let engine = engine_entitlement(&entitlement)?;
            recover = recover.or(rule(&engine, AfterAwardEffect::Recover));
            ban = ban.or(rule(&engine, AfterAwardEffect::Ban));
            stop = stop.or(rule(&engine, AfterAwardEffect::Stop));
            let recover_rule = rule(&engine, AfterAwardEffect::Recover);
            for payment in ledger::payments(&tx, entitlement.id).await? {
                match (payment.status, &recover_rule) {
                    (PaymentStatus::Scheduled, _) => {
                        ledger::change(&tx, payment.id, &PaymentChange::Cancelled(reason.clone()))
                            .await?;
                    }
                    (PaymentStatus::Paid, Some(citation)) => {
                        let note = format!("称号撤销，追回已发放款项；依据：{citation}");
                        ledger::change(&tx, payment.id, &PaymentChange::RecoveryDue(note)).await?;
                    }
                    _ => {}
                }
            }
            if entitlement.status == EntitlementStatus::Active {
                let status = EntitlementStatus::Stopped {
                    reason: format!("称号撤销：{reason}"),
                    citation: recover_rule.clone().unwrap_or_default(),
                };
                ledger::set_entitlement_status(&tx, entitlement.id, &status).await?;
            }
        }
        let citation = recover
            .clone()
            .or(ban.clone())
            .or(stop)
            .unwrap_or_else(|| case.program().meta.document.clone());
        let revoked = titles::revoke(&tx, id, today, &reason, &citation, caller.account)
            .await
            .map_err(|err| match err {
                StoreError::Conflict { .. } => WorkflowError::Conflict {
                    reason: "该称号已被撤销（the title is already revoked）".to_owned(),
                },
                other => other.into(),
            })?;
        if let (Some(ban_rule), Some(person)) = (&ban, title.person) {
            titles::ban(
                &tx,
                person,
                case.program().id(),
                Some(id),
                &reason,
                ban_rule,
                caller.account,
            )
            .await
            .map(|_| ())
            .or_else(|err| match err {
                // Already barred by an earlier revocation: the first ban stands.
                StoreError::Duplicate { .. } => Ok(()),
                other => Err(other),
            })?;
        }
        let step = Step {
            action: "title.revoke",
            from: &case.position,
            to: &case.position,
            note: Some(reason),
            detail: json!({
                "certificate_no": revoked.certificate_no,
                "recovery": recover,
                "ban": ban,
            }),
        };
        record(&tx, caller, title.application, step).await?;
        self.complete_if_settled(&tx, caller, &case).await?;
        tx.commit().await?;
        Ok(revoked)
    }

    /// The bureau that runs the program records the team's levels as they now stand (a studio's
    /// members reaching 高级工, 技师 or 高级技师 after approval: the notice pays the mentoring
    /// subsidy per member who obtains the level). Every active one-off entitlement is computed
    /// again on the new facts; what it now comes to beyond what was already paid or scheduled
    /// is scheduled as a further payment due today. Refused when nothing grows.
    pub async fn record_team_levels(
        &self,
        caller: &Caller,
        id: ApplicationId,
        team: &serde_json::Value,
    ) -> Result<Vec<Payment>> {
        let today = self.today();
        let tx = self.store.begin(caller.actor()).await?;
        let case = self.open(&tx, caller, id).await?;
        require_runs_program(
            caller,
            case.program(),
            "核定带徒补贴",
            "revise its subsidies",
        )?;
        let title = titles::of_application(&tx, id).await?;
        if !title.as_ref().is_some_and(|t| t.in_force_on(today)) {
            return Err(WorkflowError::refused(
                "该申报没有有效的称号或牌匾，不能核定新增待遇（no title in force）",
            ));
        }
        let mut facts = case.application.facts.clone();
        facts["team"] = team.clone();
        let decision = self.evaluate_facts(&case, &facts, today)?;
        let mut scheduled = Vec::new();
        for entitlement in ledger::entitlements(&tx, id).await? {
            if entitlement.status != EntitlementStatus::Active || entitlement.schedule != "once" {
                continue;
            }
            let Some(revised) = decision
                .benefits
                .iter()
                .find(|b| b.id == entitlement.benefit)
            else {
                continue;
            };
            let Some(total) = revised.total else {
                continue;
            };
            let payments = ledger::payments(&tx, entitlement.id).await?;
            let counted = payments
                .iter()
                .filter(|p| p.status != PaymentStatus::Cancelled)
                .try_fold(jiangxin_domain::money::Money::ZERO, |sum, p| {
                    sum.checked_add(p.amount)
                })
                .ok_or_else(|| WorkflowError::invalid("金额超出范围（amount out of range）"))?;
            let Some(more) = total.checked_sub(counted).filter(|m| m.fen() > 0) else {
                continue;
            };
            let detail = serde_json::to_value(revised).expect("an entitlement serialises");
            ledger::revise_entitlement(&tx, entitlement.id, revised.amount, &detail).await?;
            let number = payments.last().map_or(1, |p| p.number + 1);
            scheduled.push(ledger::schedule(&tx, entitlement.id, number, today, more).await?);
        }
        if scheduled.is_empty() {
            return Err(WorkflowError::refused(
                "按新的团队成员等级没有新增待遇（the new levels add nothing）",
            ));
        }
        let current = applications::get(&tx, id).await?;
        let step = Step {
            action: "team.levels",
            from: &case.position,
            to: &case.position,
            note: None,
            detail: json!({
                "payments": scheduled.iter().map(|p| json!({
                    "number": p.number, "amount": p.amount.to_string()
                })).collect::<Vec<_>>(),
            }),
        };
        let change = ApplicationChange {
            facts: Some(facts),
            ..ApplicationChange::default()
        };
        advance(&tx, caller, id, current.row_version, change, step).await?;
        tx.commit().await?;
        Ok(scheduled)
    }

    /// Records the holder's plan for the term (004 第十五条: “拟定个人在专业学习、技能提升、
    /// 技术创新、培养人才等方面的计划与目标”), by the holder's side.
    pub async fn record_term_plan(
        &self,
        caller: &Caller,
        id: ApplicationId,
        plan: &str,
    ) -> Result<()> {
        let plan = required_text(plan, "任期计划与目标", "the plan")?;
        let tx = self.store.begin(caller.actor()).await?;
        let case = self.open(&tx, caller, id).await?;
        caller.require_actor(case.path()?[0])?;
        let title = term_title(&tx, &case).await?;
        let step = Step {
            action: "term.plan",
            from: &case.position,
            to: &case.position,
            note: Some(plan),
            detail: json!({ "certificate_no": title.certificate_no }),
        };
        record(&tx, caller, id, step).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The bureau's end-of-term assessment (004 第十五条: “管理期结束后，区人社局统一组织考核”):
    /// only after the term's last day, once, with the finding. A failed assessment stops the
    /// benefits that a stop rule covers.
    pub async fn assess_term(
        &self,
        caller: &Caller,
        id: ApplicationId,
        result: TermAssessment,
        finding: &str,
    ) -> Result<()> {
        let finding = required_text(finding, "考核意见", "the finding")?;
        let today = self.today();
        let tx = self.store.begin(caller.actor()).await?;
        let case = self.open(&tx, caller, id).await?;
        require_runs_program(caller, case.program(), "组织任期考核", "assess its terms")?;
        let title = term_title(&tx, &case).await?;
        let end = title.valid_until.expect("term_title has a term");
        if today <= end {
            return Err(WorkflowError::refused(format!(
                "任期至 {end} 届满，期满后方可考核（the term ends on {end}）"
            )));
        }
        let history = events::for_application(&tx, id).await?;
        if history.iter().any(|e| e.action == "term.assess") {
            return Err(WorkflowError::refused(
                "该任期已考核（the term has been assessed）",
            ));
        }
        if result == TermAssessment::Failed {
            for entitlement in ledger::entitlements(&tx, id).await? {
                if entitlement.status != EntitlementStatus::Active {
                    continue;
                }
                let status = EntitlementStatus::Stopped {
                    reason: format!("任期考核不合格：{finding}"),
                    citation: case
                        .path()?
                        .iter()
                        .find(|s| s.awards.is_some())
                        .map(|s| s.cited.citation.clone())
                        .unwrap_or_default(),
                };
                let row = ledger::set_entitlement_status(&tx, entitlement.id, &status).await?;
                cancel_scheduled(&tx, &row, &finding).await?;
            }
        }
        let step = Step {
            action: "term.assess",
            from: &case.position,
            to: &case.position,
            note: Some(finding),
            detail: json!({
                "certificate_no": title.certificate_no,
                "passed": result == TermAssessment::Passed,
            }),
        };
        record(&tx, caller, id, step).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves an application waiting at a finance stage after its approval on, once nothing more
    /// is to be paid: every payment made, cancelled or clawed back, and no entitlement paid
    /// every year without end.
    pub(crate) async fn complete_if_settled(
        &self,
        tx: &Tx,
        caller: &Caller,
        case: &Case<'_>,
    ) -> Result<()> {
        let current = applications::get(tx, case.application.id).await?;
        let Position::At(stage_id) = Position::parse(&current.stage)? else {
            return Ok(());
        };
        let path = case.path()?;
        let stage = position::stage(&path, &stage_id)?;
        if !is_payment_stage(&path, stage) {
            return Ok(());
        }
        for entitlement in ledger::entitlements(tx, current.id).await? {
            if entitlement.status != EntitlementStatus::Active {
                continue;
            }
            if entitlement.schedule == "annual" {
                return Ok(());
            }
            let open = ledger::payments(tx, entitlement.id)
                .await?
                .iter()
                .any(|p| p.status == PaymentStatus::Scheduled);
            if open {
                return Ok(());
            }
        }
        let from = Position::At(stage_id);
        let step = Step {
            action: "payment.complete",
            from: &from,
            to: &next_position(&path, stage),
            note: None,
            detail: json!({}),
        };
        advance(
            tx,
            caller,
            current.id,
            current.row_version,
            ApplicationChange::default(),
            step,
        )
        .await?;
        Ok(())
    }

    /// Schedules the next year's payment of every active annual entitlement whose anniversary
    /// has come and whose title, if any, is still in force; for the worker. Idempotent: a
    /// payment already scheduled is left alone.
    pub(crate) async fn schedule_annual_payments(&self, today: NaiveDate) -> Result<usize> {
        let tx = self
            .store
            .begin(jiangxin_store::Actor::system("worker"))
            .await?;
        let mut scheduled = 0;
        for entitlement in ledger::entitlements_with_status(&tx, "active").await? {
            if entitlement.schedule != "annual" {
                continue;
            }
            let Some(amount) = entitlement.amount else {
                continue;
            };
            if let Some(title) = titles::of_application(&tx, entitlement.application).await?
                && !title.in_force_on(today)
            {
                continue;
            }
            let payments = ledger::payments(&tx, entitlement.id).await?;
            let Some(last) = payments.last() else {
                continue;
            };
            let Some(next_due) = last.due_on.checked_add_months(chrono::Months::new(12)) else {
                continue;
            };
            if next_due <= today {
                ledger::schedule(&tx, entitlement.id, last.number + 1, next_due, amount).await?;
                scheduled += 1;
            }
        }
        tx.commit().await?;
        Ok(scheduled)
    }
}

/// The payments in a status, by due date, with their entitlements, unchecked: for the operator
/// of the database (the command line); accounts go through [`Workflow::payment_lines`].
pub async fn payment_lines_in(
    reader: &impl Reader,
    status: PaymentStatus,
) -> Result<Vec<PaymentLine>> {
    let mut lines = Vec::new();
    for payment in ledger::payments_in(reader, status).await? {
        let entitlement = ledger::entitlement(reader, payment.entitlement).await?;
        lines.push(PaymentLine {
            application: entitlement.application,
            payment,
            entitlement,
        });
    }
    Ok(lines)
}

/// A finance stage after the approval on the path: where an application waits while its
/// benefits are paid. (A finance stage before it, such as the studio notice's 财政局意见, is
/// an opinion and is decided like a review.)
pub fn is_payment_stage(
    path: &[&jiangxin_policy::stages::Stage],
    stage: &jiangxin_policy::stages::Stage,
) -> bool {
    stage.actor == StageActor::Finance
        && path
            .iter()
            .take_while(|s| s.id != stage.id)
            .any(|s| s.awards.is_some())
}

fn require_finance(caller: &Caller) -> Result<()> {
    if caller.role == Role::Finance {
        Ok(())
    } else {
        Err(WorkflowError::forbidden(
            "待遇发放由财政部门办理（payments are recorded by the finance bureau）",
        ))
    }
}

/// The citation of a benefit's after-award rule of this effect, if the program states one.
fn rule(entitlement: &EngineEntitlement, effect: AfterAwardEffect) -> Option<String> {
    entitlement
        .after_award
        .iter()
        .find(|a| a.effect == effect)
        .map(|a| a.cited.citation.clone())
}

fn engine_entitlement(row: &Entitlement) -> Result<EngineEntitlement> {
    serde_json::from_value(row.detail.clone()).map_err(|_| {
        WorkflowError::Store(StoreError::Corrupt {
            what: "entitlements.detail",
        })
    })
}

/// The title with a term that the application conferred.
async fn term_title(tx: &Tx, case: &Case<'_>) -> Result<Title> {
    titles::of_application(tx, case.application.id)
        .await?
        .filter(|t| t.valid_until.is_some() && t.revocation.is_none())
        .ok_or_else(|| {
            WorkflowError::refused(
                "该申报没有有任期的有效称号（the application holds no title with a term）",
            )
        })
}

/// A payment changed by someone else in the meantime.
fn already_changed(err: StoreError) -> WorkflowError {
    match err {
        StoreError::Conflict { .. } => WorkflowError::Conflict {
            reason:
                "该笔款项或待遇状态已被他人更改，请刷新后重试（changed by someone else; reload）"
                    .to_owned(),
        },
        other => other.into(),
    }
}
