//! Log-in attempts, for locking an account after repeated failures. Only attempts on existing
//! accounts are kept (a guessed login has nothing to lock), and no login text is stored: the
//! account's id says whose attempt it was.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::accounts::AccountId;
use crate::error::Result;
use crate::store::{Reader, Tx, now};

mod table {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "login_attempts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub account_id: i64,
        pub at: DateTimeUtc,
        pub succeeded: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One attempt to sign in to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempt {
    pub at: DateTime<Utc>,
    pub succeeded: bool,
}

/// Records an attempt on `account`, made now.
pub async fn record(tx: &Tx, account: AccountId, succeeded: bool) -> Result<Attempt> {
    let model = table::ActiveModel {
        account_id: Set(account.0),
        at: Set(now()),
        succeeded: Set(succeeded),
        ..Default::default()
    }
    .insert(tx.conn())
    .await?;
    Ok(Attempt {
        at: model.at,
        succeeded: model.succeeded,
    })
}

/// The account's latest `limit` attempts, newest first.
pub async fn latest(reader: &impl Reader, account: AccountId, limit: u64) -> Result<Vec<Attempt>> {
    Ok(table::Entity::find()
        .filter(table::Column::AccountId.eq(account.0))
        .order_by_desc(table::Column::At)
        .order_by_desc(table::Column::Id)
        .limit(limit)
        .all(reader.conn())
        .await?
        .into_iter()
        .map(|m| Attempt {
            at: m.at,
            succeeded: m.succeeded,
        })
        .collect())
}

/// Forgets the account's attempts, which lifts a lock-out: an administrator unlocks an account
/// this way (the web layer records the unlocking in the audit log).
pub async fn forget(tx: &Tx, account: AccountId) -> Result<u64> {
    Ok(table::Entity::delete_many()
        .filter(table::Column::AccountId.eq(account.0))
        .exec(tx.conn())
        .await?
        .rows_affected)
}
