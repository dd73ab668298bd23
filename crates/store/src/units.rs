//! Units (单位) and their credit flags with dated evidence.

use chrono::{DateTime, NaiveDate, Utc};
use jiangxin_domain::credit_code::CreditCode;
use jiangxin_domain::division::DivisionCode;
use jiangxin_domain::industry::EnterpriseClass;
use jiangxin_domain::unit::UnitType;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::digest::Digest;
use crate::entity::{fetch, unit_credit_flags, units as table};
use crate::error::{Result, StoreError, corrupt};
use crate::kind::EntityKind;
use crate::store::{Reader, Tx, now};

crate::id_type!(
    /// The id of a unit.
    UnitId
);

crate::id_type!(
    /// The id of a credit flag.
    CreditFlagId
);

/// A unit to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUnit {
    pub credit_code: CreditCode,
    pub name: String,
    pub unit_type: UnitType,
    /// Only enterprises have one (驻连中央企业 / 驻连省属企业 / 市属及以下).
    pub enterprise_class: Option<EnterpriseClass>,
    /// The district (区县) the unit belongs to for review.
    pub district: DivisionCode,
}

/// A stored unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: UnitId,
    pub credit_code: CreditCode,
    pub name: String,
    pub unit_type: UnitType,
    pub enterprise_class: Option<EnterpriseClass>,
    pub district: DivisionCode,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<table::Model> for Unit {
    type Error = StoreError;

    fn try_from(m: table::Model) -> Result<Self> {
        Ok(Self {
            id: UnitId(m.id),
            credit_code: CreditCode::parse(&m.credit_code).map_err(corrupt("units.credit_code"))?,
            name: m.name,
            unit_type: UnitType::parse(&m.unit_type).map_err(corrupt("units.unit_type"))?,
            enterprise_class: m
                .enterprise_class
                .map(|c| EnterpriseClass::parse(&c))
                .transpose()
                .map_err(corrupt("units.enterprise_class"))?,
            district: DivisionCode::parse(&m.district_code)
                .map_err(corrupt("units.district_code"))?,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

/// Creates a unit; a second unit with the same credit code is a [`StoreError::Duplicate`].
pub async fn insert(tx: &Tx, new: &NewUnit) -> Result<Unit> {
    let at = now();
    let model = table::ActiveModel {
        credit_code: Set(new.credit_code.as_str().to_owned()),
        name: Set(new.name.clone()),
        unit_type: Set(new.unit_type.name_zh().to_owned()),
        enterprise_class: Set(new.enterprise_class.map(|c| c.name_zh().to_owned())),
        district_code: Set(new.district.as_str().to_owned()),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(tx.conn())
    .await
    .map_err(|e| StoreError::from_insert(e, EntityKind::Unit, new.credit_code.as_str()))?;
    tx.record("unit.create", None, Some(&model));
    model.try_into()
}

pub async fn get(reader: &impl Reader, id: UnitId) -> Result<Unit> {
    fetch::<table::Entity, _>(reader.conn(), id.0)
        .await?
        .try_into()
}

pub async fn find_by_credit_code(reader: &impl Reader, code: &CreditCode) -> Result<Option<Unit>> {
    table::Entity::find()
        .filter(table::Column::CreditCode.eq(code.as_str()))
        .one(reader.conn())
        .await?
        .map(Unit::try_from)
        .transpose()
}

/// The adverse credit records that the programs ask about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CreditFlagKind {
    /// 失信被执行人
    DishonestDebtor,
    /// 被立案调查
    UnderInvestigation,
    /// 列入经营异常名录
    AbnormalOperation,
}

impl CreditFlagKind {
    pub const ALL: [Self; 3] = [
        Self::DishonestDebtor,
        Self::UnderInvestigation,
        Self::AbnormalOperation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::DishonestDebtor => "dishonest_debtor",
            Self::UnderInvestigation => "under_investigation",
            Self::AbnormalOperation => "abnormal_operation",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Self::DishonestDebtor => "失信被执行人",
            Self::UnderInvestigation => "被立案调查",
            Self::AbnormalOperation => "列入经营异常名录",
        }
    }
}

/// A credit flag to record against a unit: what, since when, according to whom, and the
/// attachment that shows it (a screenshot or letter), if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCreditFlag {
    pub kind: CreditFlagKind,
    pub noted_on: NaiveDate,
    pub cleared_on: Option<NaiveDate>,
    /// Where it was found, e.g. 信用中国 or a court's letter.
    pub source: String,
    pub evidence: Option<Digest>,
}

/// A stored credit flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditFlag {
    pub id: CreditFlagId,
    pub unit: UnitId,
    pub kind: CreditFlagKind,
    pub noted_on: NaiveDate,
    pub cleared_on: Option<NaiveDate>,
    pub source: String,
    pub evidence: Option<Digest>,
    pub created_at: DateTime<Utc>,
}

impl CreditFlag {
    /// Whether the flag was on record on `day`: noted on or before it and not cleared by then.
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.noted_on <= day && self.cleared_on.is_none_or(|cleared| day < cleared)
    }
}

impl TryFrom<unit_credit_flags::Model> for CreditFlag {
    type Error = StoreError;

    fn try_from(m: unit_credit_flags::Model) -> Result<Self> {
        Ok(Self {
            id: CreditFlagId(m.id),
            unit: UnitId(m.unit_id),
            kind: CreditFlagKind::ALL
                .into_iter()
                .find(|k| k.as_str() == m.kind)
                .ok_or(StoreError::Corrupt {
                    what: "unit_credit_flags.kind",
                })?,
            noted_on: m.noted_on,
            cleared_on: m.cleared_on,
            source: m.source,
            evidence: m
                .evidence_sha256
                .map(|d| Digest::from_stored(&d, "unit_credit_flags.evidence_sha256"))
                .transpose()?,
            created_at: m.created_at,
        })
    }
}

/// Records a credit flag against a unit. The evidence, if given, must already be stored as an
/// attachment.
pub async fn add_credit_flag(tx: &Tx, unit: UnitId, new: &NewCreditFlag) -> Result<CreditFlag> {
    let model = unit_credit_flags::ActiveModel {
        unit_id: Set(unit.0),
        kind: Set(new.kind.as_str().to_owned()),
        noted_on: Set(new.noted_on),
        cleared_on: Set(new.cleared_on),
        source: Set(new.source.clone()),
        evidence_sha256: Set(new.evidence.map(|d| d.to_hex())),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(tx.conn())
    .await?;
    tx.record("unit.credit_flag.add", None, Some(&model));
    model.try_into()
}

/// A unit's credit flags, oldest first.
pub async fn credit_flags(reader: &impl Reader, unit: UnitId) -> Result<Vec<CreditFlag>> {
    unit_credit_flags::Entity::find()
        .filter(unit_credit_flags::Column::UnitId.eq(unit.0))
        .order_by_asc(unit_credit_flags::Column::NotedOn)
        .order_by_asc(unit_credit_flags::Column::Id)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(CreditFlag::try_from)
        .collect()
}
