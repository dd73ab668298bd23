//! Values of the parameters a notice leaves to the bureau (`set_by = "officer"`), per program
//! version, each with its source and the account that set it.
//!
//! Append-only: setting a parameter again is a new record and the latest is in force, so that
//! the value any decision was made with stays on record. The store keeps the value as text;
//! the workflow checks it against the parameter's unit before it is stored.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::accounts::AccountId;
use crate::entity::parameter_values as table;
use crate::error::Result;
use crate::programs::ProgramVersionId;
use crate::store::{Reader, Tx, now};

crate::id_type!(
    /// The id of one setting of a parameter.
    ParameterValueId
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewParameterValue {
    pub program_version: ProgramVersionId,
    /// The parameter's id in the program file.
    pub parameter: String,
    /// The value as the program files write it (`100000`, `2/3`, `2021-01-01`).
    pub value: String,
    /// Where the value comes from: a meeting's minutes, a later notice.
    pub source: String,
    pub set_by: AccountId,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterValue {
    pub id: ParameterValueId,
    pub program_version: ProgramVersionId,
    pub parameter: String,
    pub value: String,
    pub source: String,
    pub set_by: AccountId,
    pub set_at: DateTime<Utc>,
}

impl From<table::Model> for ParameterValue {
    fn from(m: table::Model) -> Self {
        Self {
            id: ParameterValueId(m.id),
            program_version: ProgramVersionId(m.program_version_id),
            parameter: m.parameter,
            value: m.value,
            source: m.source,
            set_by: AccountId(m.set_by),
            set_at: m.set_at,
        }
    }
}

pub async fn insert(tx: &Tx, new: &NewParameterValue) -> Result<ParameterValue> {
    let model = table::ActiveModel {
        program_version_id: Set(new.program_version.0),
        parameter: Set(new.parameter.clone()),
        value: Set(new.value.clone()),
        source: Set(new.source.clone()),
        set_by: Set(new.set_by.0),
        set_at: Set(now()),
        ..Default::default()
    }
    .insert(tx.conn())
    .await?;
    tx.record("parameter_value.set", None, Some(&model));
    Ok(model.into())
}

/// The value in force for each parameter set under a program version (the latest setting of
/// each), by parameter id.
pub async fn in_force(
    reader: &impl Reader,
    program_version: ProgramVersionId,
) -> Result<Vec<ParameterValue>> {
    let all = table::Entity::find()
        .filter(table::Column::ProgramVersionId.eq(program_version.0))
        .order_by_asc(table::Column::Parameter)
        .order_by_desc(table::Column::Id)
        .all(reader.conn())
        .await?;
    let mut latest: Vec<ParameterValue> = Vec::new();
    for model in all {
        if latest.last().is_none_or(|l| l.parameter != model.parameter) {
            latest.push(model.into());
        }
    }
    Ok(latest)
}
