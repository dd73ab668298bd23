//! Titles (称号) and plaques an approved application confers, each with a numbered certificate
//! and a verification code the public can check; their revocation; and the bans on applying
//! again that a revocation may impose.
//!
//! A title is granted once per application (a unique key) and revoked once (a conditional
//! `UPDATE` on `revoked_at IS NULL`), so two officers acting at the same moment cannot both
//! succeed.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};

use crate::accounts::AccountId;
use crate::applications::ApplicationId;
use crate::entity::{bans, close_once, fetch, titles as table};
use crate::error::{Result, StoreError};
use crate::kind::EntityKind;
use crate::persons::PersonId;
use crate::programs::ProgramVersionId;
use crate::store::{Reader, Tx, now};
use crate::units::UnitId;

crate::id_type!(
    /// The id of a granted title.
    TitleId
);

crate::id_type!(
    /// The id of a ban on applying again.
    BanId
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTitle {
    pub application: ApplicationId,
    pub program_version: ProgramVersionId,
    pub person: Option<PersonId>,
    pub unit: Option<UnitId>,
    pub category: String,
    /// The title as written on the certificate, e.g. “大连工匠”.
    pub name: String,
    pub certificate_no: String,
    pub verification_code: String,
    pub granted_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub granted_by: AccountId,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revocation {
    pub on: NaiveDate,
    pub reason: String,
    pub citation: String,
    pub by: AccountId,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    pub id: TitleId,
    pub application: ApplicationId,
    pub program_version: ProgramVersionId,
    pub person: Option<PersonId>,
    pub unit: Option<UnitId>,
    pub category: String,
    pub name: String,
    pub certificate_no: String,
    pub verification_code: String,
    pub granted_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub granted_by: AccountId,
    pub revocation: Option<Revocation>,
}

impl Title {
    /// Held on `day`: granted by then, not past its validity, not revoked by then.
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.granted_on <= day
            && self.valid_until.is_none_or(|until| day <= until)
            && self.revocation.as_ref().is_none_or(|r| day < r.on)
    }
}

impl TryFrom<table::Model> for Title {
    type Error = StoreError;

    fn try_from(m: table::Model) -> Result<Self> {
        let revocation = match (
            m.revoked_on,
            m.revocation_reason,
            m.revocation_citation,
            m.revoked_by,
            m.revoked_at,
        ) {
            (None, None, None, None, None) => None,
            (Some(on), Some(reason), Some(citation), Some(by), Some(at)) => Some(Revocation {
                on,
                reason,
                citation,
                by: AccountId(by),
                at,
            }),
            _ => {
                return Err(StoreError::Corrupt {
                    what: "titles.revoked",
                });
            }
        };
        Ok(Self {
            id: TitleId(m.id),
            application: ApplicationId(m.application_id),
            program_version: ProgramVersionId(m.program_version_id),
            person: m.person_id.map(PersonId),
            unit: m.unit_id.map(UnitId),
            category: m.category,
            name: m.name,
            certificate_no: m.certificate_no,
            verification_code: m.verification_code,
            granted_on: m.granted_on,
            valid_until: m.valid_until,
            granted_by: AccountId(m.granted_by),
            revocation,
        })
    }
}

/// Grants a title. A second title for the same application, or a certificate number or
/// verification code already used, is [`StoreError::Duplicate`].
pub async fn grant(tx: &Tx, new: &NewTitle) -> Result<Title> {
    let model = table::ActiveModel {
        application_id: Set(new.application.0),
        program_version_id: Set(new.program_version.0),
        person_id: Set(new.person.map(|p| p.0)),
        unit_id: Set(new.unit.map(|u| u.0)),
        category: Set(new.category.clone()),
        name: Set(new.name.clone()),
        certificate_no: Set(new.certificate_no.clone()),
        verification_code: Set(new.verification_code.clone()),
        granted_on: Set(new.granted_on),
        valid_until: Set(new.valid_until),
        granted_by: Set(new.granted_by.0),
        granted_at: Set(now()),
        revoked_on: Set(None),
        revocation_reason: Set(None),
        revocation_citation: Set(None),
        revoked_by: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(tx.conn())
    .await
    .map_err(|e| {
        StoreError::from_insert(
            e,
            EntityKind::Title,
            format!("application {}", new.application),
        )
    })?;
    tx.record("title.grant", None, Some(&model));
    model.try_into()
}

pub async fn get(reader: &impl Reader, id: TitleId) -> Result<Title> {
    fetch::<table::Entity, _>(reader.conn(), id.0)
        .await?
        .try_into()
}

/// The title an application conferred, if any.
pub async fn of_application(
    reader: &impl Reader,
    application: ApplicationId,
) -> Result<Option<Title>> {
    table::Entity::find()
        .filter(table::Column::ApplicationId.eq(application.0))
        .one(reader.conn())
        .await?
        .map(Title::try_from)
        .transpose()
}

/// The title with this verification code, if any.
pub async fn by_verification_code(reader: &impl Reader, code: &str) -> Result<Option<Title>> {
    table::Entity::find()
        .filter(table::Column::VerificationCode.eq(code))
        .one(reader.conn())
        .await?
        .map(Title::try_from)
        .transpose()
}

/// Every title a person was granted, oldest first, revoked ones included.
pub async fn of_person(reader: &impl Reader, person: PersonId) -> Result<Vec<Title>> {
    table::Entity::find()
        .filter(table::Column::PersonId.eq(person.0))
        .order_by_asc(table::Column::Id)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(Title::try_from)
        .collect()
}

/// Every title granted under a program version, in the order granted.
pub async fn of_program_version(
    reader: &impl Reader,
    version: ProgramVersionId,
) -> Result<Vec<Title>> {
    table::Entity::find()
        .filter(table::Column::ProgramVersionId.eq(version.0))
        .order_by_asc(table::Column::Id)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(Title::try_from)
        .collect()
}

/// How many titles a program version has granted: the next certificate's sequence number is
/// one more. Counted inside the granting transaction; the unique certificate number makes a
/// concurrent grant with the same number fail rather than duplicate it.
pub async fn count_for_version(reader: &impl Reader, version: ProgramVersionId) -> Result<u64> {
    Ok(table::Entity::find()
        .filter(table::Column::ProgramVersionId.eq(version.0))
        .count(reader.conn())
        .await?)
}

/// Revokes a title once; a second revocation is [`StoreError::Conflict`].
pub async fn revoke(
    tx: &Tx,
    id: TitleId,
    on: NaiveDate,
    reason: &str,
    citation: &str,
    by: AccountId,
) -> Result<Title> {
    close_once::<table::Entity>(
        tx,
        id.0,
        table::Column::Id,
        table::Column::RevokedAt,
        "title.revoke",
        |m| {
            m.revoked_on = Set(Some(on));
            m.revocation_reason = Set(Some(reason.to_owned()));
            m.revocation_citation = Set(Some(citation.to_owned()));
            m.revoked_by = Set(Some(by.0));
            m.revoked_at = Set(Some(now()));
        },
    )
    .await?
    .try_into()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ban {
    pub id: BanId,
    pub person: PersonId,
    pub program_id: String,
    pub title: Option<TitleId>,
    pub reason: String,
    pub citation: String,
    pub created_by: AccountId,
}

impl From<bans::Model> for Ban {
    fn from(m: bans::Model) -> Self {
        Self {
            id: BanId(m.id),
            person: PersonId(m.person_id),
            program_id: m.program_id,
            title: m.title_id.map(TitleId),
            reason: m.reason,
            citation: m.citation,
            created_by: AccountId(m.created_by),
        }
    }
}

/// Bars a person from applying to a program again. Already barred is
/// [`StoreError::Duplicate`].
pub async fn ban(
    tx: &Tx,
    person: PersonId,
    program_id: &str,
    title: Option<TitleId>,
    reason: &str,
    citation: &str,
    by: AccountId,
) -> Result<Ban> {
    let model = bans::ActiveModel {
        person_id: Set(person.0),
        program_id: Set(program_id.to_owned()),
        title_id: Set(title.map(|t| t.0)),
        reason: Set(reason.to_owned()),
        citation: Set(citation.to_owned()),
        created_by: Set(by.0),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(tx.conn())
    .await
    .map_err(|e| StoreError::from_insert(e, EntityKind::Ban, format!("{person}/{program_id}")))?;
    tx.record("ban.impose", None, Some(&model));
    Ok(model.into())
}

/// The ban that bars a person from a program, if any.
pub async fn ban_of(
    reader: &impl Reader,
    person: PersonId,
    program_id: &str,
) -> Result<Option<Ban>> {
    Ok(bans::Entity::find()
        .filter(bans::Column::PersonId.eq(person.0))
        .filter(bans::Column::ProgramId.eq(program_id))
        .one(reader.conn())
        .await?
        .map(Ban::from))
}
