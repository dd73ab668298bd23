//! Accounts and their roles.
//!
//! Passwords are not handled here yet: `password_hash` holds whatever the web layer's argon2
//! hashing produces, and is `None` for an account that cannot log in with a password.

use std::fmt;

use chrono::{DateTime, Utc};
use jiangxin_domain::division::DivisionCode;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};

use crate::entity::{account_persons, accounts as table, fetch};
use crate::error::{Result, StoreError, corrupt};
use crate::kind::EntityKind;
use crate::persons::PersonId;
use crate::store::{Reader, Tx, now};
use crate::units::UnitId;

crate::id_type!(
    /// The id of an account.
    AccountId
);

/// What an account may do. A district reviewer is scoped to one district and a unit officer
/// to one unit; the other roles have no scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// 单位经办人
    UnitOfficer,
    /// 个人申报人
    Individual,
    /// 区县审核人
    DistrictReviewer,
    /// 市级审核人
    CityReviewer,
    /// 评审专家
    Expert,
    /// 财务
    Finance,
    /// 系统管理员
    Admin,
}

impl Role {
    pub const ALL: [Self; 7] = [
        Self::UnitOfficer,
        Self::Individual,
        Self::DistrictReviewer,
        Self::CityReviewer,
        Self::Expert,
        Self::Finance,
        Self::Admin,
    ];

    /// The stored name, also written in the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::UnitOfficer => "unit_officer",
            Self::Individual => "individual",
            Self::DistrictReviewer => "district_reviewer",
            Self::CityReviewer => "city_reviewer",
            Self::Expert => "expert",
            Self::Finance => "finance",
            Self::Admin => "admin",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Self::UnitOfficer => "单位经办人",
            Self::Individual => "个人申报人",
            Self::DistrictReviewer => "区县审核人",
            Self::CityReviewer => "市级审核人",
            Self::Expert => "评审专家",
            Self::Finance => "财务",
            Self::Admin => "系统管理员",
        }
    }

    fn from_stored(text: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == text)
            .ok_or(StoreError::Corrupt {
                what: "accounts.role",
            })
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An account to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub login: String,
    pub password_hash: Option<String>,
    pub role: Role,
    /// Required for, and only for, a district reviewer.
    pub district: Option<DivisionCode>,
    /// Required for, and only for, a unit officer.
    pub unit: Option<UnitId>,
}

/// A stored account. `Debug` leaves out the password hash.
#[derive(Clone, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    pub login: String,
    pub password_hash: Option<String>,
    pub role: Role,
    pub district: Option<DivisionCode>,
    pub unit: Option<UnitId>,
    pub locked_until: Option<DateTime<Utc>>,
    pub failed_logins: i32,
    pub created_at: DateTime<Utc>,
}

impl fmt::Debug for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Account")
            .field("id", &self.id)
            .field("login", &self.login)
            .field("role", &self.role)
            .field("district", &self.district)
            .field("unit", &self.unit)
            .field("locked_until", &self.locked_until)
            .field("failed_logins", &self.failed_logins)
            .finish_non_exhaustive()
    }
}

impl TryFrom<table::Model> for Account {
    type Error = StoreError;

    fn try_from(m: table::Model) -> Result<Self> {
        Ok(Self {
            id: AccountId(m.id),
            login: m.login,
            password_hash: m.password_hash,
            role: Role::from_stored(&m.role)?,
            district: m
                .district_code
                .map(|d| DivisionCode::parse(&d))
                .transpose()
                .map_err(corrupt("accounts.district_code"))?,
            unit: m.unit_id.map(UnitId),
            locked_until: m.locked_until,
            failed_logins: m.failed_logins,
            created_at: m.created_at,
        })
    }
}

/// Refuses a scope that does not fit the role (see [`NewAccount`]); the database checks the
/// same, but this says which rule was broken.
fn check_scope(role: Role, district: Option<&DivisionCode>, unit: Option<UnitId>) -> Result<()> {
    match (role, district, unit) {
        (Role::DistrictReviewer, None, _) => Err(StoreError::AccountScope(
            "区县审核人须指定区县（a district reviewer needs a district）",
        )),
        (role, Some(_), _) if role != Role::DistrictReviewer => Err(StoreError::AccountScope(
            "只有区县审核人有区县范围（only a district reviewer has a district）",
        )),
        (Role::UnitOfficer, _, None) => Err(StoreError::AccountScope(
            "单位经办人须指定单位（a unit officer needs a unit）",
        )),
        (role, _, Some(_)) if role != Role::UnitOfficer => Err(StoreError::AccountScope(
            "只有单位经办人属于单位（only a unit officer belongs to a unit）",
        )),
        _ => Ok(()),
    }
}

/// Creates an account with a scope that fits its role.
pub async fn insert(tx: &Tx, new: &NewAccount) -> Result<Account> {
    check_scope(new.role, new.district.as_ref(), new.unit)?;
    let model = table::ActiveModel {
        login: Set(new.login.clone()),
        password_hash: Set(new.password_hash.clone()),
        role: Set(new.role.as_str().to_owned()),
        district_code: Set(new.district.as_ref().map(|d| d.as_str().to_owned())),
        unit_id: Set(new.unit.map(|u| u.0)),
        locked_until: Set(None),
        failed_logins: Set(0),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(tx.conn())
    .await
    // The key names the column, not the login, which may be a phone number.
    .map_err(|e| StoreError::from_insert(e, EntityKind::Account, "login"))?;
    tx.record("account.create", None, Some(&model));
    model.try_into()
}

pub async fn get(reader: &impl Reader, id: AccountId) -> Result<Account> {
    fetch::<table::Entity, _>(reader.conn(), id.0)
        .await?
        .try_into()
}

pub async fn find_by_login(reader: &impl Reader, login: &str) -> Result<Option<Account>> {
    table::Entity::find()
        .filter(table::Column::Login.eq(login))
        .one(reader.conn())
        .await?
        .map(Account::try_from)
        .transpose()
}

/// Records that an individual's account acts for `person`: the person whose applications it may
/// see and sign. Only an individual's account has a person, and each person at most one account.
pub async fn link_person(tx: &Tx, account: AccountId, person: PersonId) -> Result<()> {
    if get(tx, account).await?.role != Role::Individual {
        return Err(StoreError::AccountScope(
            "只有个人申报人账户对应人员（only an individual's account acts for a person）",
        ));
    }
    let model = account_persons::ActiveModel {
        account_id: Set(account.0),
        person_id: Set(person.0),
        created_at: Set(now()),
    }
    .insert(tx.conn())
    .await
    .map_err(|e| StoreError::from_insert(e, EntityKind::AccountPerson, account.to_string()))?;
    tx.record("account.link_person", None, Some(&model));
    Ok(())
}

/// The person an individual's account acts for, if it has been linked to one.
pub async fn person_of(reader: &impl Reader, account: AccountId) -> Result<Option<PersonId>> {
    Ok(account_persons::Entity::find_by_id(account.0)
        .one(reader.conn())
        .await?
        .map(|m| PersonId(m.person_id)))
}

/// Every account, in the order they were created.
pub async fn list(reader: &impl Reader) -> Result<Vec<Account>> {
    table::Entity::find()
        .order_by_asc(table::Column::Id)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(Account::try_from)
        .collect()
}

/// Gives an account another role and the scope that goes with it (a district for a district
/// reviewer, a unit for a unit officer).
pub async fn reassign(
    tx: &Tx,
    id: AccountId,
    role: Role,
    district: Option<&DivisionCode>,
    unit: Option<UnitId>,
) -> Result<Account> {
    check_scope(role, district, unit)?;
    let before = fetch::<table::Entity, _>(tx.conn(), id.0).await?;
    let mut set = before.clone().into_active_model();
    set.role = Set(role.as_str().to_owned());
    set.district_code = Set(district.map(|d| d.as_str().to_owned()));
    set.unit_id = Set(unit.map(|u| u.0));
    let after = set.update(tx.conn()).await?;
    tx.record("account.reassign", Some(&before), Some(&after));
    after.try_into()
}
