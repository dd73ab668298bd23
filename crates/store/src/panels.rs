//! Expert panels (专家评审组): one per program version and panel stage, its members (expert
//! accounts, each with the unit they work at), the members recused from an application, and the
//! real-name ballots with per-criterion scores.
//!
//! Ballots are stored as cast and never changed; who may read them, and when, is the
//! workflow's to decide (not before the panel is closed). Closing is a conditional `UPDATE`, so
//! a panel is closed once even when two reviewers close it at the same moment.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::accounts::AccountId;
use crate::applications::ApplicationId;
use crate::entity::{
    close_once, fetch, panel_ballots, panel_members, panel_recusals, panels as table,
};
use crate::error::{Result, StoreError};
use crate::kind::EntityKind;
use crate::programs::ProgramVersionId;
use crate::store::{Reader, Tx, now};
use crate::units::UnitId;

crate::id_type!(
    /// The id of an expert panel.
    PanelId
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panel {
    pub id: PanelId,
    pub program_version: ProgramVersionId,
    /// The program's stage id the panel sits for.
    pub stage: String,
    pub created_by: AccountId,
    pub created_at: DateTime<Utc>,
    /// Who closed it and when; `None` while ballots are still being cast.
    pub closed: Option<(AccountId, DateTime<Utc>)>,
}

impl TryFrom<table::Model> for Panel {
    type Error = StoreError;

    fn try_from(m: table::Model) -> Result<Self> {
        let closed = match (m.closed_by, m.closed_at) {
            (Some(by), Some(at)) => Some((AccountId(by), at)),
            (None, None) => None,
            _ => {
                return Err(StoreError::Corrupt {
                    what: "panels.closed",
                });
            }
        };
        Ok(Self {
            id: PanelId(m.id),
            program_version: ProgramVersionId(m.program_version_id),
            stage: m.stage,
            created_by: AccountId(m.created_by),
            created_at: m.created_at,
            closed,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelMember {
    pub panel: PanelId,
    pub account: AccountId,
    /// The unit the expert works at, as declared on appointment.
    pub unit: Option<UnitId>,
    pub appointed_at: DateTime<Utc>,
}

impl From<panel_members::Model> for PanelMember {
    fn from(m: panel_members::Model) -> Self {
        Self {
            panel: PanelId(m.panel_id),
            account: AccountId(m.account_id),
            unit: m.unit_id.map(UnitId),
            appointed_at: m.appointed_at,
        }
    }
}

/// Why a member does not judge an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecusalCause {
    /// The expert works at the applicant's unit: recused without being asked.
    SameUnit,
    /// The expert declared a conflict of interest.
    Declared,
}

impl RecusalCause {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SameUnit => "same_unit",
            Self::Declared => "declared",
        }
    }

    fn from_stored(text: &str) -> Result<Self> {
        match text {
            "same_unit" => Ok(Self::SameUnit),
            "declared" => Ok(Self::Declared),
            _ => Err(StoreError::Corrupt {
                what: "panel_recusals.cause",
            }),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recusal {
    pub panel: PanelId,
    pub account: AccountId,
    pub application: ApplicationId,
    pub cause: RecusalCause,
    pub reason: String,
    pub recorded_at: DateTime<Utc>,
}

impl TryFrom<panel_recusals::Model> for Recusal {
    type Error = StoreError;

    fn try_from(m: panel_recusals::Model) -> Result<Self> {
        Ok(Self {
            panel: PanelId(m.panel_id),
            account: AccountId(m.account_id),
            application: ApplicationId(m.application_id),
            cause: RecusalCause::from_stored(&m.cause)?,
            reason: m.reason,
            recorded_at: m.recorded_at,
        })
    }
}

/// A member's real-name vote on one application, with a score per criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ballot {
    pub panel: PanelId,
    pub account: AccountId,
    pub application: ApplicationId,
    pub approve: bool,
    /// Criterion id → score.
    pub scores: BTreeMap<String, u32>,
    pub cast_at: DateTime<Utc>,
}

impl TryFrom<panel_ballots::Model> for Ballot {
    type Error = StoreError;

    fn try_from(m: panel_ballots::Model) -> Result<Self> {
        let approve = match m.vote.as_str() {
            "approve" => true,
            "reject" => false,
            _ => {
                return Err(StoreError::Corrupt {
                    what: "panel_ballots.vote",
                });
            }
        };
        let scores = serde_json::from_value(m.scores).map_err(|_| StoreError::Corrupt {
            what: "panel_ballots.scores",
        })?;
        Ok(Self {
            panel: PanelId(m.panel_id),
            account: AccountId(m.account_id),
            application: ApplicationId(m.application_id),
            approve,
            scores,
            cast_at: m.cast_at,
        })
    }
}

/// Creates the panel of `stage` under a program version: [`StoreError::Duplicate`] if it
/// already has one.
pub async fn create(
    tx: &Tx,
    program_version: ProgramVersionId,
    stage: &str,
    created_by: AccountId,
) -> Result<Panel> {
    let model = table::ActiveModel {
        program_version_id: Set(program_version.0),
        stage: Set(stage.to_owned()),
        created_by: Set(created_by.0),
        created_at: Set(now()),
        closed_by: Set(None),
        closed_at: Set(None),
        ..Default::default()
    }
    .insert(tx.conn())
    .await
    .map_err(|e| {
        StoreError::from_insert(e, EntityKind::Panel, format!("{program_version}/{stage}"))
    })?;
    tx.record("panel.create", None, Some(&model));
    model.try_into()
}

pub async fn get(reader: &impl Reader, id: PanelId) -> Result<Panel> {
    fetch::<table::Entity, _>(reader.conn(), id.0)
        .await?
        .try_into()
}

/// Appoints an expert: [`StoreError::Duplicate`] if already a member.
pub async fn appoint(
    tx: &Tx,
    panel: PanelId,
    account: AccountId,
    unit: Option<UnitId>,
) -> Result<PanelMember> {
    let model = panel_members::ActiveModel {
        panel_id: Set(panel.0),
        account_id: Set(account.0),
        unit_id: Set(unit.map(|u| u.0)),
        appointed_at: Set(now()),
    }
    .insert(tx.conn())
    .await
    .map_err(|e| {
        StoreError::from_insert(e, EntityKind::PanelMember, format!("{panel}/{account}"))
    })?;
    tx.record("panel_member.appoint", None, Some(&model));
    Ok(model.into())
}

/// The members, in the order they were appointed.
pub async fn members(reader: &impl Reader, panel: PanelId) -> Result<Vec<PanelMember>> {
    Ok(panel_members::Entity::find()
        .filter(panel_members::Column::PanelId.eq(panel.0))
        .order_by_asc(panel_members::Column::AppointedAt)
        .order_by_asc(panel_members::Column::AccountId)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(PanelMember::from)
        .collect())
}

/// Records that a member does not judge an application: [`StoreError::Duplicate`] if already
/// recused from it.
pub async fn recuse(
    tx: &Tx,
    panel: PanelId,
    account: AccountId,
    application: ApplicationId,
    cause: RecusalCause,
    reason: &str,
) -> Result<Recusal> {
    let model = panel_recusals::ActiveModel {
        panel_id: Set(panel.0),
        account_id: Set(account.0),
        application_id: Set(application.0),
        cause: Set(cause.as_str().to_owned()),
        reason: Set(reason.to_owned()),
        recorded_at: Set(now()),
    }
    .insert(tx.conn())
    .await
    .map_err(|e| {
        StoreError::from_insert(
            e,
            EntityKind::PanelRecusal,
            format!("{panel}/{account}/{application}"),
        )
    })?;
    tx.record("panel_recusal.record", None, Some(&model));
    model.try_into()
}

/// The recusals of a panel, in the order they were recorded.
pub async fn recusals(reader: &impl Reader, panel: PanelId) -> Result<Vec<Recusal>> {
    panel_recusals::Entity::find()
        .filter(panel_recusals::Column::PanelId.eq(panel.0))
        .order_by_asc(panel_recusals::Column::RecordedAt)
        .order_by_asc(panel_recusals::Column::AccountId)
        .order_by_asc(panel_recusals::Column::ApplicationId)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(Recusal::try_from)
        .collect()
}

/// Casts a member's ballot on an application: [`StoreError::Duplicate`] if the member has
/// already voted on it, because a real-name vote is final once cast.
pub async fn cast(
    tx: &Tx,
    panel: PanelId,
    account: AccountId,
    application: ApplicationId,
    approve: bool,
    scores: &BTreeMap<String, u32>,
) -> Result<Ballot> {
    let model = panel_ballots::ActiveModel {
        panel_id: Set(panel.0),
        account_id: Set(account.0),
        application_id: Set(application.0),
        vote: Set(if approve { "approve" } else { "reject" }.to_owned()),
        scores: Set(serde_json::to_value(scores).expect("scores serialise")),
        cast_at: Set(now()),
    }
    .insert(tx.conn())
    .await
    .map_err(|e| {
        StoreError::from_insert(
            e,
            EntityKind::PanelBallot,
            format!("{panel}/{account}/{application}"),
        )
    })?;
    tx.record("panel_ballot.cast", None, Some(&model));
    model.try_into()
}

/// The ballots of a panel, by application and then member.
pub async fn ballots(reader: &impl Reader, panel: PanelId) -> Result<Vec<Ballot>> {
    panel_ballots::Entity::find()
        .filter(panel_ballots::Column::PanelId.eq(panel.0))
        .order_by_asc(panel_ballots::Column::ApplicationId)
        .order_by_asc(panel_ballots::Column::AccountId)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(Ballot::try_from)
        .collect()
}

/// Closes the panel: [`StoreError::Conflict`] if it is already closed. The `UPDATE` carries the
/// condition, so of two concurrent closings exactly one succeeds.
pub async fn close(tx: &Tx, panel: PanelId, closed_by: AccountId) -> Result<Panel> {
    close_once::<table::Entity>(
        tx,
        panel.0,
        table::Column::Id,
        table::Column::ClosedAt,
        "panel.close",
        |set| {
            set.closed_by = Set(Some(closed_by.0));
            set.closed_at = Set(Some(now()));
        },
    )
    .await?
    .try_into()
}

/// Every panel, newest first.
pub async fn all(reader: &impl Reader) -> Result<Vec<Panel>> {
    table::Entity::find()
        .order_by_desc(table::Column::Id)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(Panel::try_from)
        .collect()
}

/// The panels an expert sits on, newest first.
pub async fn of_member(reader: &impl Reader, account: AccountId) -> Result<Vec<Panel>> {
    let seats: Vec<i64> = panel_members::Entity::find()
        .filter(panel_members::Column::AccountId.eq(account.0))
        .all(reader.conn())
        .await?
        .into_iter()
        .map(|m| m.panel_id)
        .collect();
    table::Entity::find()
        .filter(table::Column::Id.is_in(seats))
        .order_by_desc(table::Column::Id)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(Panel::try_from)
        .collect()
}
