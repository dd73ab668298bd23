//! The benefits ledger: the entitlements an approval computed for an application (paid, left
//! out by 就高不重复, or stopped after the award), and their payments: scheduled, paid by the
//! finance bureau, cancelled, or clawed back after a revocation and recovered.
//!
//! Every change of a payment is a conditional `UPDATE` on its current status, so two finance
//! officers recording the same payment at the same moment cannot both succeed; scheduling the
//! same payment twice is refused by its unique key (entitlement, number), which keeps the
//! background worker idempotent.

use chrono::NaiveDate;
use jiangxin_domain::money::Money;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use serde_json::Value;

use crate::accounts::AccountId;
use crate::applications::ApplicationId;
use crate::entity::{Audited, entitlements as table, fetch, payments};
use crate::error::{Result, StoreError};
use crate::kind::EntityKind;
use crate::store::{Reader, Tx, now};
use crate::titles::TitleId;

crate::id_type!(
    /// The id of an entitlement.
    EntitlementId
);

crate::id_type!(
    /// The id of one payment of an entitlement.
    PaymentId
);

/// Whether an entitlement is paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntitlementStatus {
    Active,
    /// Left out because the holder has the same benefit at a higher amount (就高不重复).
    Excluded {
        reason: String,
        citation: String,
    },
    /// No further payments after an event the program names (004 第十七条).
    Stopped {
        reason: String,
        citation: String,
    },
}

impl EntitlementStatus {
    fn columns(&self) -> (&'static str, Option<String>, Option<String>) {
        match self {
            Self::Active => ("active", None, None),
            Self::Excluded { reason, citation } => {
                ("excluded", Some(reason.clone()), Some(citation.clone()))
            }
            Self::Stopped { reason, citation } => {
                ("stopped", Some(reason.clone()), Some(citation.clone()))
            }
        }
    }

    pub fn name_zh(&self) -> &'static str {
        match self {
            Self::Active => "享受中",
            Self::Excluded { .. } => "就高不重复未享受",
            Self::Stopped { .. } => "已停止享受",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntitlement {
    pub application: ApplicationId,
    pub title: Option<TitleId>,
    /// The benefit's id in the program file.
    pub benefit: String,
    pub name: String,
    pub payee: String,
    pub tax: String,
    /// `once`, `annual` or `yearly`, as the engine says.
    pub schedule: String,
    /// One payment after uplifts; `None` for a benefit that is not money.
    pub amount: Option<Money>,
    /// The engine's whole entitlement, with its citations and notes.
    pub detail: Value,
    pub status: EntitlementStatus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entitlement {
    pub id: EntitlementId,
    pub application: ApplicationId,
    pub title: Option<TitleId>,
    pub benefit: String,
    pub name: String,
    pub payee: String,
    pub tax: String,
    pub schedule: String,
    pub amount: Option<Money>,
    pub detail: Value,
    pub status: EntitlementStatus,
}

impl TryFrom<table::Model> for Entitlement {
    type Error = StoreError;

    fn try_from(m: table::Model) -> Result<Self> {
        let status = match (m.status.as_str(), m.status_reason, m.status_citation) {
            ("active", None, None) => EntitlementStatus::Active,
            ("excluded", Some(reason), Some(citation)) => {
                EntitlementStatus::Excluded { reason, citation }
            }
            ("stopped", Some(reason), Some(citation)) => {
                EntitlementStatus::Stopped { reason, citation }
            }
            _ => {
                return Err(StoreError::Corrupt {
                    what: "entitlements.status",
                });
            }
        };
        Ok(Self {
            id: EntitlementId(m.id),
            application: ApplicationId(m.application_id),
            title: m.title_id.map(TitleId),
            benefit: m.benefit,
            name: m.name,
            payee: m.payee,
            tax: m.tax,
            schedule: m.schedule,
            amount: m.amount_fen.map(Money::from_fen),
            detail: m.detail,
            status,
        })
    }
}

pub async fn add_entitlement(tx: &Tx, new: &NewEntitlement) -> Result<Entitlement> {
    let (status, reason, citation) = new.status.columns();
    let model = table::ActiveModel {
        application_id: Set(new.application.0),
        title_id: Set(new.title.map(|t| t.0)),
        benefit: Set(new.benefit.clone()),
        name: Set(new.name.clone()),
        payee: Set(new.payee.clone()),
        tax: Set(new.tax.clone()),
        schedule: Set(new.schedule.clone()),
        amount_fen: Set(new.amount.map(Money::fen)),
        detail: Set(new.detail.clone()),
        status: Set(status.to_owned()),
        status_reason: Set(reason),
        status_citation: Set(citation),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(tx.conn())
    .await
    .map_err(|e| {
        StoreError::from_insert(
            e,
            EntityKind::Entitlement,
            format!("{}/{}", new.application, new.benefit),
        )
    })?;
    tx.record("entitlement.add", None, Some(&model));
    model.try_into()
}

pub async fn entitlement(reader: &impl Reader, id: EntitlementId) -> Result<Entitlement> {
    fetch::<table::Entity, _>(reader.conn(), id.0)
        .await?
        .try_into()
}

/// An application's entitlements, in the order they were added.
pub async fn entitlements(
    reader: &impl Reader,
    application: ApplicationId,
) -> Result<Vec<Entitlement>> {
    table::Entity::find()
        .filter(table::Column::ApplicationId.eq(application.0))
        .order_by_asc(table::Column::Id)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(Entitlement::try_from)
        .collect()
}

/// Every entitlement of a status kind (`active`, `excluded`, `stopped`), oldest first.
pub async fn entitlements_with_status(
    reader: &impl Reader,
    status: &str,
) -> Result<Vec<Entitlement>> {
    table::Entity::find()
        .filter(table::Column::Status.eq(status))
        .order_by_asc(table::Column::Id)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(Entitlement::try_from)
        .collect()
}

/// Changes an active entitlement's status; one that is no longer active is
/// [`StoreError::Conflict`].
pub async fn set_entitlement_status(
    tx: &Tx,
    id: EntitlementId,
    status: &EntitlementStatus,
) -> Result<Entitlement> {
    let before = fetch::<table::Entity, _>(tx.conn(), id.0).await?;
    let (name, reason, citation) = status.columns();
    let mut set = before.clone().into_active_model();
    set.status = Set(name.to_owned());
    set.status_reason = Set(reason);
    set.status_citation = Set(citation);
    let after = conditional_update::<table::Entity>(
        tx,
        id.0,
        table::Column::Id,
        table::Column::Status,
        "active",
        set,
    )
    .await?;
    tx.record("entitlement.status", Some(&before), Some(&after));
    after.try_into()
}

/// Records an active entitlement computed again on new facts (a studio's team members
/// reaching new levels): its amount and the engine's whole entitlement. What was paid stays;
/// the caller schedules any difference. One no longer active is [`StoreError::Conflict`].
pub async fn revise_entitlement(
    tx: &Tx,
    id: EntitlementId,
    amount: Option<Money>,
    detail: &Value,
) -> Result<Entitlement> {
    let before = fetch::<table::Entity, _>(tx.conn(), id.0).await?;
    let mut set = before.clone().into_active_model();
    set.amount_fen = Set(amount.map(Money::fen));
    set.detail = Set(detail.clone());
    let after = conditional_update::<table::Entity>(
        tx,
        id.0,
        table::Column::Id,
        table::Column::Status,
        "active",
        set,
    )
    .await?;
    tx.record("entitlement.revise", Some(&before), Some(&after));
    after.try_into()
}

/// Where a payment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentStatus {
    Scheduled,
    Paid,
    Cancelled,
    /// Paid, and to be paid back after a revocation.
    RecoveryDue,
    Recovered,
}

impl PaymentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::Paid => "paid",
            Self::Cancelled => "cancelled",
            Self::RecoveryDue => "recovery_due",
            Self::Recovered => "recovered",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Scheduled => "待发放",
            Self::Paid => "已发放",
            Self::Cancelled => "不予发放",
            Self::RecoveryDue => "待追回",
            Self::Recovered => "已追回",
        }
    }

    /// Every status, in the order a payment passes through them.
    pub const ALL: [Self; 5] = [
        Self::Scheduled,
        Self::Paid,
        Self::Cancelled,
        Self::RecoveryDue,
        Self::Recovered,
    ];

    /// The status with this name ([`Self::as_str`]), if any.
    pub fn from_name(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    fn parse(text: &str) -> Result<Self> {
        Self::from_name(text).ok_or(StoreError::Corrupt {
            what: "payments.status",
        })
    }
}

/// How a payment was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaidRecord {
    pub on: NaiveDate,
    pub by: AccountId,
    /// The bank's or treasury's reference.
    pub reference: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub id: PaymentId,
    pub entitlement: EntitlementId,
    /// 1 for the first payment.
    pub number: u32,
    pub due_on: NaiveDate,
    pub amount: Money,
    pub status: PaymentStatus,
    pub paid: Option<PaidRecord>,
    /// Why a payment was cancelled or is to be recovered.
    pub note: Option<String>,
    pub recovered_on: Option<NaiveDate>,
}

impl TryFrom<payments::Model> for Payment {
    type Error = StoreError;

    fn try_from(m: payments::Model) -> Result<Self> {
        let corrupt = || StoreError::Corrupt {
            what: "payments.paid",
        };
        let paid = match (m.paid_on, m.paid_by) {
            (Some(on), Some(by)) => Some(PaidRecord {
                on,
                by: AccountId(by),
                reference: m.reference,
            }),
            (None, None) => None,
            _ => return Err(corrupt()),
        };
        Ok(Self {
            id: PaymentId(m.id),
            entitlement: EntitlementId(m.entitlement_id),
            number: u32::try_from(m.number).map_err(|_| corrupt())?,
            due_on: m.due_on,
            amount: Money::from_fen(m.amount_fen),
            status: PaymentStatus::parse(&m.status)?,
            paid,
            note: m.note,
            recovered_on: m.recovered_on,
        })
    }
}

/// Schedules payment `number` of an entitlement. Already scheduled is
/// [`StoreError::Duplicate`]: callers that may run twice (the worker) check first.
pub async fn schedule(
    tx: &Tx,
    entitlement: EntitlementId,
    number: u32,
    due_on: NaiveDate,
    amount: Money,
) -> Result<Payment> {
    let model = payments::ActiveModel {
        entitlement_id: Set(entitlement.0),
        number: Set(i32::try_from(number).map_err(|_| StoreError::Corrupt {
            what: "payments.number",
        })?),
        due_on: Set(due_on),
        amount_fen: Set(amount.fen()),
        status: Set(PaymentStatus::Scheduled.as_str().to_owned()),
        paid_on: Set(None),
        paid_by: Set(None),
        reference: Set(None),
        note: Set(None),
        recovered_on: Set(None),
        updated_at: Set(now()),
        ..Default::default()
    }
    .insert(tx.conn())
    .await
    .map_err(|e| {
        StoreError::from_insert(e, EntityKind::Payment, format!("{entitlement}/{number}"))
    })?;
    tx.record("payment.schedule", None, Some(&model));
    model.try_into()
}

pub async fn payment(reader: &impl Reader, id: PaymentId) -> Result<Payment> {
    fetch::<payments::Entity, _>(reader.conn(), id.0)
        .await?
        .try_into()
}

/// An entitlement's payments, by number.
pub async fn payments(reader: &impl Reader, entitlement: EntitlementId) -> Result<Vec<Payment>> {
    payments::Entity::find()
        .filter(payments::Column::EntitlementId.eq(entitlement.0))
        .order_by_asc(payments::Column::Number)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(Payment::try_from)
        .collect()
}

/// Every payment in a status, by due date: the finance bureau's lists.
pub async fn payments_in(reader: &impl Reader, status: PaymentStatus) -> Result<Vec<Payment>> {
    payments::Entity::find()
        .filter(payments::Column::Status.eq(status.as_str()))
        .order_by_asc(payments::Column::DueOn)
        .order_by_asc(payments::Column::Id)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(Payment::try_from)
        .collect()
}

/// What a payment's status change writes besides the status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentChange {
    /// scheduled → paid.
    Paid(PaidRecord),
    /// scheduled → cancelled, with the reason.
    Cancelled(String),
    /// paid → recovery_due, with the reason.
    RecoveryDue(String),
    /// recovery_due → recovered.
    Recovered(NaiveDate),
}

impl PaymentChange {
    fn transition(&self) -> (PaymentStatus, PaymentStatus) {
        match self {
            Self::Paid(_) => (PaymentStatus::Scheduled, PaymentStatus::Paid),
            Self::Cancelled(_) => (PaymentStatus::Scheduled, PaymentStatus::Cancelled),
            Self::RecoveryDue(_) => (PaymentStatus::Paid, PaymentStatus::RecoveryDue),
            Self::Recovered(_) => (PaymentStatus::RecoveryDue, PaymentStatus::Recovered),
        }
    }

    fn action(&self) -> &'static str {
        match self {
            Self::Paid(_) => "payment.pay",
            Self::Cancelled(_) => "payment.cancel",
            Self::RecoveryDue(_) => "payment.claw_back",
            Self::Recovered(_) => "payment.recover",
        }
    }
}

/// Moves a payment on. A payment not in the status the change starts from (already paid by
/// someone else, say) is [`StoreError::Conflict`] and nothing changes.
pub async fn change(tx: &Tx, id: PaymentId, change: &PaymentChange) -> Result<Payment> {
    let before = fetch::<payments::Entity, _>(tx.conn(), id.0).await?;
    let (from, to) = change.transition();
    let mut set = before.clone().into_active_model();
    set.status = Set(to.as_str().to_owned());
    set.updated_at = Set(now());
    match change {
        PaymentChange::Paid(record) => {
            set.paid_on = Set(Some(record.on));
            set.paid_by = Set(Some(record.by.0));
            set.reference = Set(record.reference.clone());
        }
        PaymentChange::Cancelled(note) | PaymentChange::RecoveryDue(note) => {
            set.note = Set(Some(note.clone()));
        }
        PaymentChange::Recovered(on) => set.recovered_on = Set(Some(*on)),
    }
    let after = conditional_update::<payments::Entity>(
        tx,
        id.0,
        payments::Column::Id,
        payments::Column::Status,
        from.as_str(),
        set,
    )
    .await?;
    tx.record(change.action(), Some(&before), Some(&after));
    after.try_into()
}

/// Writes `set` to the row with this id only while its `status_column` still holds `expected`,
/// and returns the row as written; otherwise [`StoreError::Conflict`].
async fn conditional_update<E>(
    tx: &Tx,
    id: i64,
    id_column: E::Column,
    status_column: E::Column,
    expected: &str,
    set: E::ActiveModel,
) -> Result<E::Model>
where
    E: EntityTrait,
    E::Model: Audited,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
    i64: Into<<E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType>,
{
    let updated = E::update_many()
        .set(set)
        .filter(id_column.eq(id))
        .filter(status_column.eq(expected))
        .exec(tx.conn())
        .await?;
    if updated.rows_affected != 1 {
        return Err(StoreError::Conflict {
            entity: <E::Model as Audited>::KIND,
            id: id.to_string(),
        });
    }
    fetch::<E, _>(tx.conn(), id).await
}
