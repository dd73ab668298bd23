//! Units' recommendations (推荐): the rank a unit gives each candidate it puts forward, the
//! unit-internal notice that preceded it where a program asks for one, and the reason recorded
//! when a unit recommends more candidates than a soft cap allows.
//!
//! One recommendation per application; within one program version a unit gives each rank once
//! (the unique index says so, so two officers of one unit cannot both take rank 1).

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::accounts::AccountId;
use crate::applications::ApplicationId;
use crate::entity::recommendations as table;
use crate::error::{Result, StoreError};
use crate::kind::EntityKind;
use crate::programs::ProgramVersionId;
use crate::store::{Reader, Tx, now};
use crate::units::UnitId;

/// The unit-internal notice a recommendation followed: published on one day, its period ending
/// on another, signed by so many staff representatives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitNotice {
    pub published_on: NaiveDate,
    pub last_day: NaiveDate,
    pub staff_representatives: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRecommendation {
    pub application: ApplicationId,
    pub program_version: ProgramVersionId,
    pub unit: UnitId,
    /// 1 for the unit's first choice.
    pub rank: u32,
    pub notice: Option<UnitNotice>,
    pub over_cap_reason: Option<String>,
    pub recommended_by: AccountId,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recommendation {
    pub application: ApplicationId,
    pub program_version: ProgramVersionId,
    pub unit: UnitId,
    pub rank: u32,
    pub notice: Option<UnitNotice>,
    pub over_cap_reason: Option<String>,
    pub recommended_by: AccountId,
    pub recommended_at: DateTime<Utc>,
}

impl TryFrom<table::Model> for Recommendation {
    type Error = StoreError;

    fn try_from(m: table::Model) -> Result<Self> {
        let corrupt = |what| StoreError::Corrupt { what };
        let notice = match (m.notice_published_on, m.notice_last_day) {
            (Some(published_on), Some(last_day)) => Some(UnitNotice {
                published_on,
                last_day,
                staff_representatives: m
                    .staff_representatives
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or(corrupt("recommendations.staff_representatives"))?,
            }),
            _ => None,
        };
        Ok(Self {
            application: ApplicationId(m.application_id),
            program_version: ProgramVersionId(m.program_version_id),
            unit: UnitId(m.unit_id),
            rank: u32::try_from(m.unit_rank).map_err(|_| corrupt("recommendations.unit_rank"))?,
            notice,
            over_cap_reason: m.over_cap_reason,
            recommended_by: AccountId(m.recommended_by),
            recommended_at: m.recommended_at,
        })
    }
}

/// Records a recommendation: [`StoreError::Duplicate`] when the application was already
/// recommended or the unit already gave this rank.
pub async fn insert(tx: &Tx, new: &NewRecommendation) -> Result<Recommendation> {
    let to_i32 = |n: u32, what| i32::try_from(n).map_err(|_| StoreError::Corrupt { what });
    let model = table::ActiveModel {
        application_id: Set(new.application.0),
        program_version_id: Set(new.program_version.0),
        unit_id: Set(new.unit.0),
        unit_rank: Set(to_i32(new.rank, "recommendations.unit_rank")?),
        notice_published_on: Set(new.notice.map(|n| n.published_on)),
        notice_last_day: Set(new.notice.map(|n| n.last_day)),
        staff_representatives: Set(new
            .notice
            .map(|n| {
                to_i32(
                    n.staff_representatives,
                    "recommendations.staff_representatives",
                )
            })
            .transpose()?),
        over_cap_reason: Set(new.over_cap_reason.clone()),
        recommended_by: Set(new.recommended_by.0),
        recommended_at: Set(now()),
    }
    .insert(tx.conn())
    .await
    .map_err(|e| {
        StoreError::from_insert(
            e,
            EntityKind::Recommendation,
            format!("{} {}", new.unit, new.rank),
        )
    })?;
    tx.record("recommendation.create", None, Some(&model));
    model.try_into()
}

pub async fn get(
    reader: &impl Reader,
    application: ApplicationId,
) -> Result<Option<Recommendation>> {
    table::Entity::find_by_id(application.0)
        .one(reader.conn())
        .await?
        .map(Recommendation::try_from)
        .transpose()
}

/// A unit's recommendations under one program version, by rank.
pub async fn for_unit(
    reader: &impl Reader,
    program_version: ProgramVersionId,
    unit: UnitId,
) -> Result<Vec<Recommendation>> {
    table::Entity::find()
        .filter(table::Column::ProgramVersionId.eq(program_version.0))
        .filter(table::Column::UnitId.eq(unit.0))
        .order_by_asc(table::Column::UnitRank)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(Recommendation::try_from)
        .collect()
}
