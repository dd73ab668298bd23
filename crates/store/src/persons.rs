//! Persons (人员): the ID number and phone are stored encrypted, with a keyed hash of the ID
//! number for look-ups (see [`crate::crypto`]).
//!
//! Gender and birth date are read from the ID number when the person is created, so they cannot
//! disagree with it; they are kept in clear because reviews filter and sort by them.

use chrono::{DateTime, NaiveDate, Utc};
use jiangxin_domain::id_number::{Gender, ResidentId};
use jiangxin_domain::phone::Phone;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
};

use crate::crypto::{Crypto, Field};
use crate::entity::{fetch, persons as table};
use crate::error::{Result, StoreError, corrupt};
use crate::kind::EntityKind;
use crate::store::{Reader, Tx, now};

crate::id_type!(
    /// The id of a person.
    PersonId
);

/// A person to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPerson {
    pub id_number: ResidentId,
    pub name: String,
    pub phone: Option<Phone>,
}

/// A stored person, decrypted. `Debug` masks the ID number and phone (the domain types do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: PersonId,
    pub id_number: ResidentId,
    pub name: String,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub phone: Option<Phone>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn decrypt(crypto: &Crypto, m: table::Model) -> Result<Person> {
    let id_number = crypto.open(Field::PersonIdNumber, &m.id_number_sealed)?;
    let phone = m
        .phone_sealed
        .map(|sealed| crypto.open(Field::PersonPhone, &sealed))
        .transpose()?;
    Ok(Person {
        id: PersonId(m.id),
        id_number: ResidentId::parse(&id_number).map_err(corrupt("persons.id_number"))?,
        name: m.name,
        gender: Gender::parse(&m.gender).map_err(corrupt("persons.gender"))?,
        birth_date: m.birth_date,
        phone: phone
            .map(|p| Phone::parse(&p))
            .transpose()
            .map_err(corrupt("persons.phone"))?,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// Creates a person; a second person with the same ID number is a [`StoreError::Duplicate`]
/// that does not repeat the number.
pub async fn insert(tx: &Tx, new: &NewPerson) -> Result<Person> {
    let crypto = tx.crypto();
    let id_number = new.id_number.as_str();
    let at = now();
    let model = table::ActiveModel {
        id_number_sealed: Set(crypto.seal(Field::PersonIdNumber, id_number)),
        id_number_hash: Set(crypto.lookup_hash(Field::PersonIdNumber, id_number)),
        name: Set(new.name.clone()),
        gender: Set(new.id_number.gender().as_str().to_owned()),
        birth_date: Set(new.id_number.birth_date()),
        phone_sealed: Set(new
            .phone
            .as_ref()
            .map(|p| crypto.seal(Field::PersonPhone, &p.to_string()))),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(tx.conn())
    .await
    .map_err(|e| StoreError::from_insert(e, EntityKind::Person, "id_number"))?;
    tx.record("person.create", None, Some(&model));
    decrypt(crypto, model)
}

pub async fn get(reader: &impl Reader, id: PersonId) -> Result<Person> {
    let model = fetch::<table::Entity, _>(reader.conn(), id.0).await?;
    decrypt(reader.crypto(), model)
}

/// Finds a person by ID number through its keyed hash; the number itself never reaches the
/// database.
pub async fn find_by_id_number(
    reader: &impl Reader,
    id_number: &ResidentId,
) -> Result<Option<Person>> {
    let hash = reader
        .crypto()
        .lookup_hash(Field::PersonIdNumber, id_number.as_str());
    table::Entity::find()
        .filter(table::Column::IdNumberHash.eq(hash))
        .one(reader.conn())
        .await?
        .map(|m| decrypt(reader.crypto(), m))
        .transpose()
}

/// Replaces a person's phone number (or removes it with `None`).
pub async fn set_phone(tx: &Tx, id: PersonId, phone: Option<&Phone>) -> Result<Person> {
    let before = fetch::<table::Entity, _>(tx.conn(), id.0).await?;
    let mut change = before.clone().into_active_model();
    change.phone_sealed = Set(phone.map(|p| tx.crypto().seal(Field::PersonPhone, &p.to_string())));
    change.updated_at = Set(now());
    let after = change.update(tx.conn()).await?;
    tx.record("person.set_phone", Some(&before), Some(&after));
    decrypt(tx.crypto(), after)
}

/// The person on record with this ID number, or a new one recorded from `new`. A person on
/// record under another name is [`StoreError::NameDiffers`]: a mistyped number must not attach
/// someone else's record; the phone on record is kept.
pub async fn find_or_insert(tx: &Tx, new: &NewPerson) -> Result<Person> {
    match find_by_id_number(tx, &new.id_number).await? {
        Some(known) if known.name == new.name => Ok(known),
        Some(_) => Err(StoreError::NameDiffers),
        None => insert(tx, new).await,
    }
}
