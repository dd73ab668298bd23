//! Program versions: a program file as it was loaded, kept whole and never changed, so that an
//! application judged under it can be judged again, and explained, years later.
//!
//! There is deliberately no update or delete: a corrected notice is a new version.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::digest::Digest;
use crate::entity::{fetch, program_versions as table};
use crate::error::{Result, StoreError};
use crate::kind::EntityKind;
use crate::store::{Reader, Tx, now};

crate::id_type!(
    /// The id of a loaded program version.
    ProgramVersionId
);

/// A loaded program file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramVersion {
    pub id: ProgramVersionId,
    /// The program's `[program] id`, e.g. `dalian-high-skill-2021`.
    pub program_id: String,
    /// The program's `[program] version`, e.g. `2021.1`.
    pub version: String,
    /// SHA-256 of `source`.
    pub sha256: Digest,
    /// The program file's text, exactly as loaded.
    pub source: String,
    pub loaded_at: DateTime<Utc>,
}

impl TryFrom<table::Model> for ProgramVersion {
    type Error = StoreError;

    fn try_from(m: table::Model) -> Result<Self> {
        Ok(Self {
            id: ProgramVersionId(m.id),
            sha256: Digest::from_stored(&m.sha256, "program_versions.sha256")?,
            program_id: m.program_id,
            version: m.version,
            source: m.source,
            loaded_at: m.loaded_at,
        })
    }
}

/// The result of [`load`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    pub program: ProgramVersion,
    /// False when the same text was already loaded under this id and version.
    pub is_new: bool,
}

/// Loads a program file's text as `program_id` version `version`. Loading the same text again
/// returns the stored version; loading different text under a version already loaded is
/// [`StoreError::ProgramVersionChanged`], because applications may have been judged under it.
pub async fn load(tx: &Tx, program_id: &str, version: &str, source: &str) -> Result<Loaded> {
    let sha256 = Digest::of(source.as_bytes());
    if let Some(existing) = find(tx, program_id, version).await? {
        return if existing.sha256 == sha256 {
            Ok(Loaded {
                program: existing,
                is_new: false,
            })
        } else {
            Err(StoreError::ProgramVersionChanged {
                program_id: program_id.to_owned(),
                version: version.to_owned(),
            })
        };
    }
    let model = table::ActiveModel {
        program_id: Set(program_id.to_owned()),
        version: Set(version.to_owned()),
        sha256: Set(sha256.to_hex()),
        source: Set(source.to_owned()),
        loaded_at: Set(now()),
        ..Default::default()
    }
    .insert(tx.conn())
    .await
    .map_err(|e| {
        StoreError::from_insert(
            e,
            EntityKind::ProgramVersion,
            format!("{program_id} {version}"),
        )
    })?;
    tx.record("program_version.load", None, Some(&model));
    Ok(Loaded {
        program: model.try_into()?,
        is_new: true,
    })
}

pub async fn get(reader: &impl Reader, id: ProgramVersionId) -> Result<ProgramVersion> {
    fetch::<table::Entity, _>(reader.conn(), id.0)
        .await?
        .try_into()
}

pub async fn find(
    reader: &impl Reader,
    program_id: &str,
    version: &str,
) -> Result<Option<ProgramVersion>> {
    table::Entity::find()
        .filter(table::Column::ProgramId.eq(program_id))
        .filter(table::Column::Version.eq(version))
        .one(reader.conn())
        .await?
        .map(ProgramVersion::try_from)
        .transpose()
}

/// Every loaded version, by program id, then in the order loaded.
pub async fn list(reader: &impl Reader) -> Result<Vec<ProgramVersion>> {
    table::Entity::find()
        .order_by_asc(table::Column::ProgramId)
        .order_by_asc(table::Column::Id)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(ProgramVersion::try_from)
        .collect()
}
