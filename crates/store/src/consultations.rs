//! Department opinions and credit checks (征求意见、信用核查) as dated evidence: the body or list
//! consulted about an application at one stage, the day it was queried, the result (clear, or
//! adverse with what was found), who recorded it and the attachment that shows it.
//!
//! Append-only: a body that answers again, or a list queried again later, is a new record, so
//! that the evidence a stage was passed on stays as it was. Which bodies a stage must consult,
//! and what an adverse result means, is the workflow's to decide from the program file.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::accounts::AccountId;
use crate::applications::ApplicationId;
use crate::digest::Digest;
use crate::entity::consultations as table;
use crate::error::{Result, StoreError};
use crate::store::{Reader, Tx, now};

crate::id_type!(
    /// The id of a recorded opinion or credit check.
    ConsultationId
);

/// What the body or list answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsultationResult {
    /// Nothing on record (无异议、未查询到失信记录).
    Clear,
    /// Something on record: `detail` says what; `finding` names the marking it establishes, as
    /// the program files' facts spell it (e.g. `失信被执行人`, `单位经营异常`), where it is one.
    Adverse {
        detail: String,
        finding: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConsultation {
    pub application: ApplicationId,
    /// The program's stage id the opinion was sought for.
    pub stage: String,
    /// The body consulted or the list queried, as the program file names it.
    pub source: String,
    pub queried_on: NaiveDate,
    pub result: ConsultationResult,
    /// The letter or screenshot, already stored as an attachment.
    pub attachment: Option<Digest>,
    pub recorded_by: AccountId,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consultation {
    pub id: ConsultationId,
    pub application: ApplicationId,
    pub stage: String,
    pub source: String,
    pub queried_on: NaiveDate,
    pub result: ConsultationResult,
    pub attachment: Option<Digest>,
    pub recorded_by: AccountId,
    pub recorded_at: DateTime<Utc>,
}

impl TryFrom<table::Model> for Consultation {
    type Error = StoreError;

    fn try_from(m: table::Model) -> Result<Self> {
        let result = match (m.result.as_str(), m.detail) {
            ("clear", None) => ConsultationResult::Clear,
            ("adverse", Some(detail)) => ConsultationResult::Adverse {
                detail,
                finding: m.finding,
            },
            _ => {
                return Err(StoreError::Corrupt {
                    what: "consultations.result",
                });
            }
        };
        Ok(Self {
            id: ConsultationId(m.id),
            application: ApplicationId(m.application_id),
            stage: m.stage,
            source: m.source,
            queried_on: m.queried_on,
            result,
            attachment: m
                .attachment_sha256
                .map(|d| Digest::from_stored(&d, "consultations.attachment_sha256"))
                .transpose()?,
            recorded_by: AccountId(m.recorded_by),
            recorded_at: m.recorded_at,
        })
    }
}

/// Records an opinion or a credit check. The attachment, if given, must already be stored.
pub async fn insert(tx: &Tx, new: &NewConsultation) -> Result<Consultation> {
    let (result, detail, finding) = match &new.result {
        ConsultationResult::Clear => ("clear", None, None),
        ConsultationResult::Adverse { detail, finding } => {
            ("adverse", Some(detail.clone()), finding.clone())
        }
    };
    let model = table::ActiveModel {
        application_id: Set(new.application.0),
        stage: Set(new.stage.clone()),
        source: Set(new.source.clone()),
        queried_on: Set(new.queried_on),
        result: Set(result.to_owned()),
        finding: Set(finding),
        detail: Set(detail),
        attachment_sha256: Set(new.attachment.map(|d| d.to_hex())),
        recorded_by: Set(new.recorded_by.0),
        recorded_at: Set(now()),
        ..Default::default()
    }
    .insert(tx.conn())
    .await?;
    tx.record("consultation.record", None, Some(&model));
    model.try_into()
}

/// An application's opinions and credit checks, in the order they were recorded.
pub async fn for_application(
    reader: &impl Reader,
    application: ApplicationId,
) -> Result<Vec<Consultation>> {
    table::Entity::find()
        .filter(table::Column::ApplicationId.eq(application.0))
        .order_by_asc(table::Column::Id)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(Consultation::try_from)
        .collect()
}
