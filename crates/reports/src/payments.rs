//! The finance bureau's payment list from the stored payments: the payee (a person with the ID
//! number, or a unit with its credit code), the benefit, its period, the amount, the account,
//! the due date, the provision it rests on, and where it stands.
//!
//! Whom a benefit pays is the program file's `payee`, kept with the entitlement as the engine
//! computed it: the applying unit or the enterprise is paid as a unit, anyone else (the person,
//! a studio's leader, a student) as the application's person.
//!
//! The records hold no bank accounts: the account and bank columns stay empty boxes, filled in
//! by hand as on paper; where the program says where the money goes (惠阳 第二十一条: the
//! social-security card's financial account) the note says so.
//!
//! The period of a payment is given only for benefits paid for each year of a term
//! (`yearly`): the program file's schedule makes payment *n* fall on the first day of the
//! term's *n*-th year (004 第十二条(一) “在2年培养期内给予每年5000元”), so it is for that year,
//! from its first day to the day before the next. A one-off payment has no period, and an
//! annual one is by (school) year, which the records do not date: both are left empty.

use chrono::{Months, NaiveDate};
use jiangxin_documents::sheets::{Payee, Payment, PaymentList};
use jiangxin_policy::benefits::Entitlement as EngineEntitlement;
use jiangxin_policy::model::Payee as PayeeKind;
use jiangxin_store::ledger::PaymentStatus;
use jiangxin_store::{Reader, StoreError, applications, programs};
use jiangxin_workflow::{PaymentLine, Workflow};

use crate::error::{ReportError, Result};
use crate::record::Record;
use crate::{Document, XLSX};

/// A payment line with whom it pays and the program it belongs to.
#[derive(Debug, Clone)]
pub struct PaymentEntry {
    pub line: PaymentLine,
    pub program_id: String,
    pub payee: Payee,
    /// The application's unit, where it has one.
    pub unit: Option<String>,
    /// The benefit as the engine computed it at approval: its citation, schedule and payments.
    pub benefit: EngineEntitlement,
}

/// Which payments a list holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentFilter {
    pub statuses: Vec<PaymentStatus>,
    /// Only the payments of this program, by id.
    pub program: Option<String>,
}

/// Every payment in these statuses, by status then due date: for the operator of the database
/// (the command line). An account's lines come from [`Workflow::payment_lines`].
pub async fn stored_lines(
    reader: &impl Reader,
    statuses: &[PaymentStatus],
) -> Result<Vec<PaymentLine>> {
    let mut lines = Vec::new();
    for status in statuses {
        lines.extend(jiangxin_workflow::ledger::payment_lines_in(reader, *status).await?);
    }
    Ok(lines)
}

/// Whom each line pays, and the program of its application.
pub async fn entries(reader: &impl Reader, lines: Vec<PaymentLine>) -> Result<Vec<PaymentEntry>> {
    let mut entries = Vec::with_capacity(lines.len());
    for line in lines {
        let application = applications::get(reader, line.application).await?;
        let program_id = programs::get(reader, application.program_version)
            .await?
            .program_id;
        let benefit: EngineEntitlement = serde_json::from_value(line.entitlement.detail.clone())
            .map_err(|_| StoreError::Corrupt {
                what: "entitlements.detail",
            })?;
        let Record { person, unit, .. } = Record::load(reader, application).await?;
        let paid_to_unit = matches!(benefit.payee, PayeeKind::Unit | PayeeKind::Enterprise);
        let payee = match (paid_to_unit, person, &unit) {
            (false, Some(person), _) => Payee::Person {
                name: person.name,
                id_number: person.id_number,
            },
            (_, _, Some(unit)) => Payee::Unit {
                name: unit.name.clone(),
                credit_code: unit.credit_code.clone(),
            },
            (true, Some(_), None) | (_, None, None) => {
                return Err(ReportError::Incomplete {
                    application: line.application,
                    what: "收款单位",
                    what_en: "a unit to pay",
                });
            }
        };
        entries.push(PaymentEntry {
            line,
            program_id,
            payee,
            unit: unit.map(|u| u.name),
            benefit,
        });
    }
    Ok(entries)
}

/// The payment list of `entries` that pass the filter's program, as a workbook made on `today`.
pub fn payment_list(
    workflow: &Workflow,
    entries: &[PaymentEntry],
    filter: &PaymentFilter,
    today: NaiveDate,
) -> Result<Document> {
    let program = match &filter.program {
        Some(id) => Some(
            workflow
                .programs()
                .get(id)
                .ok_or_else(|| ReportError::UnknownProgram(id.clone()))?,
        ),
        None => None,
    };
    let statuses: Vec<&str> = filter.statuses.iter().map(|s| s.name_zh()).collect();
    let mut notes = format!("状态：{}", statuses.join("、"));
    if let Some(program) = program {
        notes.push_str(&format!("　项目：{}", program.meta.title));
    }
    notes.push_str(&format!("　制表日期：{today}"));
    let rows = entries
        .iter()
        .filter(|e| program.is_none_or(|p| p.id() == e.program_id))
        .map(row)
        .collect();
    let list = PaymentList {
        title: "待遇发放名单".to_owned(),
        notes: vec![notes],
        rows,
    };
    Ok(Document {
        file_name: "payments.xlsx".to_owned(),
        media_type: XLSX,
        bytes: list.to_xlsx()?,
    })
}

fn row(entry: &PaymentEntry) -> Payment {
    let payment = &entry.line.payment;
    let (period_start, period_end) = period(entry).unzip();
    let mut note = Vec::new();
    if let Some(reference) = payment.paid.as_ref().and_then(|p| p.reference.as_ref()) {
        note.push(format!("凭证号 {reference}"));
    }
    if let Some(text) = &payment.note {
        note.push(text.clone());
    }
    if let Some(to) = &entry.benefit.paid_to {
        note.push(format!("发至{to}"));
    }
    Payment {
        payee: entry.payee.clone(),
        benefit: match entry.line.entitlement.schedule.as_str() {
            // A one-off benefit has one payment; any further one (a studio's team reaching new
            // levels) is numbered like the instalments of the others.
            "once" if payment.number == 1 => entry.line.entitlement.name.clone(),
            _ => format!("{}（第{}期）", entry.line.entitlement.name, payment.number),
        },
        period_start,
        period_end,
        amount: payment.amount,
        account: None,
        bank: None,
        due_on: payment.due_on,
        citation: Some(entry.benefit.citation.clone()),
        status: Some(payment.status.name_zh().to_owned()),
        paid_on: payment.paid.as_ref().map(|p| p.on),
        note: (!note.is_empty()).then(|| note.join("；")),
    }
}

/// The year of the term a `yearly` payment is for (see the module's note).
fn period(entry: &PaymentEntry) -> Option<(NaiveDate, NaiveDate)> {
    if entry.line.entitlement.schedule != "yearly" {
        return None;
    }
    let number = entry.line.payment.number;
    let start = entry
        .benefit
        .payments
        .iter()
        .find(|p| p.number == number)?
        .due?;
    let end = start.checked_add_months(Months::new(12))?.pred_opt()?;
    Some((start, end))
}
