//! Applications (申报): the program version they are judged under, who applies, where they
//! stand, the facts as declared and the eligibility result as evaluated.
//!
//! Stage, category, facts and decision are the workflow's values; the store keeps them as given.
//! Changes use optimistic concurrency: each carries the `row_version` the caller read, and a
//! change to a row that someone else changed in between is a [`StoreError::Conflict`].

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use serde_json::Value;

use crate::entity::{applications as table, fetch};
use crate::error::{Result, StoreError};
use crate::kind::EntityKind;
use crate::persons::PersonId;
use crate::programs::ProgramVersionId;
use crate::store::{Reader, Tx, now};
use crate::units::UnitId;

crate::id_type!(
    /// The id of an application.
    ApplicationId
);

/// An application to create. At least one of `applicant` and `unit` must be given.
#[derive(Debug, Clone, PartialEq)]
pub struct NewApplication {
    pub program_version: ProgramVersionId,
    pub category: String,
    pub applicant: Option<PersonId>,
    pub unit: Option<UnitId>,
    pub stage: String,
    pub facts: Value,
    pub decision: Option<Value>,
}

/// A stored application.
#[derive(Debug, Clone, PartialEq)]
pub struct Application {
    pub id: ApplicationId,
    pub program_version: ProgramVersionId,
    pub category: String,
    pub applicant: Option<PersonId>,
    pub unit: Option<UnitId>,
    pub stage: String,
    pub stage_entered_at: DateTime<Utc>,
    pub facts: Value,
    pub decision: Option<Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Raised by one on every change; pass it back to [`update`].
    pub row_version: i64,
}

impl From<table::Model> for Application {
    fn from(m: table::Model) -> Self {
        Self {
            id: ApplicationId(m.id),
            program_version: ProgramVersionId(m.program_version_id),
            category: m.category,
            applicant: m.applicant_person_id.map(PersonId),
            unit: m.unit_id.map(UnitId),
            stage: m.stage,
            stage_entered_at: m.stage_entered_at,
            facts: m.facts,
            decision: m.decision,
            created_at: m.created_at,
            updated_at: m.updated_at,
            row_version: m.row_version,
        }
    }
}

/// What to change in an application; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApplicationChange {
    /// A new stage; `stage_entered_at` becomes now.
    pub stage: Option<String>,
    pub facts: Option<Value>,
    pub decision: Option<Value>,
}

pub async fn insert(tx: &Tx, new: &NewApplication) -> Result<Application> {
    let at = now();
    let model = table::ActiveModel {
        program_version_id: Set(new.program_version.0),
        category: Set(new.category.clone()),
        applicant_person_id: Set(new.applicant.map(|p| p.0)),
        unit_id: Set(new.unit.map(|u| u.0)),
        stage: Set(new.stage.clone()),
        stage_entered_at: Set(at),
        facts: Set(new.facts.clone()),
        decision: Set(new.decision.clone()),
        created_at: Set(at),
        updated_at: Set(at),
        row_version: Set(1),
        ..Default::default()
    }
    .insert(tx.conn())
    .await?;
    tx.record("application.create", None, Some(&model));
    Ok(model.into())
}

pub async fn get(reader: &impl Reader, id: ApplicationId) -> Result<Application> {
    Ok(fetch::<table::Entity, _>(reader.conn(), id.0).await?.into())
}

/// The applications judged under one program version, oldest first.
pub async fn for_program_version(
    reader: &impl Reader,
    program_version: ProgramVersionId,
) -> Result<Vec<Application>> {
    Ok(table::Entity::find()
        .filter(table::Column::ProgramVersionId.eq(program_version.0))
        .order_by_asc(table::Column::Id)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(Application::from)
        .collect())
}

/// Applies `change` if the application is still at `expected_row_version`, else returns
/// [`StoreError::Conflict`] and changes nothing.
///
/// The `UPDATE` itself carries the condition, so two reviewers who read the same version cannot
/// both succeed: on PostgreSQL the second waits for the first's row lock and then finds the
/// version moved on; on SQLite write transactions run one at a time.
pub async fn update(
    tx: &Tx,
    id: ApplicationId,
    expected_row_version: i64,
    change: &ApplicationChange,
) -> Result<Application> {
    let conflict = || StoreError::Conflict {
        entity: EntityKind::Application,
        id: id.to_string(),
    };
    let before = fetch::<table::Entity, _>(tx.conn(), id.0).await?;
    if before.row_version != expected_row_version {
        return Err(conflict());
    }
    let at = now();
    let mut set = before.clone().into_active_model();
    if let Some(stage) = &change.stage {
        set.stage = Set(stage.clone());
        set.stage_entered_at = Set(at);
    }
    if let Some(facts) = &change.facts {
        set.facts = Set(facts.clone());
    }
    if let Some(decision) = &change.decision {
        set.decision = Set(Some(decision.clone()));
    }
    set.updated_at = Set(at);
    set.row_version = Set(expected_row_version + 1);
    let updated = table::Entity::update_many()
        .set(set)
        .filter(table::Column::Id.eq(id.0))
        .filter(table::Column::RowVersion.eq(expected_row_version))
        .exec(tx.conn())
        .await?;
    if updated.rows_affected != 1 {
        return Err(conflict());
    }
    let after = fetch::<table::Entity, _>(tx.conn(), id.0).await?;
    tx.record("application.update", Some(&before), Some(&after));
    Ok(after.into())
}
