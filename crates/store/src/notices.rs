//! Public notices (公示): the list published for a notice stage of a program version, with its
//! window, and the objections received while it runs.
//!
//! The list is kept as it was shown (name, unit, masked ID number). The objector's contact is
//! encrypted at rest. An objection is decided once and a notice closed once: both are
//! conditional `UPDATE`s, so two officers acting at the same moment cannot both succeed.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};

use crate::accounts::AccountId;
use crate::applications::ApplicationId;
use crate::crypto::Field;
use crate::entity::{
    close_once, fetch, objections, public_notice_entries, public_notices as table,
};
use crate::error::{Result, StoreError};
use crate::kind::EntityKind;
use crate::programs::ProgramVersionId;
use crate::store::{Reader, Tx, now};

crate::id_type!(
    /// The id of a public notice.
    NoticeId
);

crate::id_type!(
    /// The id of an objection; its receipt number is derived from it.
    ObjectionId
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub id: NoticeId,
    pub program_version: ProgramVersionId,
    /// The program's notice stage.
    pub stage: String,
    pub published_on: NaiveDate,
    /// The window's last day, included.
    pub last_day: NaiveDate,
    pub published_by: AccountId,
    pub closed: Option<(AccountId, DateTime<Utc>)>,
}

impl TryFrom<table::Model> for Notice {
    type Error = StoreError;

    fn try_from(m: table::Model) -> Result<Self> {
        let closed = match (m.closed_by, m.closed_at) {
            (Some(by), Some(at)) => Some((AccountId(by), at)),
            (None, None) => None,
            _ => {
                return Err(StoreError::Corrupt {
                    what: "public_notices.closed",
                });
            }
        };
        Ok(Self {
            id: NoticeId(m.id),
            program_version: ProgramVersionId(m.program_version_id),
            stage: m.stage,
            published_on: m.published_on,
            last_day: m.last_day,
            published_by: AccountId(m.published_by),
            closed,
        })
    }
}

/// One line of the published list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeEntry {
    pub application: ApplicationId,
    pub name: String,
    pub unit_name: Option<String>,
    /// The ID number as shown: the middle eight digits hidden.
    pub masked_id: Option<String>,
}

impl From<public_notice_entries::Model> for NoticeEntry {
    fn from(m: public_notice_entries::Model) -> Self {
        Self {
            application: ApplicationId(m.application_id),
            name: m.name,
            unit_name: m.unit_name,
            masked_id: m.masked_id,
        }
    }
}

/// A notice to publish with its list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotice {
    pub program_version: ProgramVersionId,
    pub stage: String,
    pub published_on: NaiveDate,
    pub last_day: NaiveDate,
    pub published_by: AccountId,
    pub entries: Vec<NoticeEntry>,
}

/// How an objection was decided after investigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObjectionOutcome {
    /// Not borne out.
    Dismissed { finding: String },
    /// Borne out: `redo_stage` must do its work again.
    Upheld { finding: String, redo_stage: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewObjection {
    pub notice: NoticeId,
    pub application: ApplicationId,
    pub objector_name: String,
    pub contact: String,
    pub reason: String,
    pub received_on: NaiveDate,
    pub investigation_due: Option<NaiveDate>,
    pub recorded_by: AccountId,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Objection {
    pub id: ObjectionId,
    pub notice: NoticeId,
    pub application: ApplicationId,
    pub objector_name: String,
    pub contact: String,
    pub reason: String,
    pub received_on: NaiveDate,
    pub investigation_due: Option<NaiveDate>,
    pub recorded_by: AccountId,
    /// `None` while under investigation.
    pub outcome: Option<ObjectionOutcome>,
    pub decided_by: Option<AccountId>,
}

impl Objection {
    /// The receipt number given to the objector: the notice and the objection, as the bureau
    /// writes them on the receipt (`GS-<notice>-<objection>`).
    pub fn receipt(&self) -> String {
        format!("GS-{:04}-{:06}", self.notice.0, self.id.0)
    }
}

fn objection(reader: &impl Reader, m: objections::Model) -> Result<Objection> {
    let outcome = match (m.outcome.as_deref(), m.finding, m.redo_stage) {
        (None, None, None) => None,
        (Some("dismissed"), Some(finding), None) => Some(ObjectionOutcome::Dismissed { finding }),
        (Some("upheld"), Some(finding), Some(redo_stage)) => Some(ObjectionOutcome::Upheld {
            finding,
            redo_stage,
        }),
        _ => {
            return Err(StoreError::Corrupt {
                what: "objections.outcome",
            });
        }
    };
    Ok(Objection {
        id: ObjectionId(m.id),
        notice: NoticeId(m.notice_id),
        application: ApplicationId(m.application_id),
        objector_name: m.objector_name,
        contact: reader
            .crypto()
            .open(Field::ObjectionContact, &m.contact_sealed)?,
        reason: m.reason,
        received_on: m.received_on,
        investigation_due: m.investigation_due,
        recorded_by: AccountId(m.recorded_by),
        outcome,
        decided_by: m.decided_by.map(AccountId),
    })
}

/// Publishes a notice with its list.
pub async fn publish(tx: &Tx, new: &NewNotice) -> Result<Notice> {
    let model = table::ActiveModel {
        program_version_id: Set(new.program_version.0),
        stage: Set(new.stage.clone()),
        published_on: Set(new.published_on),
        last_day: Set(new.last_day),
        published_by: Set(new.published_by.0),
        published_at: Set(now()),
        closed_by: Set(None),
        closed_at: Set(None),
        ..Default::default()
    }
    .insert(tx.conn())
    .await?;
    tx.record("public_notice.publish", None, Some(&model));
    for entry in &new.entries {
        let line = public_notice_entries::ActiveModel {
            notice_id: Set(model.id),
            application_id: Set(entry.application.0),
            name: Set(entry.name.clone()),
            unit_name: Set(entry.unit_name.clone()),
            masked_id: Set(entry.masked_id.clone()),
        }
        .insert(tx.conn())
        .await?;
        tx.record("public_notice_entry.list", None, Some(&line));
    }
    model.try_into()
}

pub async fn get(reader: &impl Reader, id: NoticeId) -> Result<Notice> {
    fetch::<table::Entity, _>(reader.conn(), id.0)
        .await?
        .try_into()
}

/// The notices of a stage of a program version, oldest first.
pub async fn for_stage(
    reader: &impl Reader,
    program_version: ProgramVersionId,
    stage: &str,
) -> Result<Vec<Notice>> {
    table::Entity::find()
        .filter(table::Column::ProgramVersionId.eq(program_version.0))
        .filter(table::Column::Stage.eq(stage))
        .order_by_asc(table::Column::Id)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(Notice::try_from)
        .collect()
}

/// Every notice not yet closed, oldest first: the ones running and the ones waiting to be
/// closed after their window.
pub async fn open(reader: &impl Reader) -> Result<Vec<Notice>> {
    table::Entity::find()
        .filter(table::Column::ClosedAt.is_null())
        .order_by_asc(table::Column::Id)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(Notice::try_from)
        .collect()
}

/// The published list, in the order it was published.
pub async fn entries(reader: &impl Reader, notice: NoticeId) -> Result<Vec<NoticeEntry>> {
    Ok(public_notice_entries::Entity::find()
        .filter(public_notice_entries::Column::NoticeId.eq(notice.0))
        .order_by_asc(public_notice_entries::Column::ApplicationId)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(NoticeEntry::from)
        .collect())
}

/// Closes a notice: [`StoreError::Conflict`] if it is already closed.
pub async fn close(tx: &Tx, notice: NoticeId, closed_by: AccountId) -> Result<Notice> {
    close_once::<table::Entity>(
        tx,
        notice.0,
        table::Column::Id,
        table::Column::ClosedAt,
        "public_notice.close",
        |set| {
            set.closed_by = Set(Some(closed_by.0));
            set.closed_at = Set(Some(now()));
        },
    )
    .await?
    .try_into()
}

/// Records an objection received while the notice runs.
pub async fn object(tx: &Tx, new: &NewObjection) -> Result<Objection> {
    let model = objections::ActiveModel {
        notice_id: Set(new.notice.0),
        application_id: Set(new.application.0),
        objector_name: Set(new.objector_name.clone()),
        contact_sealed: Set(tx.crypto().seal(Field::ObjectionContact, &new.contact)),
        reason: Set(new.reason.clone()),
        received_on: Set(new.received_on),
        investigation_due: Set(new.investigation_due),
        recorded_by: Set(new.recorded_by.0),
        recorded_at: Set(now()),
        outcome: Set(None),
        finding: Set(None),
        redo_stage: Set(None),
        decided_by: Set(None),
        decided_at: Set(None),
        ..Default::default()
    }
    .insert(tx.conn())
    .await?;
    tx.record("objection.receive", None, Some(&model));
    objection(tx, model)
}

pub async fn get_objection(reader: &impl Reader, id: ObjectionId) -> Result<Objection> {
    let model = fetch::<objections::Entity, _>(reader.conn(), id.0).await?;
    objection(reader, model)
}

/// The objections to a notice, in the order they were received.
pub async fn objections(reader: &impl Reader, notice: NoticeId) -> Result<Vec<Objection>> {
    objections::Entity::find()
        .filter(objections::Column::NoticeId.eq(notice.0))
        .order_by_asc(objections::Column::Id)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(|m| objection(reader, m))
        .collect()
}

/// Records how an objection was decided: [`StoreError::Conflict`] if it already was.
pub async fn decide(
    tx: &Tx,
    id: ObjectionId,
    outcome: &ObjectionOutcome,
    decided_by: AccountId,
) -> Result<Objection> {
    let before = fetch::<objections::Entity, _>(tx.conn(), id.0).await?;
    let mut set = before.clone().into_active_model();
    let (kind, finding, redo_stage) = match outcome {
        ObjectionOutcome::Dismissed { finding } => ("dismissed", finding, None),
        ObjectionOutcome::Upheld {
            finding,
            redo_stage,
        } => ("upheld", finding, Some(redo_stage.clone())),
    };
    set.outcome = Set(Some(kind.to_owned()));
    set.finding = Set(Some(finding.clone()));
    set.redo_stage = Set(redo_stage);
    set.decided_by = Set(Some(decided_by.0));
    set.decided_at = Set(Some(now()));
    let updated = objections::Entity::update_many()
        .set(set)
        .filter(objections::Column::Id.eq(id.0))
        .filter(objections::Column::Outcome.is_null())
        .exec(tx.conn())
        .await?;
    if updated.rows_affected != 1 {
        return Err(StoreError::Conflict {
            entity: EntityKind::Objection,
            id: id.to_string(),
        });
    }
    let after = fetch::<objections::Entity, _>(tx.conn(), id.0).await?;
    tx.record("objection.decide", Some(&before), Some(&after));
    objection(tx, after)
}

/// Every notice, newest first.
pub async fn all(reader: &impl Reader) -> Result<Vec<Notice>> {
    table::Entity::find()
        .order_by_desc(table::Column::Id)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(Notice::try_from)
        .collect()
}
