//! The history of an application: one row per transition or recorded act, with who did it, the
//! stage before and after, the note shown to the applicant (a reason, or the text of a
//! commitment) and the workflow's details. Append-only: there is no update and no delete, so the
//! history an applicant is shown is the history that happened.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::Value;

use crate::accounts::AccountId;
use crate::applications::ApplicationId;
use crate::entity::application_events as table;
use crate::error::Result;
use crate::store::{Reader, Tx, now};

crate::id_type!(
    /// The id of an application event.
    EventId
);

/// An event to record. The time is the transaction's.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub application: ApplicationId,
    /// The account that acted; `None` for the system itself (a timer).
    pub account: Option<AccountId>,
    /// What happened, e.g. `submit` or `review.return`.
    pub action: String,
    pub from_stage: String,
    pub to_stage: String,
    /// Text shown to the applicant: a reason, or the commitment signed.
    pub note: Option<String>,
    pub detail: Value,
}

/// A recorded event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: EventId,
    pub application: ApplicationId,
    pub at: DateTime<Utc>,
    pub account: Option<AccountId>,
    pub action: String,
    pub from_stage: String,
    pub to_stage: String,
    pub note: Option<String>,
    pub detail: Value,
}

impl From<table::Model> for Event {
    fn from(m: table::Model) -> Self {
        Self {
            id: EventId(m.id),
            application: ApplicationId(m.application_id),
            at: m.at,
            account: m.account_id.map(AccountId),
            action: m.action,
            from_stage: m.from_stage,
            to_stage: m.to_stage,
            note: m.note,
            detail: m.detail,
        }
    }
}

pub async fn record(tx: &Tx, new: &NewEvent) -> Result<Event> {
    let model = table::ActiveModel {
        application_id: Set(new.application.0),
        at: Set(now()),
        account_id: Set(new.account.map(|a| a.0)),
        action: Set(new.action.clone()),
        from_stage: Set(new.from_stage.clone()),
        to_stage: Set(new.to_stage.clone()),
        note: Set(new.note.clone()),
        detail: Set(new.detail.clone()),
        ..Default::default()
    }
    .insert(tx.conn())
    .await?;
    tx.record("application_event.record", None, Some(&model));
    Ok(model.into())
}

/// An application's events, oldest first.
pub async fn for_application(
    reader: &impl Reader,
    application: ApplicationId,
) -> Result<Vec<Event>> {
    Ok(table::Entity::find()
        .filter(table::Column::ApplicationId.eq(application.0))
        .order_by_asc(table::Column::Id)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(Event::from)
        .collect())
}
