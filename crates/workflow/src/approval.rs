//! Approval (审定): the stage whose passing the program file marks with `awards` grants the
//! title or plaque with a numbered certificate and a verification code, and fixes what the
//! approved application is entitled to in the benefits ledger ([`crate::ledger`]). Approval
//! stages of other bodies (the city government for 201号, the district talent office for 004)
//! are passed here too, with the document that approved them.
//!
//! The entitlements are computed again at approval, under the application's own program
//! version with the parameters in force, so that an amount the notice left to the bureau
//! (306号's salary subsidies) is fixed when it is decided. An amount still missing refuses the
//! approval with the parameter named, rather than recording an entitlement of unknown size.
//!
//! 就高不重复: a person's new entitlements are compared with those the person already holds
//! under other titles in force; of the ones the rules treat as the same benefit only the highest
//! is paid, and the others are recorded as excluded with the rule's citation (an earlier,
//! lower one stops, its payments not yet made cancelled).

use chrono::{Days, NaiveDate};
use jiangxin_calendar::age::add_months_civil;
use jiangxin_policy::benefits::{Entitlement as EngineEntitlement, Schedule, combine_highest};
use jiangxin_policy::model::Payee;
use jiangxin_policy::stages::{Awards, Role as StageActor, Stage};
use jiangxin_policy::value::ParamValue;
use jiangxin_policy::{Outcome, Program};
use jiangxin_store::applications::{ApplicationChange, ApplicationId};
use jiangxin_store::ledger::{self, Entitlement, EntitlementStatus, NewEntitlement, PaymentChange};
use jiangxin_store::parameters::ParameterValue;
use jiangxin_store::titles::{self, NewTitle, Title};
use jiangxin_store::{StoreError, Tx, persons};
use serde_json::json;

use crate::Workflow;
use crate::access::Caller;
use crate::applications::{Case, Step, advance};
use crate::error::{Result, WorkflowError, required_text};
use crate::position;
use crate::recommend::next_position;

/// What an approval produced.
#[derive(Debug, Clone)]
pub struct Approved {
    pub application: jiangxin_store::applications::Application,
    /// The title granted, where the stage awards one with a certificate.
    pub title: Option<Title>,
    /// The entitlements recorded, active and excluded.
    pub entitlements: Vec<Entitlement>,
}

/// A certificate as the public may check it: enough to tell a real one from a forgery, not
/// the holder's personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub certificate_no: String,
    pub title: String,
    /// The holder's name with all but the first character hidden (张**).
    pub holder_masked: String,
    pub granted_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    /// Revoked, with the day: a revoked certificate is reported as such, not as unknown.
    pub revoked_on: Option<NaiveDate>,
}

/// The alphabet of verification codes: Crockford's base 32, without the letters that read as
/// digits (I, L, O, U), so that a code copied by hand from paper survives.
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A fresh verification code: 16 characters, 80 random bits, not guessable from the
/// certificate number.
pub fn verification_code() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    bytes
        .iter()
        .map(|b| char::from(CODE_ALPHABET[usize::from(b % 32)]))
        .collect()
}

/// Whether passing `stage` is an approval this module handles.
pub fn is_approval(stage: &Stage) -> bool {
    stage.awards.is_some()
        || matches!(
            stage.actor,
            StageActor::CityGovernment | StageActor::DistrictTalentOffice
        )
}

impl Workflow {
    /// Passes the approval stage the application is at, recording the approving `document`
    /// (批文、文号). Where the stage awards, grants the title and records the entitlements with
    /// their payments scheduled.
    pub async fn approve(
        &self,
        caller: &Caller,
        id: ApplicationId,
        row_version: i64,
        document: &str,
    ) -> Result<Approved> {
        let document = required_text(document, "审定文件", "the approving document")?;
        let today = self.today();
        let tx = self.store.begin(caller.actor()).await?;
        let case = self.open(&tx, caller, id).await?;
        let path = case.path()?;
        let stage = case.waiting_at(&path, "审定", "approval")?;
        if !is_approval(stage) {
            return Err(WorkflowError::refused(format!(
                "“{}”阶段不是审定阶段（stage {} is not an approval）",
                stage.name, stage.id
            )));
        }
        caller.require_actor(stage)?;
        position::require_open(stage, today)?;
        let (title, entitlements) = match &stage.awards {
            Some(awards) => self.award(&tx, caller, &case, awards, today).await?,
            None => (None, Vec::new()),
        };
        let to = next_position(&path, stage);
        let step = Step {
            action: "approve",
            from: &case.position,
            to: &to,
            note: Some(document.clone()),
            detail: json!({
                "stage": stage.id,
                "document": document,
                "certificate_no": title.as_ref().map(|t| t.certificate_no.clone()),
                "entitlements": entitlements.iter().map(|e| json!({
                    "benefit": e.benefit,
                    "amount": e.amount.map(|m| m.to_string()),
                    "status": e.status.name_zh(),
                })).collect::<Vec<_>>(),
            }),
        };
        advance(
            &tx,
            caller,
            id,
            row_version,
            ApplicationChange::default(),
            step,
        )
        .await?;
        // Nothing to pay (every benefit excluded or not money): the payment stage has no work.
        self.complete_if_settled(&tx, caller, &case).await?;
        let application = jiangxin_store::applications::get(&tx, id).await?;
        tx.commit().await?;
        Ok(Approved {
            application,
            title,
            entitlements,
        })
    }

    async fn award(
        &self,
        tx: &Tx,
        caller: &Caller,
        case: &Case<'_>,
        awards: &Awards,
        today: NaiveDate,
    ) -> Result<(Option<Title>, Vec<Entitlement>)> {
        let decision = self.evaluate(case, today)?;
        if decision.outcome == Outcome::Ineligible {
            return Err(WorkflowError::refused(format!(
                "按现有材料已不符合条件，不能审定（no longer eligible）：{}",
                decision.changes_needed.join("；")
            )));
        }
        if let Some(missing) = decision
            .benefits
            .iter()
            .find(|b| b.monetary && b.amount.is_none())
        {
            return Err(WorkflowError::refused(format!(
                "待遇“{}”的金额尚未确定，请先设定所缺参数后再审定（the amount of {} is not known yet）：{}",
                missing.name,
                missing.id,
                missing.notes.join("；")
            )));
        }
        let program = case.program();
        let title = match awards.certificate {
            true => Some(
                self.grant_title(tx, caller, case, program, awards, today)
                    .await?,
            ),
            false => None,
        };
        let entitlements = self
            .record_entitlements(tx, case, title.as_ref(), decision.benefits, today)
            .await?;
        Ok((title, entitlements))
    }

    async fn grant_title(
        &self,
        tx: &Tx,
        caller: &Caller,
        case: &Case<'_>,
        program: &Program,
        awards: &Awards,
        today: NaiveDate,
    ) -> Result<Title> {
        let application = &case.application;
        let name = match &awards.title {
            Some(title) => title.clone(),
            None => program
                .category(&application.category)
                .map(|(_, c)| c.name.clone())
                .unwrap_or_else(|| application.category.clone()),
        };
        let valid_until = match &awards.term_years {
            Some(parameter) => {
                let years = whole_years(program, &case.parameters, parameter, today)?;
                Some(term_end(today, years)?)
            }
            None => None,
        };
        let sequence = titles::count_for_version(tx, case.version.id).await? + 1;
        let certificate_no = format!(
            "JX-{}-{}-{:04}",
            program.id(),
            case.version.version,
            sequence
        );
        titles::grant(
            tx,
            &NewTitle {
                application: application.id,
                program_version: case.version.id,
                person: application.applicant,
                unit: application.unit,
                category: application.category.clone(),
                name,
                certificate_no,
                verification_code: verification_code(),
                granted_on: today,
                valid_until,
                granted_by: caller.account,
            },
        )
        .await
        .map_err(|err| match err {
            StoreError::Duplicate { .. } => WorkflowError::Conflict {
                reason: "该申报已审定发证，或另一位经办人同时在发证，请刷新后重试（the title was granted concurrently）".to_owned(),
            },
            other => other.into(),
        })
    }

    /// Records the approved application's entitlements, after 就高不重复 against what the same
    /// person already holds, and schedules the payments of the active ones.
    async fn record_entitlements(
        &self,
        tx: &Tx,
        case: &Case<'_>,
        title: Option<&Title>,
        new: Vec<EngineEntitlement>,
        today: NaiveDate,
    ) -> Result<Vec<Entitlement>> {
        let held = match case.application.applicant {
            Some(person) => held_entitlements(tx, person, case.application.id, today).await?,
            None => Vec::new(),
        };
        let held_keys: Vec<String> = held.iter().map(|(_, e)| key(e)).collect();
        let combined = combine_highest(
            held.iter()
                .map(|(_, e)| e.clone())
                .chain(new.iter().cloned()),
        );
        // A held entitlement that a higher new one displaces stops.
        for excluded in &combined.excluded {
            let Some(index) = held_keys
                .iter()
                .position(|k| *k == key(&excluded.entitlement))
            else {
                continue;
            };
            let status = EntitlementStatus::Excluded {
                reason: excluded.reason_zh.clone(),
                citation: excluded.citation.clone(),
            };
            let stopped = ledger::set_entitlement_status(tx, held[index].0, &status).await?;
            cancel_scheduled(tx, &stopped, &excluded.reason_zh).await?;
        }
        let mut recorded = Vec::with_capacity(new.len());
        for entitlement in new {
            let status = match combined
                .excluded
                .iter()
                .find(|x| key(&x.entitlement) == key(&entitlement))
            {
                Some(x) => EntitlementStatus::Excluded {
                    reason: x.reason_zh.clone(),
                    citation: x.citation.clone(),
                },
                None => EntitlementStatus::Active,
            };
            let row = ledger::add_entitlement(
                tx,
                &NewEntitlement {
                    application: case.application.id,
                    title: title.map(|t| t.id),
                    benefit: entitlement.id.clone(),
                    name: entitlement.name.clone(),
                    payee: payee_name(entitlement.payee),
                    tax: serde_json::to_value(entitlement.tax)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    schedule: schedule_name(entitlement.schedule).to_owned(),
                    amount: entitlement.amount,
                    detail: serde_json::to_value(&entitlement).expect("an entitlement serialises"),
                    status,
                },
            )
            .await?;
            if row.status == EntitlementStatus::Active {
                schedule_payments(tx, &row, &entitlement, today).await?;
            }
            recorded.push(row);
        }
        Ok(recorded)
    }

    /// Checks a certificate by its verification code, for anyone: the certificate's number,
    /// title, dates and whether it stands, with the holder's name masked.
    pub async fn verify_certificate(&self, code: &str) -> Result<Verification> {
        let code = code.trim().to_uppercase();
        let not_found = || WorkflowError::NotFound {
            entity: jiangxin_store::EntityKind::Title,
            id: code.clone(),
        };
        if code.len() != 16 || !code.bytes().all(|b| CODE_ALPHABET.contains(&b)) {
            return Err(not_found());
        }
        let title = titles::by_verification_code(&self.store, &code)
            .await?
            .ok_or_else(not_found)?;
        let holder = match (title.person, title.unit) {
            (Some(person), _) => persons::get(&self.store, person).await?.name,
            (None, Some(unit)) => jiangxin_store::units::get(&self.store, unit).await?.name,
            (None, None) => String::new(),
        };
        Ok(Verification {
            certificate_no: title.certificate_no,
            title: title.name,
            holder_masked: mask_name(&holder),
            granted_on: title.granted_on,
            valid_until: title.valid_until,
            revoked_on: title.revocation.map(|r| r.on),
        })
    }

    /// The title an application conferred, for whoever may see the application.
    pub async fn title_of(&self, caller: &Caller, id: ApplicationId) -> Result<Option<Title>> {
        self.open(&self.store, caller, id).await?;
        Ok(titles::of_application(&self.store, id).await?)
    }
}

/// The entitlements a person holds under other applications whose titles are in force on
/// `today`, as the engine computed them at their approval.
async fn held_entitlements(
    tx: &Tx,
    person: jiangxin_store::persons::PersonId,
    except: ApplicationId,
    today: NaiveDate,
) -> Result<Vec<(ledger::EntitlementId, EngineEntitlement)>> {
    let mut held = Vec::new();
    for title in titles::of_person(tx, person).await? {
        if title.application == except || !title.in_force_on(today) {
            continue;
        }
        for row in ledger::entitlements(tx, title.application).await? {
            if row.status != EntitlementStatus::Active {
                continue;
            }
            let engine: EngineEntitlement =
                serde_json::from_value(row.detail.clone()).map_err(|_| StoreError::Corrupt {
                    what: "entitlements.detail",
                })?;
            held.push((row.id, engine));
        }
    }
    Ok(held)
}

/// Schedules an active entitlement's payments: a one-off on the day of approval; a yearly one
/// on the engine's due dates (those past the notice's payment validity were already dropped by
/// the engine, with the reason); an annual one's first year now, later years by the worker.
pub(crate) async fn schedule_payments(
    tx: &Tx,
    row: &Entitlement,
    entitlement: &EngineEntitlement,
    today: NaiveDate,
) -> Result<()> {
    if !entitlement.monetary {
        return Ok(());
    }
    match entitlement.schedule {
        Schedule::Once | Schedule::Annual => {
            if let Some(amount) = entitlement.amount {
                ledger::schedule(tx, row.id, 1, today, amount).await?;
            }
        }
        Schedule::Yearly { .. } => {
            for payment in &entitlement.payments {
                let due = payment.due.unwrap_or(today).max(today);
                ledger::schedule(tx, row.id, payment.number, due, payment.amount).await?;
            }
        }
    }
    Ok(())
}

/// Cancels an entitlement's payments not yet made, giving the reason.
pub(crate) async fn cancel_scheduled(tx: &Tx, row: &Entitlement, reason: &str) -> Result<()> {
    for payment in ledger::payments(tx, row.id).await? {
        if payment.status == ledger::PaymentStatus::Scheduled {
            ledger::change(tx, payment.id, &PaymentChange::Cancelled(reason.to_owned())).await?;
        }
    }
    Ok(())
}

pub(crate) fn schedule_name(schedule: Schedule) -> &'static str {
    match schedule {
        Schedule::Once => "once",
        Schedule::Annual => "annual",
        Schedule::Yearly { .. } => "yearly",
    }
}

fn payee_name(payee: Payee) -> String {
    payee.name_zh().to_owned()
}

fn key(e: &EngineEntitlement) -> String {
    format!("{}/{}/{}", e.program_id, e.category, e.id)
}

/// A parameter in whole years: the officer-set value in force if any, else the file's value on
/// `on`.
fn whole_years(
    program: &Program,
    values: &[ParameterValue],
    parameter: &str,
    on: NaiveDate,
) -> Result<u32> {
    let missing = || {
        WorkflowError::refused(format!(
            "项目 {} 缺少参数 {parameter}，无法确定任期（parameter {parameter} is not set）",
            program.id()
        ))
    };
    let (_, def) = program.parameter(parameter).ok_or_else(missing)?;
    let value = match values.iter().find(|v| v.parameter == parameter) {
        Some(set) => def
            .unit
            .parse(&set.value)
            .map_err(|_| StoreError::Corrupt {
                what: "parameter_values.value",
            })?,
        None => def.value_on(on).cloned().ok_or_else(missing)?,
    };
    match value {
        ParamValue::Quantity(q) => q
            .as_int()
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| *n > 0)
            .ok_or_else(missing),
        _ => Err(missing()),
    }
}

/// The last day of a term of `years` starting on `start`.
fn term_end(start: NaiveDate, years: u32) -> Result<NaiveDate> {
    add_months_civil(start, years * 12)
        .ok()
        .and_then(|d| d.checked_sub_days(Days::new(1)))
        .ok_or_else(|| {
            WorkflowError::invalid("任期超出日期范围（the term runs past the calendar）")
        })
}

/// All but the first character hidden: 张三丰 → 张**.
pub(crate) fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
        None => String::new(),
    }
}
