//! A unit's staff roster (职工名册): who works in the unit, in which post (工种) and at which
//! national skill level, since when, and for former staff until when.
//!
//! A member is a [`crate::persons`] person (found by ID number, or recorded when added), so the
//! roster and the applications a unit makes name the same person. One row per unit and person:
//! leaving closes the row, it is never deleted.

use chrono::{DateTime, NaiveDate, Utc};
use jiangxin_domain::skill::SkillLevel;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};

use crate::entity::{close_once, fetch, unit_staff as table};
use crate::error::{Result, StoreError, corrupt};
use crate::kind::EntityKind;
use crate::persons::{self, NewPerson, Person, PersonId};
use crate::store::{Reader, Tx, now};
use crate::units::UnitId;

crate::id_type!(
    /// The id of a staff record.
    StaffId
);

/// A staff member to add: the person as the unit knows them, and the post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStaff {
    pub unit: UnitId,
    pub person: NewPerson,
    pub post: String,
    pub skill_level: Option<SkillLevel>,
    pub joined_on: NaiveDate,
}

/// What an officer may change of a member: the post and the skill level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffChange {
    pub post: String,
    pub skill_level: Option<SkillLevel>,
}

/// A stored staff record with its person, decrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    pub id: StaffId,
    pub unit: UnitId,
    pub person: Person,
    pub post: String,
    pub skill_level: Option<SkillLevel>,
    pub joined_on: NaiveDate,
    /// Set once the member has left; `None` for current staff.
    pub left_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

async fn member(reader: &impl Reader, m: table::Model) -> Result<StaffMember> {
    Ok(StaffMember {
        id: StaffId(m.id),
        unit: UnitId(m.unit_id),
        person: persons::get(reader, PersonId(m.person_id)).await?,
        post: m.post,
        skill_level: m
            .skill_level
            .map(|level| SkillLevel::parse(&level))
            .transpose()
            .map_err(corrupt("unit_staff.skill_level"))?,
        joined_on: m.joined_on,
        left_on: m.left_on,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

fn level_text(level: Option<SkillLevel>) -> Option<String> {
    level.map(|l| l.name_zh().to_owned())
}

/// Adds a member, recording the person first when the ID number is not on record
/// ([`persons::find_or_insert`]). The same person twice in one unit is a
/// [`StoreError::Duplicate`].
pub async fn add(tx: &Tx, new: &NewStaff) -> Result<StaffMember> {
    let person = persons::find_or_insert(tx, &new.person).await?;
    let at = now();
    let model = table::ActiveModel {
        unit_id: Set(new.unit.0),
        person_id: Set(person.id.0),
        post: Set(new.post.clone()),
        skill_level: Set(level_text(new.skill_level)),
        joined_on: Set(new.joined_on),
        left_on: Set(None),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(tx.conn())
    .await
    .map_err(|e| StoreError::from_insert(e, EntityKind::UnitStaff, "unit_id, person_id"))?;
    tx.record("unit_staff.add", None, Some(&model));
    member(tx, model).await
}

pub async fn get(reader: &impl Reader, id: StaffId) -> Result<StaffMember> {
    let model = fetch::<table::Entity, _>(reader.conn(), id.0).await?;
    member(reader, model).await
}

/// A unit's roster: current staff first, then former staff, each by joining date.
pub async fn of_unit(reader: &impl Reader, unit: UnitId) -> Result<Vec<StaffMember>> {
    let mut rows = table::Entity::find()
        .filter(table::Column::UnitId.eq(unit.0))
        .order_by_asc(table::Column::JoinedOn)
        .order_by_asc(table::Column::Id)
        .all(reader.conn())
        .await?;
    // Stable, so each group keeps the joining order.
    rows.sort_by_key(|m| m.left_on.is_some());
    let mut roster = Vec::with_capacity(rows.len());
    for row in rows {
        roster.push(member(reader, row).await?);
    }
    Ok(roster)
}

/// Replaces a member's post and skill level.
pub async fn update(tx: &Tx, id: StaffId, change: &StaffChange) -> Result<StaffMember> {
    let before = fetch::<table::Entity, _>(tx.conn(), id.0).await?;
    let mut set = before.clone().into_active_model();
    set.post = Set(change.post.clone());
    set.skill_level = Set(level_text(change.skill_level));
    set.updated_at = Set(now());
    let after = set.update(tx.conn()).await?;
    tx.record("unit_staff.update", Some(&before), Some(&after));
    member(tx, after).await
}

/// Marks a member as having left on `on`, once: a leaving date before the joining date is
/// [`StoreError::LeftBeforeJoined`], a member who already left is [`StoreError::Conflict`].
pub async fn mark_left(tx: &Tx, id: StaffId, on: NaiveDate) -> Result<StaffMember> {
    let current = fetch::<table::Entity, _>(tx.conn(), id.0).await?;
    if on < current.joined_on {
        return Err(StoreError::LeftBeforeJoined {
            joined_on: current.joined_on,
        });
    }
    let after = close_once::<table::Entity>(
        tx,
        id.0,
        table::Column::Id,
        table::Column::LeftOn,
        "unit_staff.leave",
        |set| {
            set.left_on = Set(Some(on));
            set.updated_at = Set(now());
        },
    )
    .await?;
    member(tx, after).await
}
