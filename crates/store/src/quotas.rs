//! Quotas (名额): a pool of places per program version and scope, and the applications holding
//! them.
//!
//! # Why two reviewers cannot both take the last place
//!
//! [`claim`] first runs `UPDATE quota_pools SET claimed = claimed + 1 WHERE id = ? AND claimed <
//! capacity` and only inserts the claim if that changed a row.
//!
//! * PostgreSQL: the `UPDATE` locks the pool's row. A second claimer's `UPDATE` waits for that
//!   lock; when the first commits, PostgreSQL re-reads the row (READ COMMITTED) and re-checks
//!   `claimed < capacity` against the new count, so it matches no row and the claim is refused.
//! * SQLite: write transactions begin `IMMEDIATE` and so run one at a time; the second sees the
//!   first's committed count.
//!
//! On both, the check constraint `ck_quota_pools_claimed` (0 ≤ claimed ≤ capacity) would refuse
//! an over-full pool even if the code were wrong, and the primary key on (pool, application)
//! refuses a second claim by the same application.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, ModelTrait, QueryFilter,
    QueryOrder,
};

use crate::applications::ApplicationId;
use crate::entity::{fetch, quota_claims, quota_pools as table};
use crate::error::{Result, StoreError};
use crate::kind::EntityKind;
use crate::programs::ProgramVersionId;
use crate::store::{Reader, Tx, now};

crate::id_type!(
    /// The id of a quota pool.
    QuotaPoolId
);

/// A number of places for one program version and scope (the whole city, a district, a
/// category: the workflow names scopes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaPool {
    pub id: QuotaPoolId,
    pub program_version: ProgramVersionId,
    pub scope: String,
    pub capacity: i64,
    pub claimed: i64,
    pub created_at: DateTime<Utc>,
}

impl QuotaPool {
    pub fn remaining(&self) -> i64 {
        self.capacity - self.claimed
    }
}

impl From<table::Model> for QuotaPool {
    fn from(m: table::Model) -> Self {
        Self {
            id: QuotaPoolId(m.id),
            program_version: ProgramVersionId(m.program_version_id),
            scope: m.scope,
            capacity: m.capacity,
            claimed: m.claimed,
            created_at: m.created_at,
        }
    }
}

/// An application holding a place in a pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaClaim {
    pub pool: QuotaPoolId,
    pub application: ApplicationId,
    pub claimed_at: DateTime<Utc>,
}

impl From<quota_claims::Model> for QuotaClaim {
    fn from(m: quota_claims::Model) -> Self {
        Self {
            pool: QuotaPoolId(m.pool_id),
            application: ApplicationId(m.application_id),
            claimed_at: m.claimed_at,
        }
    }
}

/// Creates a pool of `capacity` places; one pool per program version and scope.
pub async fn create_pool(
    tx: &Tx,
    program_version: ProgramVersionId,
    scope: &str,
    capacity: u32,
) -> Result<QuotaPool> {
    let model = table::ActiveModel {
        program_version_id: Set(program_version.0),
        scope: Set(scope.to_owned()),
        capacity: Set(i64::from(capacity)),
        claimed: Set(0),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(tx.conn())
    .await
    .map_err(|e| StoreError::from_insert(e, EntityKind::QuotaPool, scope))?;
    tx.record("quota_pool.create", None, Some(&model));
    Ok(model.into())
}

pub async fn get_pool(reader: &impl Reader, id: QuotaPoolId) -> Result<QuotaPool> {
    Ok(fetch::<table::Entity, _>(reader.conn(), id.0).await?.into())
}

pub async fn find_pool(
    reader: &impl Reader,
    program_version: ProgramVersionId,
    scope: &str,
) -> Result<Option<QuotaPool>> {
    Ok(table::Entity::find()
        .filter(table::Column::ProgramVersionId.eq(program_version.0))
        .filter(table::Column::Scope.eq(scope))
        .one(reader.conn())
        .await?
        .map(QuotaPool::from))
}

/// Takes a place in `pool` for `application`: [`StoreError::QuotaFull`] when none is left,
/// [`StoreError::Duplicate`] when the application already holds one. See the module
/// documentation for why concurrent claims are safe.
pub async fn claim(tx: &Tx, pool: QuotaPoolId, application: ApplicationId) -> Result<QuotaClaim> {
    let key = (pool.0, application.0);
    if quota_claims::Entity::find_by_id(key)
        .one(tx.conn())
        .await?
        .is_some()
    {
        return Err(StoreError::Duplicate {
            entity: EntityKind::QuotaClaim,
            key: format!("{pool}/{application}"),
        });
    }
    let taken = table::Entity::update_many()
        .col_expr(
            table::Column::Claimed,
            Expr::col(table::Column::Claimed).add(1),
        )
        .filter(table::Column::Id.eq(pool.0))
        .filter(Expr::col(table::Column::Claimed).lt(Expr::col(table::Column::Capacity)))
        .exec(tx.conn())
        .await?;
    let after = fetch::<table::Entity, _>(tx.conn(), pool.0).await?;
    if taken.rows_affected != 1 {
        return Err(StoreError::QuotaFull { scope: after.scope });
    }
    // This transaction holds the pool's row since its UPDATE, so the row before it differed
    // only in the count.
    let before = table::Model {
        claimed: after.claimed - 1,
        ..after.clone()
    };
    let claim = quota_claims::ActiveModel {
        pool_id: Set(pool.0),
        application_id: Set(application.0),
        claimed_at: Set(now()),
    }
    .insert(tx.conn())
    .await?;
    tx.record("quota.claim", Some(&before), Some(&after));
    tx.record("quota_claim.create", None, Some(&claim));
    Ok(claim.into())
}

/// Gives back `application`'s place in `pool` (a withdrawal, or a decision reversed).
pub async fn release(tx: &Tx, pool: QuotaPoolId, application: ApplicationId) -> Result<()> {
    let claim = quota_claims::Entity::find_by_id((pool.0, application.0))
        .one(tx.conn())
        .await?
        .ok_or_else(|| StoreError::NotFound {
            entity: EntityKind::QuotaClaim,
            id: format!("{pool}/{application}"),
        })?;
    table::Entity::update_many()
        .col_expr(
            table::Column::Claimed,
            Expr::col(table::Column::Claimed).sub(1),
        )
        .filter(table::Column::Id.eq(pool.0))
        .exec(tx.conn())
        .await?;
    let after = fetch::<table::Entity, _>(tx.conn(), pool.0).await?;
    let before = table::Model {
        claimed: after.claimed + 1,
        ..after.clone()
    };
    claim.clone().delete(tx.conn()).await?;
    tx.record("quota.release", Some(&before), Some(&after));
    tx.record("quota_claim.delete", Some(&claim), None);
    Ok(())
}

/// The applications holding places in `pool`, in the order they claimed them.
pub async fn claims(reader: &impl Reader, pool: QuotaPoolId) -> Result<Vec<QuotaClaim>> {
    Ok(quota_claims::Entity::find()
        .filter(quota_claims::Column::PoolId.eq(pool.0))
        .order_by_asc(quota_claims::Column::ClaimedAt)
        .order_by_asc(quota_claims::Column::ApplicationId)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(QuotaClaim::from)
        .collect())
}
