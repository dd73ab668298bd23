//! The talent registry (技能人才名册): one row per person, upserted by ID number each time the
//! bureau imports a registry, with the registry's columns as facts in the `--facts` JSON shape.
//!
//! The ID number is sealed, and looked up by the same keyed hash as [`crate::persons`] (same
//! field label): a registry row and a person on record with the same number share the hash, so
//! the two are matched without decrypting either. Gender and birth date are read from the number
//! when the row is created; the name and facts are replaced by a later import.

use chrono::{DateTime, NaiveDate, Utc};
use jiangxin_domain::id_number::{Gender, ResidentId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::Value;

use crate::crypto::{Crypto, Field};
use crate::entity::{fetch, talents as table};
use crate::error::{Result, StoreError, corrupt};
use crate::kind::EntityKind;
use crate::store::{Reader, Tx, now};

crate::id_type!(
    /// The id of a registry row.
    TalentId
);

/// A registry row as imported.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTalent {
    pub id_number: ResidentId,
    pub name: Option<String>,
    /// The registry's facts, in the `--facts` JSON shape, without the ID number.
    pub facts: Value,
    /// Where the row came from (the file imported), for whoever asks later.
    pub source: String,
}

/// A stored registry row, decrypted. `Debug` masks the ID number (the domain type does).
#[derive(Debug, Clone, PartialEq)]
pub struct Talent {
    pub id: TalentId,
    pub id_number: ResidentId,
    pub name: Option<String>,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub facts: Value,
    pub source: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted {
    Created,
    /// The name or facts changed.
    Updated,
    /// The row already said exactly this: nothing was written.
    Unchanged,
}

fn decrypt(crypto: &Crypto, m: table::Model) -> Result<Talent> {
    let id_number = crypto.open(Field::TalentIdNumber, &m.id_number_sealed)?;
    Ok(Talent {
        id: TalentId(m.id),
        id_number: ResidentId::parse(&id_number).map_err(corrupt("talents.id_number"))?,
        name: m.name,
        gender: Gender::parse(&m.gender).map_err(corrupt("talents.gender"))?,
        birth_date: m.birth_date,
        facts: m.facts,
        source: m.source,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

fn hash(crypto: &Crypto, id_number: &ResidentId) -> Vec<u8> {
    crypto.lookup_hash(Field::PersonIdNumber, id_number.as_str())
}

/// Creates the person's row, or replaces its name, facts and source when they differ.
pub async fn upsert(tx: &Tx, new: &NewTalent) -> Result<Upserted> {
    let crypto = tx.crypto();
    let key = hash(crypto, &new.id_number);
    let existing = table::Entity::find()
        .filter(table::Column::IdNumberHash.eq(key.clone()))
        .one(tx.conn())
        .await?;
    let at = now();
    match existing {
        None => {
            let model = table::ActiveModel {
                id_number_sealed: Set(crypto.seal(Field::TalentIdNumber, new.id_number.as_str())),
                id_number_hash: Set(key),
                name: Set(new.name.clone()),
                gender: Set(new.id_number.gender().as_str().to_owned()),
                birth_date: Set(new.id_number.birth_date()),
                facts: Set(new.facts.clone()),
                source: Set(new.source.clone()),
                created_at: Set(at),
                updated_at: Set(at),
                ..Default::default()
            }
            .insert(tx.conn())
            .await
            .map_err(|e| StoreError::from_insert(e, EntityKind::Talent, "id_number"))?;
            tx.record("talent.create", None, Some(&model));
            Ok(Upserted::Created)
        }
        Some(before) if before.name == new.name && before.facts == new.facts => {
            Ok(Upserted::Unchanged)
        }
        Some(before) => {
            let mut change = before.clone().into_active_model();
            change.name = Set(new.name.clone());
            change.facts = Set(new.facts.clone());
            change.source = Set(new.source.clone());
            change.updated_at = Set(at);
            let after = change.update(tx.conn()).await?;
            tx.record("talent.update", Some(&before), Some(&after));
            Ok(Upserted::Updated)
        }
    }
}

pub async fn get(reader: &impl Reader, id: TalentId) -> Result<Talent> {
    let model = fetch::<table::Entity, _>(reader.conn(), id.0).await?;
    decrypt(reader.crypto(), model)
}

/// Finds a person's row by ID number through the keyed hash.
pub async fn find_by_id_number(
    reader: &impl Reader,
    id_number: &ResidentId,
) -> Result<Option<Talent>> {
    table::Entity::find()
        .filter(table::Column::IdNumberHash.eq(hash(reader.crypto(), id_number)))
        .one(reader.conn())
        .await?
        .map(|m| decrypt(reader.crypto(), m))
        .transpose()
}

/// How many people the registry holds.
pub async fn count(reader: &impl Reader) -> Result<u64> {
    Ok(table::Entity::find().count(reader.conn()).await?)
}

/// The facts of up to `limit` rows after `after` (from the first with `None`), by id: for
/// reports that read the whole registry a page at a time and need no ID number.
pub async fn facts_page(
    reader: &impl Reader,
    after: Option<TalentId>,
    limit: u64,
) -> Result<Vec<(TalentId, Value)>> {
    let mut query = table::Entity::find()
        .select_only()
        .column(table::Column::Id)
        .column(table::Column::Facts)
        .order_by_asc(table::Column::Id)
        .limit(limit);
    if let Some(after) = after {
        query = query.filter(table::Column::Id.gt(after.0));
    }
    Ok(query
        .into_tuple::<(i64, Value)>()
        .all(reader.conn())
        .await?
        .into_iter()
        .map(|(id, facts)| (TalentId(id), facts))
        .collect())
}
